"""The benchmark's own database: `<NAME>_bench_<scale>` on the server the app uses.

Switching works the way Django's test runner switches to its test database: close the
connection, point settings.DATABASES['default'] and the connection's settings at the new
name, so every page the test client renders reads the benchmark data.

The bench creates, loads (triggers off) and vacuums its databases, which only the owner may do
(audit/roles.py): `as_owner()` points the default alias at the owner's role for the whole run.
"""

import psycopg
from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections

_DJANGO_OPTIONS = {"isolation_level", "server_side_binding", "assume_role", "pool", "context"}


def connect_kwargs(settings_dict: dict, dbname: str) -> dict:
    """Return psycopg.connect() arguments for `dbname` with the app's host, port and credentials."""
    kwargs = {"dbname": dbname}
    for key, name in (
        ("USER", "user"),
        ("PASSWORD", "password"),
        ("HOST", "host"),
        ("PORT", "port"),
    ):
        if settings_dict.get(key):
            kwargs[name] = str(settings_dict[key])
    kwargs.update(
        {k: v for k, v in settings_dict.get("OPTIONS", {}).items() if k not in _DJANGO_OPTIONS}
    )
    return kwargs


def bench_name(base: str, scale_name: str) -> str:
    return f"{base}_bench_{scale_name.lower()}"[:63]


def _admin(settings_dict: dict):
    return psycopg.connect(**connect_kwargs(settings_dict, "postgres"), autocommit=True)


def exists(settings_dict: dict, name: str) -> bool:
    with _admin(settings_dict) as conn:
        return (
            conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            is not None
        )


def create(settings_dict: dict, name: str) -> None:
    with _admin(settings_dict) as conn:
        conn.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")


def drop(settings_dict: dict, name: str) -> None:
    with _admin(settings_dict) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Switched:
    """Context manager: run Django against database `name`, then go back to the original."""

    def __init__(self, name: str):
        self.name = name
        self.original = None

    def __enter__(self):
        self.original = connection.settings_dict["NAME"]
        _point_at(self.name)
        return self

    def __exit__(self, *exc):
        _point_at(self.original)
        return False


def as_owner() -> None:
    """Connect the default alias as the database owner (the bench builds its own databases)."""
    owner = settings.DATABASES.get("owner")
    if not owner:
        return
    connection.close()
    for key in ("USER", "PASSWORD", "HOST", "PORT"):
        settings.DATABASES["default"][key] = connection.settings_dict[key] = owner[key]


def _point_at(name: str) -> None:
    for conn in connections.all(initialized_only=True):
        conn.close()
    for alias in settings.DATABASES:
        settings.DATABASES[alias]["NAME"] = connections[alias].settings_dict["NAME"] = name


def migrate() -> None:
    # On the default alias, which as_owner() connected as the owner for the whole run.
    call_command("migrate", database="default", interactive=False, verbosity=0)
