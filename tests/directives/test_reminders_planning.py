"""Who gets which reminder on a day: points before and after the deadline, pauses, escalation, recipients."""

import datetime

import pytest
import time_machine

from directives import services
from directives.models import Assignment, ReminderPolicy, ReminderReason
from directives.reminders.planning import hits, reminder_points, reminders_due_on
from tests.directives.reminder_helpers import assign, make_directive, morning
from units import roles
from units.models import Membership
from units.selectors import (
    accountable_people,
    accountable_person,
    copied_people,
    copied_people_by_unit,
)

DAY = datetime.date(2026, 3, 2)
Reason = ReminderReason


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.fixture(autouse=True)
def on_the_day():
    with time_machine.travel(morning(DAY), tick=False):
        yield


def due_today(**kwargs):
    """Return {recipient username: {assignment id: item}} for DAY, looking at DAY only."""
    plan = reminders_due_on(DAY, since=kwargs.pop("since", DAY), **kwargs)
    return {d.recipient.username: {i.assignment_id: i for i in d.items} for d in plan.digests}


# --------------------------------------------------------------------------- arithmetic


@pytest.mark.parametrize(
    "low,high,first,every,expected",
    [
        (14, 14, 14, 7, True),
        (15, 20, 14, 7, False),
        (15, 21, 14, 7, True),
        (1, 6, 7, 7, False),
        (1, 7, 7, 7, True),
        (30, 30, 30, 7, True),
        (31, 34, 30, 7, False),
        (31, 35, 30, 7, True),
        (-3, 0, 7, 7, False),
    ],
)
def test_hits_finds_the_first_point_and_every_later_multiple(low, high, first, every, expected):
    assert hits(low, high, first=first, every=every) is expected


@pytest.mark.parametrize(
    "offset,triggered,reason",
    [
        (7, True, Reason.BEFORE),
        (5, False, Reason.LISTED),
        (3, True, Reason.BEFORE),
        (1, True, Reason.BEFORE),
        (0, True, Reason.DUE),
        (-1, False, Reason.LISTED),
        (-7, True, Reason.OVERDUE),
        (-14, True, Reason.OVERDUE),
        (-16, False, Reason.LISTED),
    ],
)
def test_reminder_points_are_seven_three_one_days_before_the_due_day_and_every_seven_days_late(
    offset, triggered, reason
):
    points = reminder_points(DAY + days(offset), window_start=DAY, day=DAY, policy=ReminderPolicy())
    assert points.triggered is triggered
    assert points.reason == reason
    assert points.days_late == -offset


def test_a_point_missed_during_downtime_is_honoured_by_the_next_digest():
    # The 3-day point fell on DAY - 1 while nothing ran; DAY is two days before the deadline.
    points = reminder_points(
        DAY + days(2), window_start=DAY - days(1), day=DAY, policy=ReminderPolicy()
    )
    assert points.triggered and points.before and points.days_late == -2


# --------------------------------------------------------------------------- digests


def test_head_gets_one_digest_listing_every_item_with_the_triggering_ones_first(
    inspector, unit_a, head_a
):
    listed = assign(inspector, unit_a, DAY + days(5))
    late = assign(inspector, unit_a, DAY - days(2))
    soon = assign(inspector, unit_a, DAY + days(3))
    plan = reminders_due_on(DAY, since=DAY)
    assert [d.recipient for d in plan.digests] == [head_a]
    items = plan.digests[0].items
    assert [i.assignment_id for i in items] == [soon.pk, late.pk, listed.pk]
    assert [i.triggered for i in items] == [True, False, False]


def test_nobody_gets_an_empty_digest_or_one_without_a_reminder_point(inspector, unit_a, head_a):
    assign(inspector, unit_a, DAY + days(5))
    assign(inspector, unit_a, DAY - days(2))
    assign(inspector, unit_a, DAY + days(30))
    assert reminders_due_on(DAY, since=DAY).digests == []


def test_items_due_beyond_the_largest_offset_or_without_deadline_are_not_listed(
    inspector, unit_a, head_a
):
    assign(inspector, unit_a, DAY + days(8))
    assign(inspector, unit_a, None)
    trigger = assign(inspector, unit_a, DAY + days(1))
    assert list(due_today()["gd.a"]) == [trigger.pk]


def test_a_report_awaiting_review_pauses_reminders_and_a_returned_report_resumes_them(
    inspector, unit_a, head_a
):
    assignment = assign(inspector, unit_a, DAY - days(7))
    report = services.report_submit(
        actor=head_a, assignment=assignment, body="Đã hoàn thành", claims_completion=True
    )
    assert due_today() == {}
    services.report_review(
        actor=inspector, report=report, decision="return", reason="Thiếu biên bản"
    )
    assert list(due_today()["gd.a"]) == [assignment.pk]


def test_completed_and_cancelled_items_are_never_reminded(inspector, unit_a, head_a):
    done = assign(inspector, unit_a, DAY + days(3))
    report = services.report_submit(
        actor=head_a, assignment=done, body="Xong", claims_completion=True
    )
    services.report_review(actor=inspector, report=report, decision="accept")
    cancelled = assign(inspector, unit_a, DAY + days(1))
    services.assignment_cancel(actor=inspector, assignment=cancelled, reason="Không còn phù hợp")
    assert due_today() == {}


def test_an_approved_extension_moves_the_reminder_points(inspector, unit_a, head_a):
    assignment = assign(inspector, unit_a, DAY + days(1))
    assert list(due_today()["gd.a"]) == [assignment.pk]
    request = services.extension_request(
        actor=head_a, assignment=assignment, requested_deadline=DAY + days(5), reason="Chờ số liệu"
    )
    services.extension_decide(actor=inspector, request=request, approve=True)
    assert due_today() == {}
    assert reminders_due_on(DAY + days(4), since=DAY + days(4)).digests[0].items[0].days_late == -1


