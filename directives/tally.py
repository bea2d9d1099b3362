"""The completed tally (`CompletedTally`): rebuild it, and find where it drifted from the rows.

Statement triggers keep the tally exact in normal operation. A load that switches triggers off
(`session_replication_role = replica`: restores, the benchmark's generator) must rebuild it.
"""

from django.db import connection, transaction

from directives.models import TALLY_REBUILD_SQL, TALLY_RECOUNT_SQL

_DRIFT_SQL = f"""
WITH recount AS ({TALLY_RECOUNT_SQL}),
kept AS (
    SELECT unit_id, role, is_key, deadline_month, on_time, n FROM directives_completedtally WHERE n <> 0
)
SELECT coalesce(r.unit_id, k.unit_id), coalesce(r.role, k.role), coalesce(r.is_key, k.is_key),
       coalesce(r.deadline_month, k.deadline_month), coalesce(r.on_time, k.on_time),
       coalesce(r.n, 0), coalesce(k.n, 0)
FROM recount r FULL JOIN kept k
  ON (r.unit_id, r.role, r.is_key) = (k.unit_id, k.role, k.is_key)
 AND r.deadline_month IS NOT DISTINCT FROM k.deadline_month AND r.on_time IS NOT DISTINCT FROM k.on_time
WHERE r.n IS DISTINCT FROM k.n
ORDER BY 1, 2, 3, 4, 5
"""


def rebuild() -> int:
    """Recount the tally from the assignments in one transaction; return its number of rows."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("LOCK TABLE directives_completedtally IN EXCLUSIVE MODE")
        cursor.execute(TALLY_REBUILD_SQL)
        cursor.execute("SELECT count(*) FROM directives_completedtally")
        return cursor.fetchone()[0]


def drift() -> list[tuple]:
    """Return (unit_id, role, is_key, month, on_time, counted, kept) for every key where the tally is wrong."""
    with connection.cursor() as cursor:
        cursor.execute(_DRIFT_SQL)
        return cursor.fetchall()
