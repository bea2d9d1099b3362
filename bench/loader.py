"""Bulk-load helpers: COPY rows or INSERT … SELECT into a model's table, filling unnamed columns.

Other engineers keep adding fields to the models; a column the generator does not name takes
its model default (or NULL), so the generator keeps working after a new migration.
"""

from django.db import connection
from django.db.models import NOT_PROVIDED
from django.utils import timezone


def _filled_columns(model, named: list[str]) -> tuple[list[str], list]:
    """Return the columns (and constant values) the caller did not name but the table needs."""
    columns, values = [], []
    for field in model._meta.concrete_fields:
        column = field.column
        if column in named or field.primary_key:
            continue
        if getattr(field, "db_default", NOT_PROVIDED) is not NOT_PROVIDED or field.null:
            continue
        if field.unique:
            raise ValueError(
                f"bench loader: {model._meta.db_table}.{column} is unique; name it explicitly"
            )
        value = field.get_default()  # "" for text fields without a default
        if value is None and (
            getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        ):
            value = timezone.now()
        if value is None:
            raise ValueError(
                f"bench loader does not know how to fill {model._meta.db_table}.{column}"
            )
        columns.append(column)
        values.append(field.get_db_prep_save(value, connection))
    return columns, values


def copy_rows(cursor, model, columns: list[str], rows) -> int:
    """COPY `rows` (tuples in `columns` order) into the model's table; return the row count."""
    extra_columns, extra_values = _filled_columns(model, columns)
    names = ", ".join(f'"{c}"' for c in [*columns, *extra_columns])
    count = 0
    with cursor.copy(f'COPY "{model._meta.db_table}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row((*row, *extra_values))
            count += 1
    return count


def insert_select(cursor, model, expressions: dict[str, str], from_sql: str, params=()) -> int:
    """Run INSERT INTO model (…) SELECT expressions FROM …; return the number of rows inserted."""
    extra_columns, extra_values = _filled_columns(model, list(expressions))
    names = ", ".join(f'"{c}"' for c in [*expressions, *extra_columns])
    select = ", ".join([*expressions.values(), *["%s"] * len(extra_values)])
    cursor.execute(
        f'INSERT INTO "{model._meta.db_table}" ({names}) SELECT {select} {from_sql}',
        [*extra_values, *params],
    )
    return cursor.rowcount


def reset_sequence(cursor, model) -> None:
    """Move the table's id sequence past the ids loaded explicitly."""
    table = model._meta.db_table
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE((SELECT max(id) FROM \"{table}\"), 0) + 1, false)",
        [table],
    )
