"""The completed tally: triggers keep it exact, and the dashboard's counts from it equal row-by-row counts."""

import datetime
import itertools

import pgtrigger
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F, Sum
from django.test.utils import CaptureQueriesContext

from directives import tally
from directives.dashboard import summarize
from directives.models import Assignment, CompletedTally, Task
from tests.directives.dashboard_data import (
    KINDS,
    add,
    counts_by_unit,
    dashboard_filter,
    days,
    make_directive,
    monthly_trend,
)

D = datetime.date


def kept(unit, role, month, on_time) -> int:
    row = CompletedTally.objects.filter(
        unit=unit, role=role, deadline_month=month, on_time=on_time
    ).first()
    return row.n if row else 0


def completed_rows() -> int:
    return Assignment.objects.filter(state="completed").count()


def test_inserts_count_completed_rows_by_unit_role_month_and_on_time(frozen, unit_a, unit_b):
    add(unit_a, "completed_on_time", deadline=D(2026, 3, 10), completed_on=D(2026, 3, 9))
    add(unit_a, "completed_on_time", deadline=D(2026, 3, 31), completed_on=D(2026, 3, 31))
    add(unit_a, "completed_late", deadline=D(2026, 3, 1), completed_on=D(2026, 3, 2))
    add(unit_a, "completed_late", deadline=None, completed_on=D(2026, 3, 2))
    add(
        unit_b,
        "completed_on_time",
        role="coordinating",
        deadline=D(2026, 2, 28),
        completed_on=D(2026, 2, 1),
    )
    add(unit_a, "overdue")
    add(unit_a, "awaiting_review")

    assert kept(unit_a, "lead", D(2026, 3, 1), True) == 2
    assert kept(unit_a, "lead", D(2026, 3, 1), False) == 1
    assert kept(unit_a, "lead", None, None) == 1
    assert kept(unit_b, "coordinating", D(2026, 2, 1), True) == 1
    assert CompletedTally.objects.aggregate(n=Sum("n"))["n"] == completed_rows() == 5
    assert tally.drift() == []


@pytest.fixture
def repairs():
    """Let raw writes skip the state machine, as a data repair would: the tally must follow them too."""
    with pgtrigger.ignore("directives.Assignment:assignment_state_machine"):
        yield


def test_updates_deletes_and_bulk_writes_keep_the_tally_exact(frozen, repairs, unit_a, unit_b):
    rows = [add(unit, kind) for unit, kind in itertools.product((unit_a, unit_b), KINDS)]
    open_one = next(r for r in rows if r.state == "in_progress" and r.effective_deadline)
    done = next(r for r in rows if r.state == "completed")
    assert tally.drift() == []

    open_one.state, open_one.completed_on = "completed", days(-1)  # accepted: one row saved
    open_one.save()
    assert tally.drift() == []
    Assignment.objects.filter(unit=unit_a).update(
        effective_deadline=F("effective_deadline") + 45
    )  # bulk
    assert tally.drift() == []
    Assignment.objects.filter(pk=done.pk).update(unit=unit_b, role="coordinating")  # moved
    assert tally.drift() == []
    Assignment.objects.filter(pk=open_one.pk).update(
        state="returned", completed_on=None
    )  # reopened
    assert tally.drift() == []
    task = Task.objects.create(directive=make_directive(), title="Nhiệm vụ nhập hàng loạt")
    Assignment.objects.bulk_create(
        [
            Assignment(
                task=task,
                unit=unit,
                role=role,
                state="completed",
                effective_deadline=days(-3),
                completed_on=days(-5),
            )
            for unit, role in ((unit_a, "lead"), (unit_b, "coordinating"))
        ]
    )
    assert tally.drift() == []
    Assignment.objects.filter(task=task).delete()
    Assignment.objects.filter(pk=done.pk).delete()
    assert tally.drift() == []
    assert CompletedTally.objects.aggregate(n=Sum("n"))["n"] == completed_rows()


