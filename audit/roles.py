"""Database roles: the owner migrates and owns every object; the app role owns nothing.

The app (web, Celery, `load_demo`) connects as the "default" alias, the role DATABASE_APP_USER
(`pcts_app`). It logs in, reads and writes the domain tables, and nothing more: it cannot create,
alter or drop objects, cannot switch triggers off (that needs the table's owner, and
`session_replication_role` needs a superuser), and cannot change or delete what the trail keeps:

- `audit_auditevent`: SELECT only. Rows come from the audit triggers, whose functions run as
  their owner (SECURITY DEFINER, migration audit 0002), never from the app's own statements.
- `audit_securityevent` and pghistory's event tables: SELECT and INSERT only (append-only).
- the chain's sequence `audit_chain_seq`: nothing.

`grant()` runs after every `migrate` on the owner's connection (post_migrate), creating the app
role when it is missing, so a table added by a later migration is granted as soon as it exists.
`ensure_role()` is also called by the embedded PostgreSQL's start (pcts/embedded.py), before
anything connects as the app role.
"""

import re

from django.apps import apps as global_apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

OWNER_ALIAS = "owner"
READ_ONLY = ("audit_auditevent",)
APPEND_ONLY_EXTRA = ("audit_securityevent",)
PRIVATE_SEQUENCES = ("audit_chain_seq",)
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class RoleError(Exception):
    """The app role cannot be created or granted; the message says what to do."""


def role_sql(name: str, password: str = "") -> str:
    """SQL creating the login role `name` that owns nothing, unless it exists (race-safe)."""
    if not _NAME.match(name):
        raise RoleError(f"Tên vai trò cơ sở dữ liệu không hợp lệ: {name!r} (chỉ a–z, 0–9, _).")
    secret = " PASSWORD '" + password.replace("'", "''") + "'" if password else ""
    return (
        "DO $$ BEGIN "
        f"IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{name}') THEN "
        f"CREATE ROLE {name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION "
        f"NOBYPASSRLS NOINHERIT{secret}; "
        "END IF; "
        "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; "
        "END $$"
    )


def ensure_role(cursor, name: str, password: str = "") -> None:
    """Create the app role when missing; say clearly what to do when this role may not."""
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name])
    if cursor.fetchone():
        return
    cursor.execute(
        "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user",
    )
    if not cursor.fetchone()[0]:
        raise RoleError(
            f"Vai trò ứng dụng {name!r} chưa có và vai trò chủ sở hữu không được tạo vai trò. "
            f"Hãy để quản trị CSDL chạy: CREATE ROLE {name} LOGIN PASSWORD '…'; "
            "rồi chạy lại manage.py migrate."
        )
    cursor.execute(role_sql(name, password))


def append_only_tables(apps=global_apps) -> list[str]:
    from audit import triggers

    history = [t for t in triggers.project_tables(apps) if triggers.is_history_table(t, apps)]
    return sorted({*history, *APPEND_ONLY_EXTRA})


def grant(sender=None, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    """Give the app role what the app needs on this database (idempotent; run after migrate)."""
    connection = connections[using]
    app = settings.PCTS_DB_APP_ROLE  # the role, whatever the default alias points at now
    if connection.vendor != "postgresql" or connection.settings_dict["USER"] == app["USER"]:
        return  # migrating as the app role itself: PostgreSQL refuses the DDL anyway
    role = app["USER"]
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        ensure_role(cursor, role, app["PASSWORD"])
        cursor.execute("SELECT current_database()")
        database = cursor.fetchone()[0]
        statements = [
            f'GRANT CONNECT ON DATABASE "{database}" TO {role}',
            f"GRANT USAGE ON SCHEMA public TO {role}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
            f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA public "
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA public "
            f"GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {role}",
        ]
        for table in READ_ONLY:
            if table in existing:
                statements += [
                    f"REVOKE ALL ON {table} FROM {role}",
                    f"GRANT SELECT ON {table} TO {role}",
                ]
        for table in append_only_tables(apps):
            if table in existing:
                statements += [
                    f'REVOKE ALL ON "{table}" FROM {role}',
                    f'GRANT SELECT, INSERT ON "{table}" TO {role}',
                ]
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relkind = 'S' AND relname = ANY(%s)",
            [list(PRIVATE_SEQUENCES)],
        )
        statements += [
            f"REVOKE ALL ON SEQUENCE {name} FROM {role}" for (name,) in cursor.fetchall()
        ]
        for statement in statements:
            cursor.execute(statement)
