"""The rolling horizon: periods planned ahead, opened when they begin, never running out."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from directives.models import Assignment, Task
from periodic import services
from periodic.models import Occurrence, Recurrence
from tests.periodic.helpers import at, make_directive, quarterly

D = datetime.date


@pytest.fixture
def on_1_december_2026():
    with time_machine.travel(at(D(2026, 12, 1)), tick=False) as traveller:
        yield traveller


def test_a_quarterly_obligation_opens_the_current_quarter_and_plans_a_year_ahead(
    inspector, unit_a, unit_b, on_1_december_2026
):
    recurrence = quarterly(inspector, unit_a, coordinating=[unit_b])
    occurrences = list(recurrence.occurrences.order_by("period_end"))
    assert [(o.period_start, o.period_end, o.status) for o in occurrences] == [
        (D(2026, 9, 15), D(2026, 12, 14), "open"),
        (D(2026, 12, 15), D(2027, 3, 14), "planned"),
        (D(2027, 3, 15), D(2027, 6, 14), "planned"),
        (D(2027, 6, 15), D(2027, 9, 14), "planned"),
        (D(2027, 9, 15), D(2027, 12, 14), "planned"),
    ]
    assert recurrence.planned_until == D(2027, 12, 6)  # 1/12/2026 + 370 days
    # 14/12/2026 is a Monday: five working days later is Monday 21/12.
    current = occurrences[0]
    assert current.due_on == D(2026, 12, 21)
    parts = current.task.assignments.order_by("role")
    assert [(a.unit, a.role, a.effective_deadline) for a in parts] == [
        (unit_b, "coordinating", D(2026, 12, 21)),
        (unit_a, "lead", D(2026, 12, 21)),
    ]
    assert (
        current.task.title
        == "Báo cáo công tác phòng, chống tham nhũng – Quý IV/2026 (kỳ báo cáo PCTN 15/09/2026 – 14/12/2026)"
    )
    # The series task itself is never counted: it has no assignment.
    assert not recurrence.task.assignments.exists()


def test_the_beat_job_rolls_the_horizon_across_the_year_end_and_never_runs_out(
    inspector, unit_a, on_1_december_2026
):
    recurrence = quarterly(inspector, unit_a)
    on_1_december_2026.move_to(at(D(2026, 12, 15)))
    assert services.horizons_extend() == {"recurrences": 1, "planned": 1, "opened": 1}
    q1 = recurrence.occurrences.get(period_start=D(2026, 12, 15))
    # 14/03/2027 is a Sunday: 15–19 March are the five working days.
    assert q1.status == "open" and q1.task.assignments.get().effective_deadline == D(2027, 3, 19)
    assert services.horizons_extend() == {"recurrences": 1, "planned": 0, "opened": 0}

    on_1_december_2026.move_to(at(D(2027, 12, 31)))
    services.horizons_extend()
    recurrence.refresh_from_db()
    assert recurrence.planned_until == D(2029, 1, 4)  # 2028 is a leap year
    starts = list(
        recurrence.occurrences.order_by("period_start").values_list("period_start", flat=True)
    )
    assert starts[-1] == D(2028, 12, 15)  # Q1/2029 already planned
    assert len(starts) == len(set(starts)) == 10
    open_now = recurrence.occurrences.filter(status="open").count()
    assert open_now == 6  # Q4/2026 … Q1/2028 (begun 15/12/2027)


def test_the_report_deadline_is_a_setting_of_working_days(
    inspector, unit_a, settings, on_1_december_2026
):
    settings.PCTS_PERIODIC_REPORT_WORKING_DAYS = 10
    recurrence = quarterly(inspector, unit_a)
    assert recurrence.occurrences.get(status="open").due_on == D(2026, 12, 28)
    other = quarterly(inspector, unit_a, deadline_working_days=0)
    assert other.occurrences.get(status="open").due_on == D(2026, 12, 14)


def test_the_older_16th_to_15th_windows_are_a_setting(
    inspector, unit_a, settings, on_1_december_2026
):
    settings.PCTS_REPORT_WINDOW_END_DAY = 15
    recurrence = quarterly(inspector, unit_a)
    current = recurrence.occurrences.get(status="open")
    assert (current.period_start, current.period_end) == (D(2026, 9, 16), D(2026, 12, 15))


def test_a_recurrence_starting_before_the_task_exists_is_refused_and_nothing_is_saved(
    inspector, unit_a, on_1_december_2026
):
    directive = make_directive(inspector)
    tasks = Task.objects.count()
    with pytest.raises(ValidationError) as error:
        quarterly(inspector, unit_a, directive=directive, starts_on=D(2026, 1, 1))
    assert error.value.message_dict["starts_on"] == [
        "Ngày bắt đầu 01/01/2026 trước ngày giao nhiệm vụ (01/12/2026): định kỳ sẽ sinh các kỳ "
        "trước khi có nhiệm vụ. Chọn từ ngày 01/12/2026 trở đi."
    ]
    assert Task.objects.count() == tasks
    assert not Recurrence.objects.exists() and not Occurrence.objects.exists()
    assert not Assignment.objects.exists()


def test_a_dissolved_lead_unit_leaves_later_periods_planned(inspector, unit_a, on_1_december_2026):
    recurrence = quarterly(inspector, unit_a)
    unit_a.valid_to = D(2026, 12, 10)
    unit_a.save()
    on_1_december_2026.move_to(at(D(2026, 12, 16)))
    services.horizons_extend()
    assert recurrence.occurrences.get(period_start=D(2026, 12, 15)).status == "planned"


def test_the_beat_schedule_runs_the_registered_extension_task(
    inspector, unit_a, on_1_december_2026
):
    from pcts.celery import app
    from periodic.tasks import horizons_extend

    entry = app.conf.beat_schedule["periodic-horizons"]
    assert entry["task"] == horizons_extend.name and entry["task"] in app.tasks
    quarterly(inspector, unit_a)
    on_1_december_2026.move_to(at(D(2026, 12, 15)))
    assert horizons_extend.apply().get() == {"recurrences": 1, "planned": 1, "opened": 1}


def test_a_classified_directives_periods_keep_neutral_titles_and_deadline_texts(
    inspector, unit_a, on_1_december_2026
):
    from directives import services as directive_services

    directive = directive_services.directive_create(
        actor=inspector,
        raw_symbol="07/KH-UBND",
        issued_on=D(2026, 11, 20),
        summary="",
        is_classified=True,
    )
    recurrence = quarterly(inspector, unit_a, directive=directive)
    task = recurrence.occurrences.get(status="open").task
    assert recurrence.task.title == task.title == f"Nhiệm vụ {recurrence.task.position}"
    assert task.assignments.get().deadline_text == "21/12/2026"
