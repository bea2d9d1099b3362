"""What /readyz checks: the database, Redis, migrations applied, and fresh heartbeats."""

import redis
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

from ops import heartbeat

_migrated = False  # once every migration is applied, this process's code stays applied


def check_database() -> dict:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"ok": True}


def check_redis() -> dict:
    location = settings.CACHES["default"]["LOCATION"]
    client = redis.Redis.from_url(location, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    finally:
        client.close()
    return {"ok": True}


def check_migrations() -> dict:
    global _migrated
    if not _migrated:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            pending = [f"{m.app_label}.{m.name}" for m, _backwards in plan]
            return {"ok": False, "pending": pending[:20], "count": len(pending)}
        _migrated = True
    return {"ok": True}


def check_heartbeats() -> dict[str, dict]:
    return {
        status.name: {
            "ok": status.fresh,
            "at": status.at.isoformat() if status.at else None,
            "age_seconds": round(status.age) if status.at else None,
            "max_age_seconds": status.max_age,
        }
        for status in heartbeat.statuses()
    }


def run() -> dict[str, dict]:
    """Run every check; a check that raises is failed with the error's class and message."""
    checks: dict[str, dict] = {}
    for name, check in (
        ("database", check_database),
        ("redis", check_redis),
        ("migrations", check_migrations),
    ):
        try:
            checks[name] = check()
        except (DatabaseError, redis.RedisError, OSError) as exc:
            checks[name] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
    if checks["database"]["ok"]:
        try:
            checks.update(check_heartbeats())
        except DatabaseError as exc:
            checks[heartbeat.BEAT] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
    else:
        for name in settings.PCTS_HEARTBEATS:
            checks[name] = {"ok": False, "error": "database unavailable"}
    return checks