# --------------------------------------------------------------------------- recipients


def test_the_acting_head_receives_the_digest_while_the_appointment_covers_the_day(
    inspector, unit_a, head_a, make_user
):
    acting = make_user("quyen.a", unit=unit_a, role="acting_head", valid_from=DAY - days(3))
    Membership.objects.filter(user=acting).update(valid_to=DAY + days(3))
    assign(inspector, unit_a, DAY + days(3))
    assert list(due_today()) == ["quyen.a"]
    after = reminders_due_on(DAY + days(4), since=DAY + days(2))
    assert [d.recipient.username for d in after.digests] == ["gd.a"]


def test_deputies_and_the_focal_point_are_copied(inspector, unit_a, head_a, focal_a, make_user):
    make_user("pho.a", unit=unit_a, role="deputy")
    make_user("canbo.a", unit=unit_a, role="staff")
    assign(inspector, unit_a, DAY + days(3))
    digest = reminders_due_on(DAY, since=DAY).digests[0]
    assert digest.recipient == head_a
    assert sorted(u.username for u in digest.cc) == ["daumoi.a", "pho.a"]


def test_fourteen_days_late_goes_to_the_parent_units_head_marked_escalated(
    inspector, city, unit_a, head_a, make_user
):
    make_user("ct.tp", unit=city, role="head")
    late = assign(inspector, unit_a, DAY - days(14))
    due = due_today()
    assert due["gd.a"][late.pk].reason == Reason.OVERDUE
    assert due["ct.tp"][late.pk].reason == Reason.ESCALATED
    assert due["ct.tp"][late.pk].escalation_level == 1


def test_thirty_days_late_also_goes_to_the_tracking_officer_and_the_inspectorate_head(
    inspector, city, inspectorate_unit, unit_a, head_a, make_user
):
    make_user("ct.tp", unit=city, role="head")
    chief = make_user(
        "chanhthanhtra", unit=inspectorate_unit, role="head", groups=[roles.INSPECTORATE]
    )
    officer = make_user("theodoi", unit=inspectorate_unit, groups=[roles.INSPECTORATE])
    directive = make_directive(inspector, tracking_officer=officer)
    late = assign(inspector, unit_a, DAY - days(30), directive=directive)
    due = due_today()
    assert set(due) == {"gd.a", "ct.tp", "theodoi", "chanhthanhtra"}
    for name in ("ct.tp", "theodoi", "chanhthanhtra"):
        assert due[name][late.pk].escalation_level == 2
    assert chief.pk and officer.pk


def test_escalated_items_join_the_persons_own_digest_of_the_day(
    inspector, city, unit_a, head_a, make_user
):
    chairman = make_user("ct.tp", unit=city, role="head")
    own = assign(inspector, city, DAY + days(7))
    escalated = assign(inspector, unit_a, DAY - days(21))
    plan = reminders_due_on(DAY, since=DAY)
    digests = [d for d in plan.digests if d.recipient == chairman]
    assert len(digests) == 1
    assert {i.assignment_id: i.reason for i in digests[0].items} == {
        own.pk: Reason.BEFORE,
        escalated.pk: Reason.ESCALATED,
    }


def test_admin_edited_points_and_thresholds_replace_the_defaults(
    inspector, city, unit_a, head_a, make_user
):
    make_user("ct.tp", unit=city, role="head")
    ReminderPolicy.objects.create(
        days_before=[10, 2],
        overdue_every_days=3,
        escalate_to_parent_after_days=6,
        escalate_to_inspectorate_after_days=60,
    )
    ten = assign(inspector, unit_a, DAY + days(10))
    seven = assign(inspector, unit_a, DAY + days(7))
    six_late = assign(inspector, unit_a, DAY - days(6))
    due = due_today()
    assert set(due["gd.a"]) == {ten.pk, seven.pk, six_late.pk}
    assert not due["gd.a"][seven.pk].triggered
    assert due["ct.tp"][six_late.pk].reason == Reason.ESCALATED


def test_items_of_a_unit_with_nobody_accountable_are_reported_unaddressed(inspector, unit_b):
    late = assign(inspector, unit_b, DAY - days(7))
    plan = reminders_due_on(DAY, since=DAY)
    assert plan.digests == []
    assert [i.assignment_id for i in plan.unaddressed] == [late.pk]


def test_coordinating_units_are_reminded_of_their_own_part(
    inspector, unit_a, unit_b, head_a, head_b
):
    lead = assign(inspector, unit_a, DAY + days(3), coordinating=[unit_b])
    part = Assignment.objects.get(task=lead.task, unit=unit_b)
    due = due_today()
    assert list(due["gd.a"]) == [lead.pk]
    assert list(due["gd.b"]) == [part.pk]


def test_bulk_lookups_follow_the_same_rule_as_accountable_person(
    unit_a, unit_b, head_a, focal_a, make_user
):
    acting = make_user("quyen.b", unit=unit_b, role="acting_head", valid_from=DAY - days(1))
    make_user("cu.b", unit=unit_b, role="head")
    units = [unit_a, unit_b]
    assert accountable_people([u.pk for u in units], DAY) == {
        u.pk: accountable_person(u, DAY) for u in units
    }
    assert accountable_people([unit_b.pk], DAY)[unit_b.pk] == acting
    assert copied_people_by_unit([unit_a.pk], DAY) == {unit_a.pk: copied_people(unit_a, DAY)}
