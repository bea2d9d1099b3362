"""A unit's inbox: its own open work, most urgent first, and what it says when there is none."""

import datetime

import pytest
from django.urls import reverse

from directives import services
from tests.directives.assignment_helpers import assign, client_for, position

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# --------------------------------------------------------------------------- inbox


def test_inbox_puts_overdue_before_due_soon_before_in_progress(
    on_21_november_2026, inspector, unit_a, head_a
):
    assign(inspector, unit_a, deadline="31/12/2026", title="Việc còn hạn dài")
    assign(inspector, unit_a, deadline="30/06/2026", title="Việc đã quá hạn")
    assign(inspector, unit_a, deadline="25/11/2026", title="Việc sắp đến hạn")

    html = client_for(head_a).get(reverse("directives:inbox")).content.decode()

    assert (
        position(html, "Việc đã quá hạn")
        < position(html, "Việc sắp đến hạn")
        < position(html, "Việc còn hạn dài")
    )


def test_inbox_row_shows_symbol_role_deadline_badge_days_late_and_progress(
    on_21_november_2026, inspector, unit_a, focal_a
):
    assignment = assign(
        inspector, unit_a, deadline="30/06/2026", title="Rà soát quy chế chi tiêu nội bộ"
    )
    services.report_submit(
        actor=focal_a, assignment=assignment, body="Đã rà soát 4/10 quy chế", percent=40
    )

    html = client_for(focal_a).get(reverse("directives:inbox")).content.decode()

    assert assignment.task.directive.symbol in html
    assert "Chủ trì" in html
    assert "30/06/2026" in html
    assert 'class="badge t-overdue"' in html
    assert "quá hạn 144 ngày" in html
    assert 'value="40"' in html and "40%" in html
    assert "Đang thực hiện" in html


def test_inbox_counts_days_left_for_work_within_deadline(
    on_21_november_2026, inspector, unit_a, head_a
):
    assign(inspector, unit_a, deadline="25/11/2026")

    html = client_for(head_a).get(reverse("directives:inbox")).content.decode()

    assert "còn 4 ngày" in html
    assert "t-due_soon" in html


def test_inbox_strikes_through_the_original_deadline_after_an_extension(
    on_21_november_2026, inspector, unit_a, focal_a
):
    assignment = assign(inspector, unit_a, deadline="31/12/2026")
    request = services.extension_request(
        actor=focal_a,
        assignment=assignment,
        requested_deadline=datetime.date(2027, 2, 28),
        reason="Chờ kết quả kiểm toán",
    )
    services.extension_decide(actor=inspector, request=request, approve=True)

    html = client_for(focal_a).get(reverse("directives:inbox")).content.decode()

    assert "28/02/2027" in html
    assert ">31/12/2026</del>" in html


def test_inbox_hides_closed_assignments_until_asked(on_21_november_2026, inspector, unit_a, head_a):
    assign(inspector, unit_a, title="Việc vẫn đang làm")
    cancelled = assign(inspector, unit_a, title="Việc đã hủy giao")
    services.assignment_cancel(actor=inspector, assignment=cancelled, reason="Giao nhầm đơn vị")
    client = client_for(head_a)

    default = client.get(reverse("directives:inbox")).content.decode()
    with_closed = client.get(reverse("directives:inbox") + "?closed=1").content.decode()

    assert "Việc vẫn đang làm" in default and "Việc đã hủy giao" not in default
    assert "Việc đã hủy giao" in with_closed


def test_inbox_of_a_unit_without_open_work_says_so(head_a):
    html = client_for(head_a).get(reverse("directives:inbox")).content.decode()

    assert "Đơn vị không có nhiệm vụ nào đang mở." in html


def test_inbox_of_the_inspectorate_explains_and_links_to_the_assignment_list(inspector, leader):
    for user in (inspector, leader):
        html = client_for(user).get(reverse("directives:inbox")).content.decode()

        assert "Tài khoản của bạn thuộc Thanh tra hoặc lãnh đạo" in html
        assert reverse("directives:assignment-list") in html


def test_inbox_of_a_user_in_no_unit_explains_why_it_is_empty(outsider):
    html = client_for(outsider).get(reverse("directives:inbox")).content.decode()

    assert "chưa thuộc đơn vị nào" in html


def test_head_of_a_parent_unit_sees_the_subtree_in_the_inbox(
    inspector, make_user, city, unit_a, unit_b
):
    chairman = make_user("chutich", unit=city, role="head")
    assign(inspector, unit_a, title="Việc của Sở Nội vụ")
    assign(inspector, unit_b, title="Việc của Sở Tài chính")

    html = client_for(chairman).get(reverse("directives:inbox")).content.decode()

    assert "Việc của Sở Nội vụ" in html and "Việc của Sở Tài chính" in html


def test_inbox_does_not_show_another_units_work(inspector, unit_a, head_b):
    assign(inspector, unit_a, title="Việc riêng của Sở Nội vụ")

    html = client_for(head_b).get(reverse("directives:inbox")).content.decode()

    assert "Việc riêng của Sở Nội vụ" not in html