def test_the_command_reports_drift_and_rebuilds(frozen, unit_a, capsys):
    add(unit_a, "completed_on_time")
    add(unit_a, "completed_late")
    with connection.cursor() as cursor:  # a load with triggers off leaves the tally behind
        cursor.execute("UPDATE directives_completedtally SET n = n + 3")

    with pytest.raises(CommandError, match="wrong for 2 keys"):
        call_command("rebuild_completed_tally", "--check")
    call_command("rebuild_completed_tally")
    call_command("rebuild_completed_tally", "--check")

    assert "matches the assignments" in capsys.readouterr().out
    assert CompletedTally.objects.aggregate(n=Sum("n"))["n"] == 2


# ----------------------------------------------------------------------------- dashboard from the tally


@pytest.fixture
def province(frozen, make_unit, unit_a, unit_b, city):
    """Assignments of every kind, both roles, deadlines over two years, and completions after 01/03/2026."""
    ward = make_unit("Phường Hoàn Kiếm", kind="ward", parent=city, code="P-HK")
    hospital = make_unit("Bệnh viện thành phố", kind="public_service", parent=unit_a, code="BV")
    units = [unit_a, unit_b, ward, hospital]
    shifts = [-400, -200, -95, -30, -3, 0, 12, 60]
    for n, (unit, kind, shift) in enumerate(itertools.product(units, KINDS, shifts)):
        state, deadline, completed_on, reported_on = KINDS[kind]
        moved = None if deadline is None else deadline + datetime.timedelta(days=shift)
        if completed_on is not None:
            completed_on = min(completed_on + datetime.timedelta(days=shift), days(0))
        if reported_on is not None:
            reported_on = min(reported_on + datetime.timedelta(days=shift), days(0))
        add(
            unit,
            kind,
            role="lead" if n % 3 else "coordinating",
            deadline=moved,
            completed_on=completed_on,
            reported_on=reported_on,
        )
    # completed after the as-of day of some selections: the tally counts them, the as-of day must not
    add(unit_a, "completed_on_time", deadline=D(2026, 3, 15), completed_on=D(2026, 3, 10))
    add(
        ward,
        "completed_late",
        deadline=D(2026, 2, 20),
        completed_on=D(2026, 3, 12),
        role="coordinating",
    )
    return {"ward": ward, "hospital": hospital}


SELECTIONS = [
    "",
    "role=all",
    "role=coordinating",
    "as_of=01/03/2026",
    "as_of=01/03/2026&role=all",
    "as_of=01/01/2025",
    "unit_kind=ward&role=all",
    "parent={unit_a}&role=all",
    "parent={unit_a}&as_of=05/03/2026",
]


@pytest.mark.parametrize("query", SELECTIONS)
def test_the_tally_counts_every_unit_and_month_as_the_rows_do(province, leader, unit_a, rf, query):
    filterset = dashboard_filter(leader, rf, query.format(unit_a=unit_a.pk))
    assert filterset.tally_applies()

    with CaptureQueriesContext(connection) as queries:
        summary = summarize(filterset, trend=True)

    assert any("directives_completedtally" in q["sql"] for q in queries.captured_queries)
    assert {row.unit.pk: row.counts for row in summary.rows} == dict(counts_by_unit(filterset.qs))
    assert summary.trend == monthly_trend(filterset)
    assert summary.totals.total == filterset.qs.count() > 0


def test_a_unit_heads_counts_from_the_tally_stay_inside_their_subtree(province, head_a, unit_a, rf):
    filterset = dashboard_filter(head_a, rf, "role=all")

    summary = summarize(filterset, trend=True)

    assert {row.unit.pk for row in summary.rows} == {unit_a.pk, province["hospital"].pk}
    assert {row.unit.pk: row.counts for row in summary.rows} == dict(counts_by_unit(filterset.qs))
    assert summary.trend == monthly_trend(filterset)


@pytest.mark.parametrize(
    "query", ["period=quarter&year=2026&number=1", "issuer=UBND", "doc_type=KH", "track=state"]
)
def test_selections_the_tally_cannot_answer_are_counted_row_by_row(province, leader, rf, query):
    filterset = dashboard_filter(leader, rf, query)
    assert not filterset.tally_applies()

    with CaptureQueriesContext(connection) as queries:
        summary = summarize(filterset, trend=True)

    assert not any("directives_completedtally" in q["sql"] for q in queries.captured_queries)
    assert {row.unit.pk: row.counts for row in summary.rows} == dict(counts_by_unit(filterset.qs))
