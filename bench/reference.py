"""The reference: the dashboard's per-unit counts as one plain GROUP BY, run straight through psycopg.

R_dash = dashboard p50 / reference p50 says how much the page adds to the bare aggregate.
"""

import statistics
import time

import psycopg

from bench.database import connect_kwargs
from bench.pages import quantile

REFERENCE_SQL = """\
SELECT a.unit_id,
       count(*) AS total,
       count(*) FILTER (WHERE a.state = 'completed' AND a.completed_on <= a.effective_deadline) AS completed_on_time,
       count(*) FILTER (WHERE a.state = 'completed' AND a.completed_on > a.effective_deadline) AS completed_late,
       count(*) FILTER (WHERE a.state = 'reported') AS awaiting_review,
       count(*) FILTER (WHERE a.state IN ('assigned', 'in_progress', 'returned')
                          AND a.effective_deadline < d.today) AS overdue,
       count(*) FILTER (WHERE a.state IN ('assigned', 'in_progress', 'returned')
                          AND a.effective_deadline BETWEEN d.today AND d.today + 7) AS due_soon,
       count(*) FILTER (WHERE a.state IN ('assigned', 'in_progress', 'returned')
                          AND a.effective_deadline > d.today + 7) AS in_progress
FROM directives_assignment a,
     (SELECT (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS today) d
WHERE a.state <> 'cancelled'
GROUP BY a.unit_id
ORDER BY a.unit_id"""


def measure_reference(settings_dict: dict, dbname: str, runs: int, warmup: int = 5) -> dict:
    """Time the reference query `runs` times after `warmup` runs on its own connection."""
    samples, rows = [], 0
    with psycopg.connect(**connect_kwargs(settings_dict, dbname), autocommit=True) as conn:
        for _ in range(warmup):
            conn.execute(REFERENCE_SQL).fetchall()
        for _ in range(runs):
            started = time.perf_counter()
            rows = len(conn.execute(REFERENCE_SQL).fetchall())
            samples.append((time.perf_counter() - started) * 1000)
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(quantile(samples, 0.95), 2),
        "queries": 1,
        "runs": runs,
        "rows": rows,
    }
