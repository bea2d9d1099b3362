"""Reads for the overdue dashboard: per-unit counts, rates, ranking and trend, in one query.

Every figure is a timeliness value (DOMAIN.md §4, `AssignmentQuerySet.with_timeliness`) counted in
SQL: completed work from the trigger-kept `CompletedTally`, the rest row by row
(`unit_and_month_counts`). Tiles are the same query's totals, so a tile, its table column and
the drill-down list always agree.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Case, DateField, F, Func, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from directives.models import Assignment, CompletedTally, Timeliness
from directives.permissions import sees_everything, visible_assignments
from units.models import Unit
from units.selectors import user_headed_unit_ids, user_scope_unit_ids
from units.vietnamese import format_number

T = Timeliness
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Category:
    """A counted column: its key, heading and the timeliness values its drill-down lists."""

    key: str
    label: str
    timeliness: tuple[str, ...]


CATEGORIES = [
    Category("total", _("Tổng số"), ()),
    Category("completed_on_time", _("Hoàn thành đúng hạn"), (T.COMPLETED_ON_TIME,)),
    Category("completed_late", _("Hoàn thành quá hạn"), (T.COMPLETED_LATE,)),
    Category("within_deadline", _("Đang thực hiện trong hạn"), (T.IN_PROGRESS, T.DUE_SOON)),
    Category("due_soon", _("Trong đó: sắp đến hạn"), (T.DUE_SOON,)),
    Category("overdue", _("Quá hạn"), (T.OVERDUE,)),
    Category("awaiting_review", _("Đã báo cáo, chờ xem xét"), (T.AWAITING_REVIEW,)),
    Category("no_deadline", _("Thường xuyên / không thời hạn"), (T.NO_DEADLINE,)),
]
CATEGORY_KEYS = [c.key for c in CATEGORIES]

# The timeliness values a dashboard counts (cancelled assignments are outside its scope).
_COUNTED = [
    T.COMPLETED_ON_TIME,
    T.COMPLETED_LATE,
    T.IN_PROGRESS,
    T.DUE_SOON,
    T.OVERDUE,
    T.AWAITING_REVIEW,
    T.NO_DEADLINE,
]
_COUNTED_NAMES = frozenset(str(value) for value in _COUNTED)


class MonthStart(Func):
    """Truncate a date column to the first of its month without a time-zone round trip.

    Django's TruncMonth casts a date to timestamptz first, which costs more than the count.
    """

    template = "date_trunc('month', %(expressions)s::timestamp)::date"
    output_field = DateField()


# --------------------------------------------------------------------------- rates


def percent(numerator: int, denominator: int) -> Decimal | None:
    """Return numerator ÷ denominator in per cent, unrounded, or None when nothing is counted."""
    if not denominator:
        return None
    return Decimal(numerator * 100) / Decimal(denominator)


def completion_rate(completed: int, overdue: int) -> Decimal | None:
    """Return completed ÷ (completed + overdue) in per cent, as government reports compute it.

    Tasks still within their deadline are left out (DOMAIN.md §4).
    """
    return percent(completed, completed + overdue)


def on_time_rate(completed_on_time: int, completed: int, overdue: int) -> Decimal | None:
    """Return completed on time ÷ (completed + overdue) in per cent: the strict rate."""
    return percent(completed_on_time, completed + overdue)


def rounded_rate(rate: Decimal | None) -> Decimal | None:
    """Round a rate half-up to 2 decimals, as the dashboard shows it (98.6297 → 98.63)."""
    return None if rate is None else rate.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def truncated_rate(rate: Decimal | None) -> Decimal | None:
    """Cut a rate to 2 decimals, as some printed reports do (98.6297 → 98.62)."""
    return None if rate is None else rate.quantize(TWO_PLACES, rounding=ROUND_DOWN)


def format_rate(rate: Decimal | None) -> str:
    """Write a rate the Vietnamese way, rounded: "98,63 %"; "—" when there is nothing to rate."""
    return "—" if rate is None else f"{format_number(rate, 2)} %"


@dataclass
class Counts:
    """Counts of one unit (or of everything) by timeliness, with the derived columns and rates."""

    total: int = 0
    completed_on_time: int = 0
    completed_late: int = 0
    in_progress: int = 0
    due_soon: int = 0
    overdue: int = 0
    awaiting_review: int = 0
    no_deadline: int = 0

    def count(self, timeliness: str, number: int) -> None:
        """Add `number` assignments of one timeliness value (values outside the dashboard are ignored)."""
        if timeliness in _COUNTED_NAMES:
            values = self.__dict__
            values[timeliness] += number
            values["total"] += number

    @property
    def completed(self) -> int:
        return self.completed_on_time + self.completed_late

    @property
    def within_deadline(self) -> int:
        return self.in_progress + self.due_soon

    @property
    def completion_rate(self) -> Decimal | None:
        return completion_rate(self.completed, self.overdue)

    @property
    def on_time_rate(self) -> Decimal | None:
        return on_time_rate(self.completed_on_time, self.completed, self.overdue)

    def value(self, key: str) -> int:
        return getattr(self, key)


# --------------------------------------------------------------------------- scope


def can_view_dashboard(user) -> bool:
    """Leaders, the inspectorate and admins see everything; unit heads see their own subtree."""
    if not (user.is_authenticated and user.is_active):
        return False
    return sees_everything(user) or bool(user_headed_unit_ids(user))


def dashboard_assignments(user):
    """Return the assignments a user's dashboard counts: visible, inside their units, not cancelled.

    A unit head's visible assignments include coordinating units' parts of tasks the unit leads;
    the dashboard counts the head's own units (and subtree) only, so other units never show.
    """
    return in_dashboard_scope(visible_assignments(user), user).exclude(
        state=Assignment.State.CANCELLED
    )


def in_dashboard_scope(queryset, user):
    """Keep the rows (of any model with `unit_id`) of the units a user's dashboard covers."""
    return (
        queryset
        if sees_everything(user)
        else queryset.filter(unit_id__in=user_scope_unit_ids(user))
    )


