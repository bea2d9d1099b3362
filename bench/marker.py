"""The marker row that says what a bench database holds, and keeping reused data current."""

import datetime
import json
import logging

from django.db import DatabaseError, connection, transaction

from directives.models import TALLY_REBUILD_SQL

log = logging.getLogger(__name__)

MARKER_DDL = """
CREATE TABLE IF NOT EXISTS bench_marker (
    scale text NOT NULL,
    version integer NOT NULL,
    seed integer NOT NULL,
    spec jsonb NOT NULL,
    anchor date NOT NULL,
    seconds double precision NOT NULL,
    personas jsonb NOT NULL,
    generated_at timestamptz NOT NULL DEFAULT now()
)
"""


def disable_triggers(cursor) -> bool:
    """Switch off triggers (audit, immutability, foreign-key checks) for this transaction."""
    try:
        with transaction.atomic():
            cursor.execute("SET LOCAL session_replication_role = replica")
        return True
    except DatabaseError:  # not a superuser: load with triggers on (slower, audit rows written)
        log.warning("bench: cannot switch triggers off; loading with triggers on")
        return False


def analyze() -> None:
    """Refresh planner statistics and the visibility map after a bulk change."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


def read_marker() -> dict | None:
    """Return the marker of the current database, or None when it holds no generated data."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_marker') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return None
        cursor.execute(
            "SELECT scale, version, seed, spec, anchor, seconds, personas FROM bench_marker"
        )
        row = cursor.fetchone()
    if row is None:
        return None
    keys = ("scale", "version", "seed", "spec", "anchor", "seconds", "personas")
    marker = dict(zip(keys, row, strict=True))
    for key in ("spec", "personas"):  # Django's psycopg setup hands jsonb over as text
        if isinstance(marker[key], str):
            marker[key] = json.loads(marker[key])
    return marker


SHIFTS = [
    ("directives_directive", ["issued_on"], ["created_at", "updated_at"]),
    ("directives_task", [], ["created_at"]),
    (
        "directives_assignment",
        [
            "original_deadline",
            "effective_deadline",
            "reported_on",
            "completed_on",
            "returned_claim_on",
        ],
        ["last_report_at", "assigned_at", "accepted_at", "returned_at", "changed_at", "revised_at"],
    ),
    ("directives_progressreport", ["submitted_on"], ["submitted_at"]),
    ("directives_reportreview", [], ["decided_at"]),
]


def shift_dates(days: int, today: datetime.date) -> None:
    """Move every generated date by `days`, so reused data stands in the same place relative to today."""
    with transaction.atomic(), connection.cursor() as cursor:
        disable_triggers(cursor)
        for table, dates, stamps in SHIFTS:
            sets = [f"{c} = {c} + %(days)s" for c in dates]
            sets += [f"{c} = {c} + make_interval(days => %(days)s)" for c in stamps]
            if table == "directives_assignment":
                sets.append("deadline_text = to_char(effective_deadline + %(days)s, 'DD/MM/YYYY')")
            cursor.execute(f"UPDATE {table} SET {', '.join(sets)}", {"days": days})
        cursor.execute("UPDATE bench_marker SET anchor = %s", [today])
        cursor.execute(TALLY_REBUILD_SQL)  # months and on-time flags follow the moved dates
    analyze()
