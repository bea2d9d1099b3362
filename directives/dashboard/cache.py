"""The dashboard's grouped counts, cached for as long as nothing they count has changed.

The key is the counting query itself (its SQL and parameters carry the selection, what the user
may see, the day judged and today) with the database's name and `DataVersion`: statement
triggers bump that number in every transaction that writes an assignment, task, directive or
unit, so a reader that can see a change gets a new key and counts afresh. A leader reopening the
dashboard, or ten leaders opening the same one, reuse one count until the next write.
`PCTS_DASHBOARD_CACHE_SECONDS = 0` switches it off (the benchmark's `*_cold` metrics).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import connections

_VERSION_SQL = "SELECT n FROM directives_dataversion WHERE name = 'dashboard'"


def _version(alias: str) -> int | None:
    with connections[alias].cursor() as cursor:
        cursor.execute(_VERSION_SQL)
        row = cursor.fetchone()
    return row[0] if row else None


def grouped_rows(alias: str, sql: str, params: list) -> list[tuple]:
    """Return the rows of the counting query `sql`, from the cache when nothing changed since."""
    seconds = settings.PCTS_DASHBOARD_CACHE_SECONDS
    version = _version(alias) if seconds else None
    if version is None:
        return _run(alias, sql, params)
    database = connections[alias].settings_dict["NAME"]
    digest = hashlib.sha256(repr((database, version, sql, params)).encode()).hexdigest()
    key = f"dashboard-counts:{digest}"
    rows = cache.get(key)
    if rows is None:
        rows = _run(alias, sql, params)
        cache.set(key, rows, seconds)
    return rows


def _run(alias: str, sql: str, params: list) -> list[tuple]:
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
