"""The generator: a pure function from (recurrence, horizon) to the periods to report on."""

import datetime

import pytest

from periodic.recurrence import RecurrenceSpec, periods_until

D = datetime.date


def spans(spec, horizon):
    return [(p.kind, p.start, p.end) for p in periods_until(spec, horizon)]


def test_quarterly_report_windows_run_from_the_15th_to_the_14th_across_the_year_end():
    spec = RecurrenceSpec(cadence="quarterly", windows="report", starts_on=D(2026, 12, 1))
    assert spans(spec, D(2027, 9, 30)) == [
        ("report_quarter", D(2026, 9, 15), D(2026, 12, 14)),
        ("report_quarter", D(2026, 12, 15), D(2027, 3, 14)),
        ("report_quarter", D(2027, 3, 15), D(2027, 6, 14)),
        ("report_quarter", D(2027, 6, 15), D(2027, 9, 14)),
        ("report_quarter", D(2027, 9, 15), D(2027, 12, 14)),
    ]


def test_the_older_convention_runs_from_the_16th_to_the_15th(settings):
    settings.PCTS_REPORT_WINDOW_END_DAY = 15
    spec = RecurrenceSpec(cadence="yearly", windows="report", starts_on=D(2026, 12, 16))
    assert spans(spec, D(2027, 12, 31)) == [
        ("report_year", D(2026, 12, 16), D(2027, 12, 15)),
        ("report_year", D(2027, 12, 16), D(2028, 12, 15)),
    ]


def test_six_monthly_reports_are_the_6_month_and_the_annual_report():
    spec = RecurrenceSpec(cadence="half_yearly", windows="report", starts_on=D(2027, 1, 4))
    assert spans(spec, D(2027, 6, 30)) == [
        ("report_half", D(2026, 12, 15), D(2027, 6, 14)),
        ("report_year", D(2026, 12, 15), D(2027, 12, 14)),
    ]


@pytest.mark.parametrize(
    ("cadence", "expected"),
    [
        (
            "yearly",
            [("year", D(2026, 1, 1), D(2026, 12, 31)), ("year", D(2027, 1, 1), D(2027, 12, 31))],
        ),
        (
            "half_yearly",
            [("half", D(2026, 7, 1), D(2026, 12, 31)), ("half", D(2027, 1, 1), D(2027, 6, 30))],
        ),
        (
            "regular",
            [
                ("quarter", D(2026, 10, 1), D(2026, 12, 31)),
                ("quarter", D(2027, 1, 1), D(2027, 3, 31)),
            ],
        ),
    ],
)
def test_calendar_windows_are_calendar_quarters_halves_and_years(cadence, expected):
    spec = RecurrenceSpec(cadence=cadence, windows="calendar", starts_on=D(2026, 12, 1))
    assert spans(spec, D(2027, 2, 1)) == expected


def test_a_period_that_ended_before_the_start_is_never_generated_and_the_end_date_stops_it():
    spec = RecurrenceSpec(
        cadence="monthly", windows="calendar", starts_on=D(2026, 12, 1), ends_on=D(2027, 2, 10)
    )
    assert [p.start for p in periods_until(spec, D(2030, 1, 1))] == [
        D(2026, 12, 1),
        D(2027, 1, 1),
        D(2027, 2, 1),
    ]


def test_a_horizon_far_ahead_still_gives_that_years_periods():
    spec = RecurrenceSpec(cadence="yearly", windows="report", starts_on=D(2026, 12, 1))
    periods = periods_until(spec, D(2040, 1, 1))
    assert periods[-1].year == 2040 and len(periods) == 15
