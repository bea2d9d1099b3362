"""Units, dated memberships and who is accountable on a day."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from units.models import Membership, Unit
from units.selectors import accountable_person, copied_people, user_scope_unit_ids

pytestmark = pytest.mark.django_db


def test_two_heads_of_one_unit_on_overlapping_days_are_refused(unit_a, make_user):
    first = make_user("head1")
    second = make_user("head2")
    Membership.objects.create(
        user=first, unit=unit_a, role="head", valid_from=datetime.date(2025, 1, 1)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=second, unit=unit_a, role="head", valid_from=datetime.date(2026, 1, 1)
        )


def test_a_new_head_may_start_the_day_after_the_old_one_left(unit_a, make_user):
    Membership.objects.create(
        user=make_user("old"),
        unit=unit_a,
        role="head",
        valid_from=datetime.date(2020, 1, 1),
        valid_to=datetime.date(2025, 6, 30),
    )
    Membership.objects.create(
        user=make_user("new"), unit=unit_a, role="head", valid_from=datetime.date(2025, 7, 1)
    )
    assert accountable_person(unit_a, datetime.date(2025, 6, 30)).username == "old"
    assert accountable_person(unit_a, datetime.date(2025, 7, 1)).username == "new"


def test_acting_head_is_accountable_while_the_appointment_covers_the_day(unit_a, make_user):
    Membership.objects.create(
        user=make_user("giamdoc"), unit=unit_a, role="head", valid_from=datetime.date(2025, 1, 1)
    )
    Membership.objects.create(
        user=make_user("quyen"),
        unit=unit_a,
        role="acting_head",
        valid_from=datetime.date(2026, 3, 1),
        valid_to=datetime.date(2026, 3, 31),
    )
    assert accountable_person(unit_a, datetime.date(2026, 2, 28)).username == "giamdoc"
    assert accountable_person(unit_a, datetime.date(2026, 3, 15)).username == "quyen"
    assert accountable_person(unit_a, datetime.date(2026, 4, 1)).username == "giamdoc"


def test_two_acting_heads_at_once_are_refused(unit_a, make_user):
    Membership.objects.create(
        user=make_user("q1"), unit=unit_a, role="acting_head", valid_from=datetime.date(2026, 3, 1)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=make_user("q2"),
            unit=unit_a,
            role="acting_head",
            valid_from=datetime.date(2026, 5, 1),
        )


def test_deputies_and_focal_points_are_copied(unit_a, head_a, focal_a, make_user):
    deputy = make_user("phogiamdoc", unit=unit_a, role="deputy")
    make_user("chuyenvien", unit=unit_a, role="staff")
    names = [u.username for u in copied_people(unit_a, datetime.date.today())]
    assert sorted(names) == sorted([deputy.username, focal_a.username])


def test_head_of_parent_unit_sees_the_subtree(make_unit, make_user):
    parent = make_unit("Sở Y tế", code="SYT")
    child = make_unit("Bệnh viện Xanh Pôn", kind="public_service", parent=parent, code="BV")
    grandchild = make_unit("Khoa Khám bệnh", kind="other", parent=child, code="KKB")
    head = make_user("gd.syt", unit=parent, role="head")
    staff = make_user("cv.syt", unit=parent, role="staff")
    assert user_scope_unit_ids(head) == {parent.pk, child.pk, grandchild.pk}
    assert user_scope_unit_ids(staff) == {parent.pk}


def test_dissolved_unit_keeps_its_successor_and_is_never_deleted(make_unit):
    ward = make_unit(
        "UBND phường Hoàn Kiếm", kind="ward", code="P-HK", valid_from=datetime.date(2025, 7, 1)
    )
    district = make_unit(
        "UBND quận Hoàn Kiếm",
        kind="district",
        code="Q-HK",
        valid_to=datetime.date(2025, 6, 30),
        successor=ward,
    )
    assert district.is_dissolved
    assert not district.is_active_on(datetime.date(2025, 7, 1))
    assert list(
        Unit.objects.active_on(datetime.date(2025, 7, 1)).filter(code__in=["P-HK", "Q-HK"])
    ) == [ward]


def test_units_sort_in_vietnamese_alphabetical_order(make_unit):
    for name in ["Đống Đa", "Dương Nội", "Ba Đình", "Ân Thi", "An Khánh"]:
        make_unit(name)
    assert [u.name for u in Unit.objects.filter(kind="department")] == [
        "An Khánh",
        "Ân Thi",
        "Ba Đình",
        "Dương Nội",
        "Đống Đa",
    ]


def test_unit_search_ignores_diacritics(make_unit):
    make_unit("Sở Nông nghiệp và Môi trường", code="SNNMT")
    assert Unit.objects.search("nong nghiep").count() == 1
    assert Unit.objects.search("NÔNG NGHIỆP").count() == 1
