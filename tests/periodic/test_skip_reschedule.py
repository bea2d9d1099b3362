"""Skipping or moving one period, with a reason: audited, on the timeline, out of the counts."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from directives.dashboard import summarize
from directives.timeline import build_timeline
from periodic import services
from periodic.models import Occurrence
from tests.directives.dashboard_data import dashboard_filter
from tests.periodic.helpers import at, client_for, quarterly

D = datetime.date


@pytest.fixture
def clock():
    with time_machine.travel(at(D(2026, 12, 1)), tick=False) as traveller:
        yield traveller


@pytest.fixture
def recurrence(inspector, unit_a, unit_b, clock):
    return quarterly(inspector, unit_a, coordinating=[unit_b])


def current(recurrence):
    return recurrence.occurrences.get(period_end=D(2026, 12, 14))


def test_skipping_an_open_period_cancels_its_parts_with_the_reason_and_tells_the_timeline(
    inspector, leader, recurrence, rf
):
    occurrence = current(recurrence)
    services.occurrence_skip(actor=inspector, occurrence=occurrence, reason="Gộp vào báo cáo năm")
    occurrence.refresh_from_db()
    assert (occurrence.status, occurrence.reason, occurrence.changed_by) == (
        "skipped",
        "Gộp vào báo cáo năm",
        inspector,
    )
    parts = occurrence.task.assignments.all()
    assert {a.state for a in parts} == {"cancelled"}
    assert {a.cancel_reason for a in parts} == {
        "Bỏ qua kỳ Quý IV/2026 (kỳ báo cáo PCTN 15/09/2026 – 14/12/2026): Gộp vào báo cáo năm"
    }
    assert summarize(dashboard_filter(leader, rf, "role=all")).totals.total == 0
    texts = [entry.text for entry in build_timeline(parts[0])]
    assert any(
        t.startswith("Kỳ Quý IV/2026") and "được bỏ qua. Lý do: Gộp vào báo cáo năm" in t
        for t in texts
    )
    assert occurrence.events.filter(status="skipped").count() == 1


def test_a_skipped_planned_period_is_never_opened(inspector, recurrence, clock):
    q1 = recurrence.occurrences.get(period_start=D(2026, 12, 15))
    services.occurrence_skip(actor=inspector, occurrence=q1, reason="Đơn vị sáp nhập")
    clock.move_to(at(D(2027, 1, 4)))
    services.horizons_extend()
    q1.refresh_from_db()
    assert q1.status == "skipped" and q1.task_id is None


def test_a_skip_without_a_reason_is_refused_and_nothing_changes(inspector, recurrence):
    occurrence = current(recurrence)
    with pytest.raises(ValidationError) as error:
        services.occurrence_skip(actor=inspector, occurrence=occurrence, reason="  ")
    assert error.value.message_dict == {"reason": ["Ghi lý do bỏ qua kỳ này."]}
    occurrence.refresh_from_db()
    assert occurrence.status == "open"
    assert {a.state for a in occurrence.task.assignments.all()} == {"assigned"}


def test_the_skip_form_without_a_reason_says_so_in_vietnamese(inspector, recurrence):
    occurrence = current(recurrence)
    response = client_for(inspector).post(
        f"/ky/{occurrence.pk}/bo-qua/", {"reason": ""}, follow=True
    )
    assert "Ghi lý do bỏ qua kỳ này." in response.content.decode()
    occurrence.refresh_from_db()
    assert occurrence.status == "open"


def test_moving_an_open_period_moves_its_parts_and_keeps_the_planned_date(inspector, recurrence):
    occurrence = current(recurrence)
    response = client_for(inspector).post(
        f"/ky/{occurrence.pk}/doi-han/",
        {"due_on": "08/01/2027", "reason": "Chờ số liệu quyết toán"},
        follow=True,
    )
    assert "Đã dời hạn báo cáo kỳ" in response.content.decode()
    occurrence.refresh_from_db()
    assert (occurrence.due_on, occurrence.planned_due_on) == (D(2027, 1, 8), D(2026, 12, 21))
    part = occurrence.task.assignments.get(role="lead")
    assert (part.original_deadline, part.effective_deadline) == (D(2026, 12, 21), D(2027, 1, 8))
    texts = [entry.text for entry in build_timeline(part)]
    assert any(
        "dời từ 21/12/2026 sang 08/01/2027. Lý do: Chờ số liệu quyết toán" in t for t in texts
    )
    page = client_for(inspector).get(recurrence.get_absolute_url()).content.decode()
    assert "đã dời" in page and "Chờ số liệu quyết toán" in page


def test_a_moved_planned_period_opens_with_its_new_deadline(inspector, recurrence, clock):
    q1 = recurrence.occurrences.get(period_start=D(2026, 12, 15))
    services.occurrence_reschedule(
        actor=inspector, occurrence=q1, due_on=D(2027, 3, 31), reason="Tết"
    )
    clock.move_to(at(D(2026, 12, 15)))
    services.horizons_extend()
    q1.refresh_from_db()
    assert {a.effective_deadline for a in q1.task.assignments.all()} == {D(2027, 3, 31)}


def test_a_move_without_a_reason_or_before_the_period_is_refused(inspector, recurrence):
    occurrence = current(recurrence)
    with pytest.raises(ValidationError) as error:
        services.occurrence_reschedule(
            actor=inspector, occurrence=occurrence, due_on=D(2027, 1, 8), reason=""
        )
    assert error.value.message_dict == {"reason": ["Ghi lý do dời hạn kỳ này."]}
    with pytest.raises(ValidationError) as error:
        services.occurrence_reschedule(
            actor=inspector, occurrence=occurrence, due_on=D(2026, 9, 1), reason="x"
        )
    assert error.value.message_dict == {
        "due_on": ["Hạn mới 01/09/2026 trước ngày đầu kỳ (15/09/2026)."]
    }
    assert Occurrence.objects.get(pk=occurrence.pk).due_on == D(2026, 12, 21)


def test_units_cannot_skip_or_see_the_series_page(head_a, recurrence):
    occurrence = current(recurrence)
    client = client_for(head_a)
    assert client.get(recurrence.get_absolute_url()).status_code == 404
    assert client.post(f"/ky/{occurrence.pk}/bo-qua/", {"reason": "x"}).status_code == 404
    occurrence.refresh_from_db()
    assert occurrence.status == "open"


def test_an_approved_extension_of_the_lead_part_shows_on_the_series_page(
    inspector, head_a, recurrence
):
    from directives import services as directive_services

    lead = current(recurrence).task.assignments.get(role="lead")
    request = directive_services.extension_request(
        actor=head_a, assignment=lead, requested_deadline=D(2027, 1, 15), reason="Chờ số liệu"
    )
    directive_services.extension_decide(actor=inspector, request=request, approve=True)
    page = client_for(inspector).get(recurrence.get_absolute_url()).content.decode()
    assert "15/01/2027" in page and "đã dời" in page
