"""A correction tells the units whose part changed (issue 14: "a task's deadline or units change")."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from directives.models import Event
from directives.services import corrections
from tests.directives.assignment_helpers import assign
from tests.directives.test_corrections import on, part

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(inspector, unit_a, unit_b):
    """A task led by unit A, unit B coordinating, due 30/06/2026, entered on 10/03/2026."""
    with on("2026-03-10"):
        lead = assign(inspector, unit_a, coordinating=[unit_b], deadline="30/06/2026")
    return lead.task


def changed_events():
    return list(Event.objects.filter(kind=Event.Kind.TASK_CHANGED).order_by("id"))


def test_a_deadline_correction_tells_each_moved_part_the_dates_and_the_reason(
    inspector, task, unit_a, unit_b, head_a
):
    with on("2026-03-12"):
        corrections.task_correct_deadline(
            actor=inspector, task=task, deadline_text="30/09/2026", reason="Văn bản ghi nhầm"
        )
    told = changed_events()
    assert {e.assignment_id for e in told} == {part(task, unit_a).pk, part(task, unit_b).pk}
    lead = next(e for e in told if e.assignment_id == part(task, unit_a).pk)
    assert lead.data["changes"] == {
        "Thời hạn": "30/06/2026 → 30/09/2026",
        "Lý do": "Văn bản ghi nhầm",
    }
    assert lead.notifications.filter(user=head_a).exists()


def test_removing_a_unit_and_changing_the_lead_tell_the_units_concerned(
    inspector, task, unit_a, unit_b
):
    with on("2026-03-12"):
        corrections.task_change_lead(actor=inspector, task=task, unit=unit_b)
    assert {e.assignment_id for e in changed_events()} == {
        part(task, unit_a).pk,
        part(task, unit_b).pk,
    }
    with on("2026-03-13"):
        corrections.task_remove_unit(
            actor=inspector, assignment=part(task, unit_a), reason="Không thuộc chức năng"
        )
    last = changed_events()[-1]
    assert last.assignment_id == part(task, unit_a).pk
    assert last.data["changes"] == {"Đơn vị không còn được giao nhiệm vụ": "Không thuộc chức năng"}


def test_a_failed_correction_tells_nobody(inspector, task):
    with on("2026-03-12"), pytest.raises(ValidationError):
        corrections.task_correct_deadline(actor=inspector, task=task, deadline_text="x", reason="")
    assert changed_events() == []
    assert datetime.date(2026, 6, 30) == task.assignments.first().effective_deadline
