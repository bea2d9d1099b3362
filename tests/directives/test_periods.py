"""Reporting periods (DOMAIN.md §5) and what a period selects."""

import datetime

import pytest
from django.http import QueryDict

from directives.dashboard import dashboard_assignments, summarize
from directives.dashboard_filters import DashboardFilter
from directives.periods import PeriodKind, default_number, make_period
from tests.directives.dashboard_data import (
    TODAY,
    add,
    counts_by_unit,
    dashboard_filter,
    days,
    monthly_trend,
)

D = datetime.date


@pytest.mark.parametrize(
    ("kind", "year", "number", "start", "end"),
    [
        ("month", 2026, 2, D(2026, 2, 1), D(2026, 2, 28)),
        ("month", 2024, 2, D(2024, 2, 1), D(2024, 2, 29)),
        ("quarter", 2026, 1, D(2026, 1, 1), D(2026, 3, 31)),
        ("quarter", 2026, 4, D(2026, 10, 1), D(2026, 12, 31)),
        ("half", 2026, 1, D(2026, 1, 1), D(2026, 6, 30)),
        ("half", 2026, 2, D(2026, 7, 1), D(2026, 12, 31)),
        ("nine_months", 2026, None, D(2026, 1, 1), D(2026, 9, 30)),
        ("year", 2026, None, D(2026, 1, 1), D(2026, 12, 31)),
        ("report_quarter", 2026, 1, D(2025, 12, 15), D(2026, 3, 14)),
        ("report_quarter", 2026, 2, D(2026, 3, 15), D(2026, 6, 14)),
        ("report_quarter", 2026, 4, D(2026, 9, 15), D(2026, 12, 14)),
        ("report_half", 2026, None, D(2025, 12, 15), D(2026, 6, 14)),
        ("report_nine_months", 2026, None, D(2025, 12, 15), D(2026, 9, 14)),
        ("report_year", 2026, None, D(2025, 12, 15), D(2026, 12, 14)),
    ],
)
def test_each_period_kind_covers_the_days_the_reports_use(kind, year, number, start, end):
    period = make_period(kind, year, number)
    assert (period.start, period.end) == (start, end)


def test_older_practice_runs_report_windows_from_the_16th_to_the_15th(settings):
    settings.PCTS_REPORT_WINDOW_END_DAY = 15
    assert (
        make_period("report_quarter", 2026, 1).start,
        make_period("report_quarter", 2026, 1).end,
    ) == (
        D(2025, 12, 16),
        D(2026, 3, 15),
    )
    assert make_period("report_year", 2026).end == D(2026, 12, 15)


def test_periods_are_named_as_reports_name_them():
    assert make_period("quarter", 2026, 1).label == "Quý I/2026"
    assert make_period("month", 2026, 3).label == "Tháng 03/2026"
    assert make_period("half", 2026, 1).label == "6 tháng đầu năm 2026"
    assert make_period("nine_months", 2026).label == "9 tháng đầu năm 2026"
    assert make_period("report_half", 2026).label == (
        "6 tháng đầu năm 2026 (kỳ báo cáo PCTN 15/12/2025 – 14/06/2026)"
    )


@pytest.mark.parametrize(
    ("kind", "number"), [("month", 13), ("quarter", 0), ("quarter", None), ("half", 3)]
)
def test_a_number_outside_the_kind_is_refused_in_vietnamese(kind, number):
    with pytest.raises(ValueError, match="Chọn số thứ tự của kỳ"):
        make_period(kind, 2026, number)


def test_a_kind_without_sub_periods_ignores_the_number():
    assert make_period("year", 2026, 7).number is None


def test_default_number_is_the_month_quarter_or_half_containing_today():
    assert default_number(PeriodKind.MONTH, TODAY) == 3
    assert default_number(PeriodKind.QUARTER, D(2026, 8, 1)) == 3
    assert default_number(PeriodKind.HALF, D(2026, 8, 1)) == 2
    assert default_number(PeriodKind.YEAR, TODAY) is None


def test_a_finished_period_is_judged_on_its_last_day_and_a_running_one_today():
    assert make_period("quarter", 2025, 4).as_of(TODAY) == D(2025, 12, 31)
    assert make_period("quarter", 2026, 1).as_of(TODAY) == TODAY


# ----------------------------------------------------------------------------- what a period selects


def select(leader, rf, query):
    return dashboard_filter(leader, rf, query)


