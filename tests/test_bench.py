"""manage.py bench: the generator's counts and proportions, and the JSON contract, at a tiny scale."""

import datetime
import json
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q, Sum

from bench import database, generate, marker, plan, report
from bench.scales import SCALES, parse_scale, reminders_scale
from directives import tally
from directives.models import (
    Assignment,
    CompletedTally,
    Directive,
    ProgressReport,
    ReportReview,
    Task,
    Timeliness,
)
from directives.symbols import parse_symbol
from units.models import Membership, Unit

TINY = "custom:12,20,120,400"


def test_named_scales_match_the_issue():
    assert (
        SCALES["L"].units,
        SCALES["L"].directives,
        SCALES["L"].assignments,
        SCALES["L"].reports,
    ) == (
        500,
        20_000,
        200_000,
        1_000_000,
    )
    assert SCALES["S"].assignments == 10_000 and SCALES["M"].reports == 250_000


def test_unknown_scale_is_refused():
    with pytest.raises(ValueError, match="unknown scale"):
        parse_scale("XL")


def test_largest_remainder_splits_exactly_and_respects_the_cap():
    counts = plan.largest_remainder(100, [5, 1, 1, 1], cap=40)
    assert sum(counts) == 100 and max(counts) <= 40


def test_same_seed_plans_the_same_province():
    scale, day = parse_scale(TINY), datetime.date(2026, 3, 1)
    first, second = plan.build_plan(scale, day, 7), plan.build_plan(scale, day, 7)
    assert [(a.unit, a.state, a.deadline) for a in first.assignments] == [
        (a.unit, a.state, a.deadline) for a in second.assignments
    ]


@pytest.mark.django_db(transaction=True)
def test_generation_at_a_tiny_scale_produces_the_requested_counts_and_proportions():
    scale = parse_scale(TINY)
    loaded = generate.generate(scale)

    assert Unit.objects.count() == 12
    assert Directive.objects.count() == 20
    assert Task.objects.count() == scale.tasks
    assert Assignment.objects.count() == 120
    assert ProgressReport.objects.count() == 400
    timeliness = Counter(Assignment.objects.with_timeliness().values_list("timeliness", flat=True))
    completed = timeliness[Timeliness.COMPLETED_ON_TIME] + timeliness[Timeliness.COMPLETED_LATE]
    assert completed == 72 and timeliness[Timeliness.OVERDUE] == 12
    within = (
        timeliness[Timeliness.IN_PROGRESS]
        + timeliness[Timeliness.DUE_SOON]
        + timeliness[Timeliness.AWAITING_REVIEW]
    )
    assert within == 36
    # One lead per task, a head per unit, and the directive identities are unique real symbols.
    leads = Task.objects.annotate(n=Count("assignments", filter=Q(assignments__role="lead")))
    assert set(leads.values_list("n", flat=True)) == {1}
    assert Membership.objects.filter(role="head").values("unit").distinct().count() == 12
    for symbol in Directive.objects.values_list("symbol", flat=True)[:20]:
        assert parse_symbol(symbol).normalized == symbol
    # A completed item's completion date is the submission date of its accepted report.
    accepted = ReportReview.objects.filter(decision="accept").select_related("report__assignment")
    assert accepted.count() == 72
    assert all(r.report.submitted_on == r.report.assignment.completed_on for r in accepted)
    assert loaded["personas"]["report_assignments"]
    assert marker.read_marker()["scale"] == scale.name
    # Triggers were off for the load: the dashboard's completed tally was recounted all the same.
    assert tally.drift() == [] and CompletedTally.objects.aggregate(n=Sum("n"))["n"] == 72
    marker.shift_dates(30, datetime.date.today())  # moved dates, months recounted
    assert tally.drift() == []


@pytest.mark.django_db(transaction=True)
def test_bench_command_writes_the_contract_json(tmp_path):
    path = tmp_path / "bench.json"
    scale = parse_scale(TINY)
    settings_dict = dict(connection.settings_dict)
    names = [
        database.bench_name(settings_dict["NAME"], s.name) for s in (scale, reminders_scale(scale))
    ]
    try:
        call_command("bench", scale=TINY, json_path=str(path), requests=3, check_queries=False)
    finally:
        for name in names:
            database.drop(settings_dict, name)

    document = json.loads(path.read_text())
    assert document["scale"] == scale.name
    assert "cores" in document["machine"] and "PostgreSQL" in document["machine"]
    metrics = document["metrics"]
    assert set(metrics) == set(report.ALL_NAMES)
    for page in [*report.PAGE_NAMES, "reference"]:
        assert {"p50_ms", "p95_ms", "queries"} <= set(metrics[page])
    assert {"seconds"} <= set(metrics["generation"])
    assert "R_dash" in document["ratios"] and "R_mail" in document["ratios"]
    # The sweep runs on its own province: the scale's units with half the work, 10 % overdue.
    reminders = metrics["reminders"]
    assert reminders["province"]["units"] == 12 and reminders["province"]["assignments"] == 60
    assert reminders["digests"] > 0 and reminders["one_per_recipient"] is True
    assert reminders["messages"] == reminders["sent"] == reminders["digests"]
    assert reminders["bare_loop_ok"] is True


def test_the_reminder_province_at_l_has_exactly_ten_thousand_overdue_over_500_units():
    province = reminders_scale(SCALES["L"])
    assert (province.units, round(province.assignments * plan.OVERDUE_SHARE)) == (500, 10_000)


def test_the_load_test_runs_only_when_named():
    from bench.runner import selected_names

    assert "load_mixed" not in selected_names(None)
    assert selected_names("load_mixed") == ["load_mixed"]


def test_the_table_shows_the_load_metric_against_its_target():
    load = {
        "requests": 900,
        "errors": 0,
        "p50_ms": 80.0,
        "p95_ms": 420.0,
        "p99_ms": 700.0,
        "rps": 15.0,
        "users": 50,
        "seconds": 60,
    }
    document = {
        "scale": "L",
        "spec": {},
        "machine": "test",
        "metrics": {"load_mixed": load},
        "ratios": {},
    }
    line = next(row for row in report.table(document).splitlines() if row.startswith("load_mixed"))
    assert "p95 ≤ 500 ms, 0 errors" in line and " ok " in line and "15.0 rps" in line
    assert report.timing_misses({"load_mixed": {**load, "errors": 2}}, {}) == [
        "load_mixed: p95 420.0 ms, 2 errors"
    ]
