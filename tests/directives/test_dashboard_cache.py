"""The dashboard's counts are reused until something they count is written, never longer."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directives.dashboard import summarize
from directives.models import Assignment
from tests.directives.dashboard_data import add, dashboard_filter
from units.models import Unit

COUNTING = "GROUPING SETS"


def counted(filterset) -> tuple[int, bool]:
    """Return (total, whether the counting query ran) for one summary."""
    with CaptureQueriesContext(connection) as queries:
        summary = summarize(filterset, trend=True)
    ran = any(COUNTING in q["sql"] for q in queries.captured_queries)
    return summary.totals.total, ran


def test_a_second_look_reuses_the_count_and_a_write_renews_it(frozen, leader, unit_a, rf):
    add(unit_a, "overdue")
    assert counted(dashboard_filter(leader, rf, "role=all")) == (1, True)
    assert counted(dashboard_filter(leader, rf, "role=all")) == (1, False)

    add(unit_a, "due_soon")
    assert counted(dashboard_filter(leader, rf, "role=all")) == (2, True)

    Assignment.objects.filter(unit=unit_a).update(state="cancelled")  # a bulk write too
    assert counted(dashboard_filter(leader, rf, "role=all")) == (0, True)


def test_each_selection_and_day_has_its_own_count(frozen, leader, unit_a, rf):
    add(unit_a, "overdue")
    add(unit_a, "overdue", role="coordinating")
    assert counted(dashboard_filter(leader, rf, "role=all")) == (2, True)
    assert counted(dashboard_filter(leader, rf, "role=lead"))[1] is True
    assert counted(dashboard_filter(leader, rf, "role=all&as_of=01/01/2026"))[1] is True


def test_renaming_a_unit_renews_the_count(frozen, leader, unit_a, rf):
    add(unit_a, "overdue")
    summarize(dashboard_filter(leader, rf, "role=all"))
    Unit.objects.filter(pk=unit_a.pk).update(name="Sở Nội vụ (mới)")
    summary = summarize(dashboard_filter(leader, rf, "role=all"))
    assert [row.unit.name for row in summary.rows] == ["Sở Nội vụ (mới)"]


def test_a_count_seen_inside_a_rolled_back_write_is_never_served_later(frozen, leader, unit_a, rf):
    add(unit_a, "overdue")
    with pytest.raises(RuntimeError), transaction.atomic():
        add(unit_a, "overdue")
        assert counted(dashboard_filter(leader, rf, "role=all")) == (2, True)
        raise RuntimeError("rolled back")
    add(unit_a, "due_soon")  # the next real write
    assert counted(dashboard_filter(leader, rf, "role=all")) == (2, True)


def test_switched_off_it_counts_every_time(frozen, leader, unit_a, rf, settings):
    settings.PCTS_DASHBOARD_CACHE_SECONDS = 0
    add(unit_a, "overdue")
    assert counted(dashboard_filter(leader, rf, "role=all")) == (1, True)
    assert counted(dashboard_filter(leader, rf, "role=all")) == (1, True)


def test_a_progress_report_keeps_the_count_and_a_deadline_change_renews_it(
    frozen, leader, unit_a, rf
):
    """A report only moves the percentage and the last report's time: nothing counted changes."""
    assignment = add(unit_a, "overdue")
    assert counted(dashboard_filter(leader, rf, "role=all")) == (1, True)
    Assignment.objects.filter(pk=assignment.pk).update(
        progress_percent=40, last_report_at=timezone.now()
    )
    assert counted(dashboard_filter(leader, rf, "role=all")) == (1, False)

    Assignment.objects.filter(pk=assignment.pk).update(effective_deadline=None)
    assert counted(dashboard_filter(leader, rf, "role=all"))[1] is True
