"""Deadlines computed from a dateless phrase ("ngay", "khẩn trương"): flagged until staff confirm them."""

import datetime

import pytest

from directives import services
from directives.models import Assignment
from tests.directives.directive_helpers import client_for, messages_of, url

pytestmark = pytest.mark.django_db
FLAG = "cần xác nhận"


@pytest.fixture
def urgent(register, give, unit_a, unit_b):
    """A task "khẩn trương" of a directive issued on 05/01/2026: due 12/01/2026, flagged."""
    directive = register("31/KH-UBND", issued_on=datetime.date(2026, 1, 5), summary="Kế hoạch")
    task = give(directive, unit_a, coordinating=[unit_b], deadline="khẩn trương")
    return task.assignments.get(unit=unit_a)


def flagged(assignment) -> bool:
    return Assignment.objects.values_list("deadline_flagged", flat=True).get(pk=assignment.pk)


def test_a_dateless_phrase_gets_the_issue_date_plus_seven_days_flagged(urgent):
    assert urgent.effective_deadline == datetime.date(2026, 1, 12)
    assert urgent.deadline_flagged and urgent.deadline_text == "khẩn trương"


def test_staff_find_the_flagged_items_from_the_navigation_with_a_count(inspector, urgent):
    client = client_for(inspector)
    home = client.get(url("inbox")).content.decode()
    assert url("flagged-deadlines") in home
    assert 'id="flagged-count">2<' in home  # the lead and the coordinating unit
    page = client.get(url("flagged-deadlines")).content.decode()
    assert f'id="flagged-{urgent.pk}"' in page and "«khẩn trương»" in page


def test_the_flagged_list_is_hidden_from_units(head_a, urgent):
    client = client_for(head_a)
    assert client.get(url("flagged-deadlines")).status_code == 404
    assert client.post(url("assignment-confirm-deadline", urgent.pk)).status_code == 404
    assert url("flagged-deadlines") not in client.get(url("inbox")).content.decode()
    assert flagged(urgent)


def test_confirming_keeps_the_date_and_drops_the_flag(inspector, urgent):
    response = client_for(inspector).post(
        url("assignment-confirm-deadline", urgent.pk), {"deadline_text": ""}, follow=True
    )
    assert "Đã xác nhận thời hạn" in " ".join(messages_of(response))
    urgent.refresh_from_db()
    assert (urgent.deadline_flagged, urgent.effective_deadline) == (
        False,
        datetime.date(2026, 1, 12),
    )
    assert f'id="flagged-{urgent.pk}"' not in response.content.decode()


def test_adjusting_sets_the_date_typed_and_drops_the_flag(inspector, urgent):
    client_for(inspector).post(
        url("assignment-confirm-deadline", urgent.pk), {"deadline_text": "trước ngày 31/01/2026"}
    )
    urgent.refresh_from_db()
    assert not urgent.deadline_flagged
    assert urgent.effective_deadline == datetime.date(2026, 1, 30)
    assert urgent.original_deadline == datetime.date(2026, 1, 12)


@pytest.mark.parametrize("typed", ["ngay", "ngày 45/13/2026"])
def test_adjusting_to_another_dateless_or_a_bad_phrase_is_refused(inspector, urgent, typed):
    response = client_for(inspector).post(
        url("assignment-confirm-deadline", urgent.pk), {"deadline_text": typed}, follow=True
    )
    assert messages_of(response)
    assert "Đã xác nhận" not in " ".join(messages_of(response))
    assert flagged(urgent)


def test_the_badge_shows_in_the_inbox_the_lists_and_the_matrix_until_confirmed(
    inspector, head_a, urgent
):
    inbox = client_for(head_a).get(url("inbox")).content.decode()
    assert FLAG in inbox
    staff = client_for(inspector)
    assert FLAG in staff.get(url("assignment-list")).content.decode()
    directive = urgent.task.directive
    assert FLAG in staff.get(url("directive-detail", directive.pk)).content.decode()
    for part in urgent.task.assignments.all():
        services.assignment_confirm_deadline(actor=inspector, assignment=part)
    assert FLAG not in client_for(head_a).get(url("inbox")).content.decode()
    assert FLAG not in staff.get(url("directive-detail", directive.pk)).content.decode()


def test_a_completed_item_drops_the_flag(inspector, head_a, urgent):
    report = services.report_submit(
        actor=head_a, assignment=urgent, body="Đã xong", claims_completion=True
    )
    services.report_review(actor=inspector, report=report, decision="accept")
    assert not flagged(urgent)
    page = client_for(inspector).get(url("flagged-deadlines")).content.decode()
    assert f'id="flagged-{urgent.pk}"' not in page


def test_a_cancelled_item_drops_the_flag(inspector, urgent, unit_b):
    part = urgent.task.assignments.get(unit=unit_b)
    services.assignment_cancel(actor=inspector, assignment=part, reason="Giao nhầm")
    assert not flagged(part)
    assert Assignment.objects.flagged().get() == urgent


def test_confirming_a_closed_item_is_refused(inspector, urgent, unit_b):
    part = urgent.task.assignments.get(unit=unit_b)
    services.assignment_cancel(actor=inspector, assignment=part, reason="Giao nhầm")
    response = client_for(inspector).post(
        url("assignment-confirm-deadline", part.pk), {"deadline_text": "31/01/2026"}, follow=True
    )
    assert "đã kết thúc" in " ".join(messages_of(response))
    part.refresh_from_db()
    assert part.effective_deadline == datetime.date(2026, 1, 12)
