"""Reads for the overdue dashboard: per-unit counts, rates, ranking and trend, in one query.

Every figure is a timeliness value (DOMAIN.md §4, `AssignmentQuerySet.with_timeliness`) counted in
SQL: completed work from the trigger-kept `CompletedTally`, the rest row by row
(`unit_and_month_counts`). Tiles are the same query's totals, so a tile, its table column and
the drill-down list always agree.
"""

from directives.dashboard.counts import (
    CATEGORIES,
    CATEGORY_KEYS,
    Category,
    Counts,
    MonthStart,
    completion_rate,
    format_rate,
    on_time_rate,
    percent,
    rounded_rate,
    shares,
    truncated_rate,
)
from directives.dashboard.history import changed_since, day_end, is_past
from directives.dashboard.query import (
    UnitName,
    month_end,
    month_starts,
    trend_months,
    unit_and_month_counts,
)
from directives.dashboard.scope import can_view_dashboard, dashboard_assignments, in_dashboard_scope
from directives.dashboard.summary import (
    Cell,
    Drilldown,
    Summary,
    UnitRow,
    briefing_cell,
    chart_data,
    list_rows,
    rank_rows,
    summarize,
)

__all__ = [
    "CATEGORIES",
    "CATEGORY_KEYS",
    "Category",
    "Cell",
    "Counts",
    "Drilldown",
    "MonthStart",
    "Summary",
    "UnitName",
    "UnitRow",
    "briefing_cell",
    "can_view_dashboard",
    "changed_since",
    "day_end",
    "is_past",
    "chart_data",
    "completion_rate",
    "dashboard_assignments",
    "format_rate",
    "in_dashboard_scope",
    "list_rows",
    "month_end",
    "month_starts",
    "on_time_rate",
    "percent",
    "rank_rows",
    "rounded_rate",
    "shares",
    "summarize",
    "trend_months",
    "truncated_rate",
    "unit_and_month_counts",
]
