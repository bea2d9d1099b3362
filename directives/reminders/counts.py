"""How many times an item was urged (đôn đốc): the one definition, read from the reminder ledger.

Two counts, shown side by side (issue 14):

- **manual** — a đôn đốc an inspectorate officer sent, for the item itself, its unit or its
  directive: one per request (one click of "Đôn đốc", however many people the mail went to),
  counted once recorded — the bell shows it at once and its mail is retried until sent; only a
  request whose every mail failed for good does not count.
- **automatic** — the daily reminder mails that listed the item (before, on and after its
  deadline, escalations included): one per day a digest about it was sent.

An item still overdue after more than N manual đôn đốc (`ReminderPolicy.briefing_after_urges`,
default 3) is flagged for the leadership briefing ("quá hạn sau N lần đôn đốc"): the task list
and the dashboard filter by `urged_more_than`, the dashboard's tile counts it, and the briefing
list of the documents app prints it.

No count is stored: the ledger already holds one row per mail with the item ids in a GIN-indexed
array, and manual đôn đốc are few, so every count is one grouped query.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from units.selectors import accountable_on, appointments_of

# A manual request counts unless every one of its mails failed for good.
_MANUAL_ROWS = """
    SELECT d.request_id, d.day, d.requested_by_id, i.assignment_id
    FROM directives_reminderdelivery d
    CROSS JOIN LATERAL unnest(d.item_assignments) AS i(assignment_id)
    WHERE d.kind = 'manual' AND d.state <> 'failed'
"""


@dataclass(frozen=True)
class Urge:
    """One manual đôn đốc of an item: its day, by whom (a user id), the request it belonged to."""

    day: datetime.date
    by_id: int | None
    request_id: object


@dataclass(frozen=True)
class UrgeLine:
    """One manual đôn đốc as a page shows it: the day, the officer, the unit's accountable head that day."""

    day: datetime.date
    by: object | None
    head: object | None


@dataclass
class UrgeCount:
    manual: int = 0
    automatic: int = 0
    manual_urges: list[Urge] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.manual or self.automatic)


def urge_counts(assignment_ids, *, until: datetime.date | None = None) -> dict[int, UrgeCount]:
    """Return {assignment id: UrgeCount} for `assignment_ids` (ids never urged are absent).

    With `until`, only the đôn đốc and reminders of that day and earlier count: the figures as of
    an earlier day.
    """
    ids = sorted({int(i) for i in assignment_ids})
    if not ids:
        return {}
    counts: dict[int, UrgeCount] = defaultdict(UrgeCount)
    until_sql = "AND d.day <= %s" if until else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT DISTINCT ON (i.assignment_id, d.request_id)
                   i.assignment_id, d.request_id, d.day, d.requested_by_id
            FROM directives_reminderdelivery d
            CROSS JOIN LATERAL unnest(d.item_assignments) AS i(assignment_id)
            WHERE d.kind = 'manual' AND d.state <> 'failed'
              AND d.item_assignments && %s::int[] AND i.assignment_id = ANY(%s) {until_sql}
            ORDER BY i.assignment_id, d.request_id, d.day
            """,
            [ids, ids, *([until] if until else [])],
        )
        for assignment_id, request_id, day, by_id in cursor.fetchall():
            counts[assignment_id].manual_urges.append(Urge(day, by_id, request_id))
        cursor.execute(
            f"""
            SELECT i.assignment_id, count(DISTINCT d.day)
            FROM directives_reminderdelivery d
            CROSS JOIN LATERAL unnest(d.item_assignments) AS i(assignment_id)
            WHERE d.kind = 'digest' AND d.state = 'sent'
              AND d.item_assignments && %s::int[] AND i.assignment_id = ANY(%s) {until_sql}
            GROUP BY i.assignment_id
            """,
            [ids, ids, *([until] if until else [])],
        )
        for assignment_id, days in cursor.fetchall():
            counts[assignment_id].automatic = days
    for count in counts.values():
        count.manual_urges.sort(key=lambda u: u.day)
        count.manual = len(count.manual_urges)
    return dict(counts)


def urged_more_than(times: int, *, until: datetime.date | None = None) -> Q:
    """Return a condition on assignments: more than `times` manual đôn đốc (on `until` or earlier)."""
    sql = f"""
        SELECT m.assignment_id FROM ({_MANUAL_ROWS} {"AND d.day <= %s" if until else ""}) m
        GROUP BY m.assignment_id HAVING count(DISTINCT m.request_id) > %s
    """
    return Q(pk__in=RawSQL(sql, [*([until] if until else []), int(times)]))


def briefing_threshold() -> int:
    """Return N of "quá hạn sau N lần đôn đốc" (the admin's reminder policy, default 3).

    Kept in the cache (saving the policy forgets it), so a dashboard spends no query on it; with
    Redis away it is read from the database.
    """
    from directives.models import ReminderPolicy

    try:
        value = cache.get(ReminderPolicy.CACHE_KEY)
    except Exception:  # the cache (Redis) is down: the database still answers
        return ReminderPolicy.current().briefing_after_urges
    if value is None:
        value = ReminderPolicy.current().briefing_after_urges
        cache.set(ReminderPolicy.CACHE_KEY, value, 300)
    return value


def annotate(rows, *, until: datetime.date | None = None):
    """Set `row.urges` (an UrgeCount) on each row of a page; one pair of queries for all of them."""
    rows = list(rows)
    found = urge_counts((r.pk for r in rows), until=until)
    for row in rows:
        row.urges = found.get(row.pk) or UrgeCount()
    return rows


def with_history(rows):
    """Set `row.urge_lines` ([UrgeLine]) on rows already `annotate`d: who was urged on each day.

    The head is the one accountable on the đôn đốc's day (acting head first), read from the unit's
    dated appointments — the person the leadership briefing holds to account for that đôn đốc.
    Two queries for the whole page: the appointments and the officers.
    """
    rows = list(rows)
    urged = [r for r in rows if r.urges.manual]
    appointments = appointments_of({r.unit_id for r in urged})
    officer_ids = {u.by_id for r in urged for u in r.urges.manual_urges if u.by_id}
    officers = get_user_model().objects.in_bulk(officer_ids)
    for row in rows:
        lines = []
        for urge in row.urges.manual_urges if row.urges.manual else ():
            head = accountable_on(appointments.get(row.unit_id, []), urge.day)
            lines.append(UrgeLine(urge.day, officers.get(urge.by_id), head.user if head else None))
        row.urge_lines = lines
    return rows