# --------------------------------------------------------------------------- the aggregate


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

    def url(self, key: str, unit_id: int | None = None) -> str:
        parts = [
            self.selection,
            self.suffixes[key],
            f"unit={unit_id}" if unit_id is not None else "",
        ]
        query = "&".join(part for part in parts if part)
        return f"{self.base}?{query}" if query else self.base


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
    trend: list[tuple[datetime.date, Counts]] | None = None

    @property
    def tiles(self) -> list[Cell]:
        return _cells(self.totals, self.drilldown, None)


def rank_rows(rows: list[UnitRow]) -> list[UnitRow]:
    """Order rows by completion rate, then on-time rate (emulation ranking); equal rates share a rank.

    Units with nothing to rate (no completed and no overdue item) come last, unranked.
    """
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
    return rated + unrated


@dataclass(frozen=True, slots=True)
class UnitName:
    """What a ranking row shows of its unit (read as plain values, not model instances)."""

    pk: int
    name: str
    short_name: str
    name_sort: str

    def __str__(self):
        return self.name


def summarize(filterset, *, trend: bool = False) -> Summary:
    """Return the tiles and the ranked per-unit table of a dashboard selection (one query).

    With `trend`, the monthly trend is counted in the same pass over the assignments
    (`unit_and_month_counts`) and kept on `summary.trend`.
    """
    months = trend_months(filterset) if trend else None
    per_unit, by_month, totals, units = unit_and_month_counts(filterset, months)
    drilldown = Drilldown(filterset.selection_query())
    rows = [
        UnitRow(unit=units[unit_id], counts=counts, drilldown=drilldown)
        for unit_id, counts in per_unit.items()
    ]
    summary = Summary(totals=totals, rows=rank_rows(rows), drilldown=drilldown)
    if months:
        summary.trend = [(month, by_month.get(month, Counts())) for month in months]
    return summary


def list_rows(filterset):
    """Return the drill-down rows of a selection, earliest deadline first, with what a row shows."""
    return filterset.qs.select_related("unit", "task__directive").order_by(
        F("effective_deadline").asc(nulls_last=True), "id"
    )


# --------------------------------------------------------------------------- trend