def test_a_period_selects_what_falls_due_in_it_and_what_was_still_open_when_it_began(
    frozen, leader, unit_a, rf
):
    q4 = "period=quarter&year=2025&number=4"
    due_in = add(unit_a, "overdue", deadline=D(2025, 11, 10))
    carried_open = add(unit_a, "overdue", deadline=D(2025, 9, 1))
    carried_done_in_period = add(
        unit_a, "completed_late", deadline=D(2025, 9, 1), completed_on=D(2025, 10, 5)
    )
    closed_before = add(
        unit_a, "completed_late", deadline=D(2025, 8, 1), completed_on=D(2025, 9, 20)
    )
    due_later = add(unit_a, "in_progress", deadline=D(2026, 1, 20))
    no_deadline = add(unit_a, "no_deadline")

    ids = set(select(leader, rf, q4).qs.values_list("id", flat=True))

    assert ids == {due_in.id, carried_open.id, carried_done_in_period.id}
    assert closed_before.id not in ids and due_later.id not in ids and no_deadline.id not in ids


def test_a_past_period_counts_a_later_completion_as_still_overdue_at_its_end(
    frozen, leader, unit_a, rf
):
    add(unit_a, "completed_late", deadline=D(2025, 11, 10), completed_on=D(2026, 1, 15))
    add(unit_a, "completed_on_time", deadline=D(2025, 12, 20), completed_on=D(2025, 12, 1))

    counts = counts_by_unit(select(leader, rf, "period=quarter&year=2025&number=4").qs)[unit_a.id]

    assert (counts.overdue, counts.completed_on_time, counts.completed_late) == (1, 1, 0)


def test_the_report_window_judges_as_of_its_cut_off_day(frozen, leader, unit_a, rf):
    filterset = select(leader, rf, "period=report_quarter&year=2026&number=1")
    add(unit_a, "overdue", deadline=D(2026, 3, 10))
    add(unit_a, "due_soon", deadline=days(1))  # 21/03: after the 14/03 cut-off

    counts = counts_by_unit(filterset.qs)[unit_a.id]

    assert filterset.judged_on == D(2026, 3, 14)
    assert (counts.total, counts.overdue) == (1, 1)


def test_an_as_of_day_judges_every_assignment_on_that_day(frozen, leader, unit_a, rf):
    add(unit_a, "completed_late", deadline=D(2026, 2, 1), completed_on=D(2026, 3, 10))

    on_first_of_march = counts_by_unit(select(leader, rf, "as_of=01/03/2026").qs)[unit_a.id]
    today = counts_by_unit(select(leader, rf, "").qs)[unit_a.id]

    assert (on_first_of_march.overdue, today.completed_late) == (1, 1)


@pytest.mark.parametrize("query", ["", "period=quarter&year=2025&number=4", "as_of=01/03/2026"])
def test_one_pass_counts_units_and_months_as_the_separate_queries_do(
    frozen, leader, unit_a, unit_b, rf, query
):
    add(unit_a, "completed_late", deadline=D(2025, 11, 10), completed_on=D(2026, 1, 15))
    add(unit_a, "completed_on_time", deadline=D(2025, 12, 20), completed_on=D(2025, 12, 1))
    add(unit_b, "overdue", deadline=D(2026, 2, 10))
    add(
        unit_b, "overdue", deadline=D(2024, 1, 10)
    )  # before any trend window: counted per unit only
    add(unit_b, "due_soon")
    add(unit_a, "no_deadline")
    add(unit_a, "cancelled")
    filterset = select(leader, rf, query)

    summary = summarize(filterset, trend=True)

    assert {row.unit.pk: row.counts for row in summary.rows} == dict(counts_by_unit(filterset.qs))
    assert summary.trend == monthly_trend(filterset)
    assert sum(c.total for _, c in summary.trend) < summary.totals.total  # the 2024 item


def test_an_invalid_selection_counts_nothing_in_one_pass(frozen, leader, unit_a, rf):
    add(unit_a, "overdue")

    request = rf.get("/")
    request.user = leader
    query = QueryDict("period=month&year=2026&number=13")
    filterset = DashboardFilter(query, queryset=dashboard_assignments(leader), request=request)

    summary = summarize(filterset, trend=True)

    assert summary.rows == [] and summary.totals.total == 0
    assert all(counts.total == 0 for _, counts in summary.trend)
