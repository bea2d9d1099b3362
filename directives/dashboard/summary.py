"""The tiles, the ranked per-unit table, drill-down links and charts, shaped from the counts."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from directives.dashboard.counts import CATEGORIES, Counts, T, rounded_rate
from directives.dashboard.history import combined, is_past, judged_columns
from directives.dashboard.query import UnitName, trend_months, unit_and_month_counts
from directives.dashboard_filters import (
    BRIEFING,
    DRILLDOWN_PARAMS,
    DashboardListFilter,
    briefing_label,
)
from directives.models import Timeliness


class Drilldown:
    """Build the URL of the list a number counts: the same selection plus timeliness and unit.

    The selection part is encoded once; a page shows hundreds of numbers.
    """

    def __init__(self, selection_query: str):
        self.base = reverse("directives:dashboard-list")
        self.selection = selection_query
        self.suffixes = {
            c.key: urlencode([("timeliness", value) for value in c.timeliness]) for c in CATEGORIES
        }

    def url(self, key: str, unit_id: int | None = None, *, key_tasks: bool = False) -> str:
        parts = [
            self.selection,
            self.suffixes[key],
            f"unit={unit_id}" if unit_id is not None else "",
            "key_task=yes" if key_tasks and "key_task=" not in self.selection else "",
        ]
        query = "&".join(part for part in parts if part)
        return f"{self.base}?{query}" if query else self.base


# The key tasks' tiles: all of them, done, within deadline, overdue (the Government Office's shares).
KEY_TILES = ("total", "completed_on_time", "completed_late", "within_deadline", "overdue")


@dataclass(frozen=True)
class Cell:
    """One shown number and the URL of the list it counts."""

    key: str
    label: str
    value: int
    link: str


def _cells(counts: Counts, drilldown: Drilldown, unit_id: int | None) -> list[Cell]:
    return [
        Cell(c.key, c.label, counts.value(c.key), drilldown.url(c.key, unit_id)) for c in CATEGORIES
    ]


@dataclass
class UnitRow:
    unit: "UnitName"
    counts: Counts
    drilldown: Drilldown
    rank: int | None = None

    @property
    def cells(self) -> list[Cell]:
        """Return the row's numbers with their links (built only for the rows a page shows)."""
        return _cells(self.counts, self.drilldown, self.unit.pk)

    def link(self, key: str) -> str:
        return self.drilldown.url(key, self.unit.pk)


@dataclass
class Summary:
    totals: Counts
    rows: list[UnitRow]
    drilldown: Drilldown
    key: Counts
    trend: list[tuple[datetime.date, Counts]] | None = None

    @property
    def tiles(self) -> list[Cell]:
        return _cells(self.totals, self.drilldown, None)

    @property
    def key_tiles(self) -> list[Cell]:
        """Return the key tasks' numbers (nhiệm vụ trọng tâm), linked to their lists."""
        return [
            Cell(c.key, c.label, self.key.value(c.key), self.drilldown.url(c.key, key_tasks=True))
            for c in CATEGORIES
            if c.key in KEY_TILES
        ]


def rank_rows(rows: list[UnitRow], day=None) -> list[UnitRow]:
    """Order rows by completion rate, then on-time rate (emulation ranking); equal rates share a rank.

    Units with nothing to rate (no completed and no overdue item) come last, unranked; so do units
    dissolved before `day` (the 2025 reform's districts): their items still count in the totals,
    but a unit that no longer exists takes no place in the emulation.
    """

    def dissolved(row):
        ended = getattr(row.unit, "valid_to", None)
        return day is not None and ended is not None and ended < day

    gone = [r for r in rows if dissolved(r)]
    rows = [r for r in rows if not dissolved(r)]
    scores = {
        id(row): (rounded_rate(row.counts.completion_rate), rounded_rate(row.counts.on_time_rate))
        for row in rows
    }
    rated = [r for r in rows if scores[id(r)][0] is not None]
    unrated = [r for r in rows if scores[id(r)][0] is None]
    rated.sort(
        key=lambda r: (-scores[id(r)][0], -scores[id(r)][1], -r.counts.total, r.unit.name_sort)
    )
    previous = None
    for position, row in enumerate(rated, start=1):
        tied = previous is not None and scores[id(previous)] == scores[id(row)]
        row.rank = previous.rank if tied else position
        previous = row
    unrated.sort(key=lambda r: r.unit.name_sort)
    gone.sort(key=lambda r: r.unit.name_sort)
    for row in gone:
        row.rank = None
    return rated + unrated + gone