def month_starts(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Return the first day of every month from first's month to last's month."""
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months


def trend_months(filterset) -> list[datetime.date]:
    """Return the months a trend shows: the period's months, else the 12 months up to the as-of day."""
    window = filterset.window
    if window is not None:
        return month_starts(window.start, window.end)
    last = filterset.judged_on.replace(day=1)
    first = (last - datetime.timedelta(days=335)).replace(day=1)
    return month_starts(first, last)


def month_end(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


def _select(queryset, columns: str) -> tuple[str, tuple]:
    """Return `SELECT columns FROM (queryset) b` and its parameters, for a UNION ALL branch."""
    sql, params = queryset.query.sql_with_params()
    return f"SELECT {columns} FROM ({sql}) b", tuple(params)


def unit_and_month_counts(
    filterset, months: list[datetime.date] | None
) -> tuple[dict, dict, Counts, dict]:
    """Count the selection per unit, per month of deadline (and in all) by timeliness, in ONE query.

    Returns (counts by unit id, counts by month, totals, UnitName by unit id): the units' names
    are joined to the grouped rows rather than read by a second query over hundreds of ids.

    `GROUP BY GROUPING SETS` feeds the hash tables from a single pass. Rows whose deadline falls
    outside the trend's months (or every row, without `months`) count per unit and in the total.

    When the selection allows it (`tally_applies`), completed assignments are not read row by
    row: the completed tally holds them grouped by unit, role, month and on time / late, and
    only the rest (open, awaiting review, and any completion after the day judged) is classified
    here from a covering index. A completion after the day judged (a past as-of day) is in the
    tally too: the last two branches count it as it stood on that day and take its tally class
    back out.
    """
    as_of = filterset.judged_on
    if months:
        first, last = months[0], month_end(months[-1])
        month = Case(
            When(
                effective_deadline__gte=first,
                effective_deadline__lte=last,
                then=MonthStart("effective_deadline"),
            ),
            default=None,
            output_field=DateField(),
        )
    else:
        month = Value(None, output_field=DateField())
    use_tally = filterset.tally_applies()
    try:
        live = filterset.qs.order_by().annotate(month=month)
        if use_tally:
            live = live.exclude(state=Assignment.State.COMPLETED)
        branches = [
            _select(
                live.values("unit_id", "month", "timeliness"), "b.unit_id, b.month, b.timeliness, 1"
            )
        ]
        if use_tally:
            branches += _tally_branches(filterset, month, months, as_of)
    except EmptyResultSet:
        return {}, {}, Counts(), {}
    # `level` says which set a row counts: 1 = a unit's, 2 = a month's, 3 = the total.
    if months:
        sets = "(s.unit_id, s.timeliness), (s.month, s.timeliness), (s.timeliness)"
        month_column, level = "s.month", "GROUPING(s.unit_id, s.month)"
    else:
        sets = "(s.unit_id, s.timeliness), (s.timeliness)"
        month_column, level = "NULL::date", "CASE GROUPING(s.unit_id) WHEN 0 THEN 1 ELSE 3 END"
    union = " UNION ALL ".join(sql for sql, _ in branches)
    grouped = (
        f"SELECT {level} AS level, s.unit_id, {month_column} AS month, s.timeliness, sum(s.n)::integer AS n"
        f" FROM ({union}) AS s (unit_id, month, timeliness, n) GROUP BY GROUPING SETS ({sets})"
    )
    named = (
        f"SELECT g.level, g.unit_id, g.month, g.timeliness, g.n, u.name, u.short_name, u.name_sort"
        f" FROM ({grouped}) AS g LEFT JOIN {Unit._meta.db_table} u ON u.id = g.unit_id"
    )
    params = [param for _, branch_params in branches for param in branch_params]
    per_unit, by_month, totals, units = defaultdict(Counts), defaultdict(Counts), Counts(), {}
    with connections[live.db].cursor() as cursor:
        cursor.execute(named, params)
        for (
            kind,
            unit_id,
            month_start,
            timeliness,
            number,
            name,
            short_name,
            name_sort,
        ) in cursor.fetchall():
            if kind == 1:
                per_unit[unit_id].count(timeliness, number)
                if unit_id not in units:
                    units[unit_id] = UnitName(unit_id, name, short_name, name_sort)
            elif kind == 3:
                totals.count(timeliness, number)
            elif month_start is not None:
                by_month[month_start].count(timeliness, number)
    return per_unit, by_month, totals, units


def _tally_class(deadline: str, on_time):
    """Classify completed rows as the timeliness CASE does once the day judged reaches completion."""
    return Case(
        When(**{f"{deadline}__isnull": True}, then=Value(T.NO_DEADLINE)),
        When(on_time, then=Value(T.COMPLETED_ON_TIME)),
        default=Value(T.COMPLETED_LATE),
    )


def _tally_branches(filterset, month, months, as_of) -> list[tuple[str, tuple]]:
    """Return the tally's rows (+n) and the completions after the day judged (−1), as union branches."""
    tally = in_dashboard_scope(CompletedTally.objects.all(), filterset.request.user)
    if months:
        tally_month = Case(
            When(
                deadline_month__gte=months[0],
                deadline_month__lte=months[-1],
                then=F("deadline_month"),
            ),
            default=None,
            output_field=DateField(),
        )
    else:
        tally_month = Value(None, output_field=DateField())
    tally = filterset.narrow(tally).annotate(
        month=tally_month, timeliness=_tally_class("deadline_month", Q(on_time=True))
    )
    later = (
        filterset.qs.order_by()
        .filter(state=Assignment.State.COMPLETED, completed_on__gt=as_of)
        .annotate(
            month=month,
            tally_class=_tally_class(
                "effective_deadline", Q(completed_on__lte=F("effective_deadline"))
            ),
        )
    )
    later = later.values("unit_id", "month", "timeliness", "tally_class")
    return [
        _select(
            tally.values("unit_id", "month", "timeliness", "n"),
            "b.unit_id, b.month, b.timeliness, b.n",
        ),
        _select(later, "b.unit_id, b.month, b.timeliness, 1"),
        _select(later, "b.unit_id, b.month, b.tally_class, -1"),
    ]


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
        },
    }
