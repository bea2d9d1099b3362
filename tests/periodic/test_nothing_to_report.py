""" "Không phát sinh": declared by the unit, counted as done, told apart from a missing report."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from directives.models import ProgressReport
from periodic import selectors, services
from periodic.models import NothingToReport
from tests.directives.assignment_helpers import assign
from tests.periodic.helpers import at, client_for, quarterly

D = datetime.date


@pytest.fixture
def clock():
    with time_machine.travel(at(D(2026, 12, 1)), tick=False) as traveller:
        yield traveller


@pytest.fixture
def recurrence(inspector, unit_a, unit_b, clock):
    return quarterly(inspector, unit_a, coordinating=[unit_b])


def parts(recurrence):
    occurrence = recurrence.occurrences.get(status="open")
    return (
        occurrence.task.assignments.get(role="lead"),
        occurrence.task.assignments.get(role="coordinating"),
    )


def test_declaring_nothing_to_report_completes_the_part_and_counts_apart_from_missing(
    inspector, head_a, recurrence, clock
):
    lead, coordinating = parts(recurrence)
    response = client_for(head_a).post(
        f"/nhiem-vu/{lead.pk}/khong-phat-sinh/", {"note": "Không có vụ việc"}, follow=True
    )
    assert "Đã khai báo không phát sinh trong kỳ." in response.content.decode()
    lead.refresh_from_db()
    assert (lead.state, lead.completed_on) == ("completed", D(2026, 12, 1))
    declared = NothingToReport.objects.get(assignment=lead)
    assert declared.report.body == "Không phát sinh. Không có vụ việc"
    assert declared.report.review.decision == "accept"

    clock.move_to(at(D(2026, 12, 22)))
    rows, total = selectors.series_rows(recurrence, D(2026, 12, 22))
    assert (total.nothing, total.reported, total.missing) == (1, 0, 1)
    page = client_for(inspector).get(recurrence.get_absolute_url()).content.decode()
    assert "1 không phát sinh" in page and "1 quá hạn chưa báo cáo" in page
    assert (
        "Đơn vị đã khai báo không phát sinh"
        in client_for(head_a).get(lead.get_absolute_url()).content.decode()
    )


def test_nothing_to_report_on_a_task_that_is_not_periodic_is_refused_and_nothing_saved(
    inspector, unit_a, head_a, clock
):
    part = assign(inspector, unit_a, deadline="31/12/2026")
    with pytest.raises(ValidationError) as error:
        services.nothing_to_report_declare(actor=head_a, assignment=part)
    assert error.value.messages == [
        "Chỉ nhiệm vụ định kỳ (báo cáo theo kỳ) mới khai báo “không phát sinh”; "
        "nhiệm vụ này hãy báo cáo tiến độ hoặc kết quả như thường lệ."
    ]
    response = client_for(head_a).post(f"/nhiem-vu/{part.pk}/khong-phat-sinh/", follow=True)
    assert "Chỉ nhiệm vụ định kỳ" in response.content.decode()
    assert client_for(head_a).get(f"/nhiem-vu/{part.pk}/khong-phat-sinh/").status_code == 404
    part.refresh_from_db()
    assert part.state == "assigned"
    assert not ProgressReport.objects.filter(assignment=part).exists()


def test_another_unit_cannot_declare_for_the_part_and_gets_404(head_b, recurrence):
    lead, _coordinating = parts(recurrence)
    assert client_for(head_b).post(f"/nhiem-vu/{lead.pk}/khong-phat-sinh/").status_code == 404
    assert not NothingToReport.objects.exists()


def test_a_declared_part_cannot_be_declared_twice(head_a, recurrence):
    lead, _coordinating = parts(recurrence)
    services.nothing_to_report_declare(actor=head_a, assignment=lead)
    with pytest.raises(ValidationError) as error:
        services.nothing_to_report_declare(actor=head_a, assignment=lead)
    assert "Nhiệm vụ đã kết thúc" in error.value.messages[0]
    assert NothingToReport.objects.count() == 1


def test_the_confirmation_page_names_the_period(head_a, recurrence):
    lead, _coordinating = parts(recurrence)
    html = client_for(head_a).get(f"/nhiem-vu/{lead.pk}/khong-phat-sinh/").content.decode()
    assert "Quý IV/2026" in html and "15/09/2026" in html