def summarize(filterset, *, trend: bool = False) -> Summary:
    """Return the tiles and the ranked per-unit table of a dashboard selection (one query).

    With `trend`, the monthly trend is counted in the same pass over the assignments
    (`unit_and_month_counts`) and kept on `summary.trend`.
    """
    months = trend_months(filterset) if trend else None
    found = unit_and_month_counts(filterset, months)
    drilldown = Drilldown(filterset.selection_query())
    rows = [
        UnitRow(unit=found.units[unit_id], counts=counts, drilldown=drilldown)
        for unit_id, counts in found.per_unit.items()
    ]
    summary = Summary(
        totals=found.totals,
        rows=rank_rows(rows, filterset.judged_on),
        drilldown=drilldown,
        key=found.key,
    )
    if months:
        summary.trend = [(month, found.by_month.get(month, Counts())) for month in months]
    return summary


def list_rows(filterset):
    """Return the drill-down rows of a selection, earliest deadline first, with what a row shows.

    A past day's list is the same selection its tiles counted (`history.combined`), each row
    with the deadline in force and the timeliness it had on that day (`judged_deadline`).
    """
    day = filterset.judged_on
    rows = combined(filterset, filterset.qs) if is_past(day) else filterset.qs
    return (
        judged_columns(rows, day)
        .select_related("unit", "task__directive")
        .order_by(F("judged_deadline").asc(nulls_last=True), "id")
    )


def briefing_cell(filterset, drilldown: Drilldown) -> Cell:
    """Count the selection's items overdue on the judged day after more than N manual đôn đốc.

    The count is the drill-down list's own (`list_rows` of the same selection with
    timeliness=overdue and briefing=yes), so the tile and the list it opens always agree.
    """
    data = filterset.data.copy()
    for name in DRILLDOWN_PARAMS:
        data.pop(name, None)
    data.setlist("timeliness", [T.OVERDUE])
    data["briefing"] = BRIEFING
    listed = DashboardListFilter(data, queryset=filterset.queryset, request=filterset.request)
    return Cell(
        "briefing",
        briefing_label(listed.urge_threshold),
        list_rows(listed).count(),
        f"{drilldown.url('overdue')}&briefing={BRIEFING}",
    )


def chart_data(summary: Summary, trend, *, top: int = 15) -> dict:
    """Shape the dashboard's three charts for json_script (labels, values, rates as floats)."""
    totals = summary.totals
    status = [
        ("completed_on_time", totals.completed_on_time),
        ("completed_late", totals.completed_late),
        ("in_progress", totals.in_progress),
        ("due_soon", totals.due_soon),
        ("overdue", totals.overdue),
        ("awaiting_review", totals.awaiting_review),
        ("no_deadline", totals.no_deadline),
    ]
    labels = dict(Timeliness.choices)
    worst = sorted(
        (r for r in summary.rows if r.counts.overdue),
        key=lambda r: (-r.counts.overdue, r.unit.name_sort),
    )
    worst = worst[:top]

    def rate(value):
        rounded = rounded_rate(value)
        return None if rounded is None else float(rounded)

    return {
        "status": {
            "keys": [key for key, _ in status],
            "labels": [str(labels[key]) for key, _ in status],
            "values": [value for _, value in status],
        },
        "overdue_by_unit": {
            "labels": [r.unit.short_name or r.unit.name for r in worst],
            "values": [r.counts.overdue for r in worst],
            "links": [r.link("overdue") for r in worst],
        },
        "trend": {
            "labels": [f"{m.month:02d}/{m.year}" for m, _ in trend],
            "completed_on_time": [c.completed_on_time for _, c in trend],
            "completed_late": [c.completed_late for _, c in trend],
            "overdue": [c.overdue for _, c in trend],
            "within_deadline": [c.within_deadline for _, c in trend],
            "awaiting_review": [c.awaiting_review for _, c in trend],
            "completion_rate": [rate(c.completion_rate) for _, c in trend],
        },
        "names": {
            "completed_on_time": str(labels[T.COMPLETED_ON_TIME]),
            "completed_late": str(labels[T.COMPLETED_LATE]),
            "overdue": str(labels[T.OVERDUE]),
            "within_deadline": str(_("Đang thực hiện trong hạn")),
            "awaiting_review": str(labels[T.AWAITING_REVIEW]),
            "completion_rate": str(_("Tỷ lệ hoàn thành (%)")),
            "overdue_by_unit": str(_("Số nhiệm vụ quá hạn")),
            "empty": str(_("Không có dữ liệu cho bộ lọc này.")),
        },
    }
