"""Occurrences are counted like any assignment: dashboard, as-of figures, reminders, the unit's inbox."""

import datetime

import pytest
import time_machine

from directives.dashboard import summarize
from directives.reminders.planning import reminders_due_on
from periodic import services
from tests.directives.assignment_helpers import assign
from tests.directives.dashboard_data import dashboard_filter
from tests.periodic.helpers import at, client_for, make_directive, quarterly


def services_nothing(user, assignment):
    services.nothing_to_report_declare(actor=user, assignment=assignment)


D = datetime.date


def figures(user, rf, query="role=all"):
    totals = summarize(dashboard_filter(user, rf, query)).totals
    return {
        "total": totals.total,
        "within": totals.within_deadline,
        "overdue": totals.overdue,
        "completed": totals.completed,
    }


@pytest.fixture
def clock():
    with time_machine.travel(at(D(2026, 12, 1)), tick=False) as traveller:
        yield traveller


def test_only_begun_periods_count_on_the_dashboard_and_each_counts_per_unit(
    inspector, leader, unit_a, unit_b, rf, clock
):
    assign(inspector, unit_a, deadline="31/12/2026")
    quarterly(inspector, unit_a, coordinating=[unit_b])
    # One ordinary task plus the current quarter's two parts; the four planned quarters do not count.
    assert figures(leader, rf) == {"total": 3, "within": 3, "overdue": 0, "completed": 0}
    assert figures(leader, rf, "")["total"] == 2  # lead parts only

    clock.move_to(at(D(2026, 12, 16)))
    services.horizons_extend()
    # Q1/2027 opened; Q4/2026 (due 21/12) is still within its deadline.
    assert figures(leader, rf) == {"total": 5, "within": 5, "overdue": 0, "completed": 0}

    clock.move_to(at(D(2026, 12, 22)))
    assert figures(leader, rf) == {"total": 5, "within": 3, "overdue": 2, "completed": 0}


def test_a_past_days_figures_do_not_change_when_later_periods_open(
    inspector, leader, unit_a, unit_b, head_a, rf
):
    # Days behind the database's own clock: the history's markers are stamped on it.
    with time_machine.travel(at(D(2026, 6, 1)), tick=False) as clock:
        assign(
            inspector,
            unit_a,
            deadline="31/12/2026",
            directive=make_directive(inspector, D(2026, 5, 4)),
        )
        recurrence = quarterly(
            inspector,
            unit_a,
            coordinating=[unit_b],
            directive=make_directive(inspector, D(2026, 5, 4)),
        )
        clock.move_to(at(D(2026, 6, 10), hour=20))
        recorded = figures(leader, rf)
        assert recorded == {"total": 3, "within": 3, "overdue": 0, "completed": 0}

        clock.move_to(at(D(2026, 6, 20)))
        services.horizons_extend()
        lead_q2 = recurrence.occurrences.get(period_end=D(2026, 6, 14)).task.assignments.get(
            unit=unit_a
        )
        services_nothing(head_a, lead_q2)
        assert figures(leader, rf) == {"total": 5, "within": 3, "overdue": 1, "completed": 1}
        assert figures(leader, rf, "role=all&as_of=10/06/2026") == recorded
        assert figures(leader, rf, "role=all&as_of=20/06/2026") == figures(leader, rf)


def test_an_occurrence_is_reminded_before_its_own_deadline(inspector, unit_a, head_a, clock):
    recurrence = quarterly(inspector, unit_a)
    part = recurrence.occurrences.get(status="open").task.assignments.get()
    day = D(2026, 12, 18)  # three days before 21/12
    clock.move_to(at(day, hour=8))
    plan = reminders_due_on(day, since=day)
    [digest] = plan.digests
    assert digest.recipient == head_a
    assert [(i.assignment_id, i.triggered) for i in digest.items] == [(part.pk, True)]


def test_the_unit_sees_its_occurrences_in_its_inbox_and_reports_on_them(
    inspector, unit_a, head_a, head_b, unit_b, clock
):
    recurrence = quarterly(inspector, unit_a)
    part = recurrence.occurrences.get(status="open").task.assignments.get()
    html = client_for(head_a).get("/viec-cua-toi/").content.decode()
    assert "Quý IV/2026" in html and part.get_absolute_url() in html
    assert "Quý I/2027" not in html  # planned, not yet begun
    assert "Quý IV/2026" not in client_for(head_b).get("/viec-cua-toi/").content.decode()
    page = client_for(head_a).get(part.get_absolute_url()).content.decode()
    assert "Kỳ báo cáo định kỳ" in page and "Khai báo không phát sinh" in page
