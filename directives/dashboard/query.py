"""The one query: a selection counted per unit and per month of deadline, completed work from the tally."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db.models import Case, DateField, F, Q, Value, When

from directives.dashboard.cache import grouped_rows
from directives.dashboard.counts import Counts, MonthStart, T
from directives.dashboard.history import changed_since, history_rows, is_past, unchanged_since
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
    valid_to: datetime.date | None = None  # the day it was dissolved (DOMAIN.md §6), if it was

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


def _month_case(months):
    if not months:
        return Value(None, output_field=DateField())
    first, last = months[0], month_end(months[-1])
    return Case(
        When(
            effective_deadline__gte=first,
            effective_deadline__lte=last,
            then=MonthStart("effective_deadline"),
        ),
        default=None,
        output_field=DateField(),
    )


@dataclass
class Grouped:
    """The counts of one selection: by unit, by month of deadline, in all, of key tasks; unit names."""

    per_unit: dict
    by_month: dict
    totals: Counts
    key: Counts
    units: dict


def unit_and_month_counts(filterset, months: list[datetime.date] | None) -> Grouped:
    """Count the selection per unit, per month of deadline, of key tasks and in all, in ONE query.

    The units' names are joined to the grouped rows rather than read by a second query over
    hundreds of ids. `GROUP BY GROUPING SETS` feeds the hash tables from a single pass. Rows
    whose deadline falls outside the trend's months (or every row, without `months`) count per
    unit and in the total.

    When the selection allows it (`tally_applies`), completed assignments are not read row by
    row: the completed tally holds them grouped by unit, role, key flag, month and on time /
    late, and only the rest (open, awaiting review) is classified here from a covering index.

    A past day (`history.is_past`) is counted as it stood at its end: the assignments that
    changed after it (`history.changed_since`) leave the current rows' branches (and their
    completions the tally) and are read back as they were (`history_rows`).
    """
    as_of = filterset.judged_on
    past = is_past(as_of)
    month = _month_case(months)
    use_tally = filterset.tally_applies()
    try:
        live = filterset.qs.order_by().annotate(month=month)
        if past:
            live = live.filter(unchanged_since(as_of))
        if use_tally:
            live = live.exclude(state=Assignment.State.COMPLETED)
        branches = [
            _select(
                live.values("unit_id", "month", "is_key", "timeliness"),
                "b.unit_id, b.month, b.is_key, b.timeliness, 1",
            )
        ]
        if use_tally:
            branches += _tally_branches(filterset, month, months, as_of, past)
        if past:
            branches.append(_history_branch(filterset, months))
    except EmptyResultSet:
        return Grouped({}, {}, Counts(), Counts(), {})
    if months:
        sets = "(s.unit_id, s.timeliness), (s.month, s.timeliness), (s.is_key, s.timeliness), (s.timeliness)"
        month_column = "s.month"
        level = (
            "CASE WHEN GROUPING(s.unit_id) = 0 THEN 1 WHEN GROUPING(s.month) = 0 THEN 2"
            " WHEN GROUPING(s.is_key) = 0 THEN 4 ELSE 3 END"
        )
    else:
        sets = "(s.unit_id, s.timeliness), (s.is_key, s.timeliness), (s.timeliness)"
        month_column = "NULL::date"
        level = (
            "CASE WHEN GROUPING(s.unit_id) = 0 THEN 1 WHEN GROUPING(s.is_key) = 0 THEN 4 ELSE 3 END"
        )
    # `level` says which set a row counts: 1 = a unit's, 2 = a month's, 3 = the total, 4 = key or not.
    union = " UNION ALL ".join(sql for sql, _ in branches)
    grouped = (
        f"SELECT {level} AS level, s.unit_id, {month_column} AS month, s.is_key, s.timeliness,"
        f" sum(s.n)::integer AS n FROM ({union}) AS s (unit_id, month, is_key, timeliness, n)"
        f" GROUP BY GROUPING SETS ({sets})"
    )
    named = (
        f"SELECT g.level, g.unit_id, g.month, g.is_key, g.timeliness, g.n,"
        f" u.name, u.short_name, u.name_sort, u.valid_to"
        f" FROM ({grouped}) AS g LEFT JOIN {Unit._meta.db_table} u ON u.id = g.unit_id"
    )
    params = [param for _, branch_params in branches for param in branch_params]
    found = Grouped(defaultdict(Counts), defaultdict(Counts), Counts(), Counts(), {})
    for row in grouped_rows(live.db, named, params):
        _add_row(found, row)
    return found


def _add_row(found: Grouped, row) -> None:
    kind, unit_id, month_start, is_key, timeliness, number, name, short_name, name_sort, ended = row
    if kind == 1:
        found.per_unit[unit_id].count(timeliness, number)
        if unit_id not in found.units:
            found.units[unit_id] = UnitName(unit_id, name, short_name, name_sort, ended)
    elif kind == 3:
        found.totals.count(timeliness, number)
    elif kind == 4:
        if is_key:
            found.key.count(timeliness, number)
    elif month_start is not None:
        found.by_month[month_start].count(timeliness, number)


def _history_branch(filterset, months) -> tuple[str, tuple]:
    """Return the changed assignments as they stood on the day judged, as a union branch."""
    sql, params = history_rows(filterset)
    if not months:
        return f"SELECT b.unit_id, NULL, b.is_key, b.timeliness, 1 FROM ({sql}) b", tuple(params)
    month = (
        "CASE WHEN b.deadline BETWEEN %s AND %s"
        " THEN date_trunc('month', b.deadline::timestamp)::date END"
    )
    return (
        f"SELECT b.unit_id, {month}, b.is_key, b.timeliness, 1 FROM ({sql}) b",
        (months[0], month_end(months[-1]), *params),
    )


def _tally_class(deadline: str, on_time):
    """Classify completed rows as the timeliness CASE does once the day judged reaches completion."""
    return Case(
        When(**{f"{deadline}__isnull": True}, then=Value(T.NO_DEADLINE)),
        When(on_time, then=Value(T.COMPLETED_ON_TIME)),
        default=Value(T.COMPLETED_LATE),
    )


def _tally_branches(filterset, month, months, as_of, past) -> list[tuple[str, tuple]]:
    """Return the tally's rows (+n) and take back out what the day judged had not completed (−1).

    Today, those are the completions dated after it (counted again as they stood, +1); on a past
    day, the changed assignments' completions (the history branch counts them as they stood).
    """
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
    later = filterset.qs.order_by().filter(state=Assignment.State.COMPLETED)
    if past:
        later = later.filter(changed_since(as_of))
    else:
        later = later.filter(completed_on__gt=as_of)
    later = later.annotate(
        month=month,
        tally_class=_tally_class(
            "effective_deadline", Q(completed_on__lte=F("effective_deadline"))
        ),
    )
    later = later.values("unit_id", "month", "is_key", "timeliness", "tally_class")
    branches = [
        _select(
            tally.values("unit_id", "month", "is_key", "timeliness", "n"),
            "b.unit_id, b.month, b.is_key, b.timeliness, b.n",
        ),
        _select(later, "b.unit_id, b.month, b.is_key, b.tally_class, -1"),
    ]
    if not past:
        branches.append(_select(later, "b.unit_id, b.month, b.is_key, b.timeliness, 1"))
    return branches
