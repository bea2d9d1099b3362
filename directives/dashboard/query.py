"""The one query: a selection counted per unit and per month of deadline, completed work from the tally."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Case, DateField, F, Q, Value, When

from directives.dashboard.counts import Counts, MonthStart, T
from directives.dashboard.scope import in_dashboard_scope
from directives.models import Assignment, CompletedTally
from units.models import Unit


@dataclass(frozen=True, slots=True)
class UnitName:
    """What a ranking row shows of its unit (read as plain values, not model instances)."""

    pk: int
    name: str
    short_name: str
    name_sort: str

    def __str__(self):
        return self.name


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
