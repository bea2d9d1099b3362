"""The completed tally: completed assignments counted by statement triggers on Assignment."""

import pgtrigger
from django.db import models

from units.models import Unit

# A completed assignment's timeliness never changes once the day judged reaches its completion
# date: on time, late, or (no deadline) regular. The dashboard counts those rows from this small
# tally instead of reading them one by one; statement triggers on Assignment keep it exact in the
# same transaction as every insert, update and delete (bulk ones included).

_TALLY_KEY = "unit_id, role, is_key, deadline_month, on_time"


def _tally_rows(table: str, sign: int) -> str:
    return (
        "SELECT unit_id, role, is_key, date_trunc('month', effective_deadline::timestamp)::date AS deadline_month,"
        f" completed_on <= effective_deadline AS on_time, {sign} AS d"
        f" FROM {table} WHERE state = 'completed'"
    )


def _tally_delta(*parts: str) -> str:
    return (
        f"INSERT INTO directives_completedtally AS t ({_TALLY_KEY}, n)"
        f" SELECT {_TALLY_KEY}, sum(d) FROM ({' UNION ALL '.join(parts)}) AS changed"
        f" GROUP BY {_TALLY_KEY} HAVING sum(d) <> 0 ORDER BY {_TALLY_KEY}"
        f" ON CONFLICT ({_TALLY_KEY}) DO UPDATE SET n = t.n + EXCLUDED.n;"
        " RETURN NULL;"
    )


# Every completed assignment's tally key, counted: what the tally must hold.
TALLY_RECOUNT_SQL = (
    f"SELECT {_TALLY_KEY}, count(*) AS n FROM ({_tally_rows('directives_assignment', 1)}) AS done"
    f" GROUP BY {_TALLY_KEY}"
)
TALLY_REBUILD_SQL = (
    "DELETE FROM directives_completedtally;"
    f" INSERT INTO directives_completedtally ({_TALLY_KEY}, n) {TALLY_RECOUNT_SQL}"
)

TALLY_TRIGGERS = [
    pgtrigger.Trigger(
        name="completed_tally_insert",
        level=pgtrigger.Statement,
        when=pgtrigger.After,
        operation=pgtrigger.Insert,
        referencing=pgtrigger.Referencing(new="new_rows"),
        func=_tally_delta(_tally_rows("new_rows", 1)),
    ),
    pgtrigger.Trigger(
        name="completed_tally_update",
        level=pgtrigger.Statement,
        when=pgtrigger.After,
        operation=pgtrigger.Update,
        referencing=pgtrigger.Referencing(old="old_rows", new="new_rows"),
        func=_tally_delta(_tally_rows("new_rows", 1), _tally_rows("old_rows", -1)),
    ),
    pgtrigger.Trigger(
        name="completed_tally_delete",
        level=pgtrigger.Statement,
        when=pgtrigger.After,
        operation=pgtrigger.Delete,
        referencing=pgtrigger.Referencing(old="old_rows"),
        func=_tally_delta(_tally_rows("old_rows", -1)),
    ),
]


class CompletedTally(models.Model):
    """Completed assignments counted by unit, role, key task or not, month of deadline, on time or late.

    Kept by the statement triggers on Assignment (`TALLY_TRIGGERS`); rebuild with
    `manage.py rebuild_completed_tally` after loading data with triggers switched off. A row
    without a month counts completed assignments without a deadline (regular tasks).
    """

    unit = models.ForeignKey(
        Unit, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    role = models.CharField(max_length=12)
    is_key = models.BooleanField(default=False)
    deadline_month = models.DateField(null=True)
    on_time = models.BooleanField(null=True)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "role", "is_key", "deadline_month", "on_time"],
                nulls_distinct=False,
                name="completed_tally_key",
            ),
        ]

    def __str__(self):
        key = " key" if self.is_key else ""
        return f"{self.unit_id} {self.role}{key} {self.deadline_month} {self.on_time}: {self.n}"


class DataVersion(models.Model):
    """A number renewed (from a sequence) by every statement writing what the dashboard counts.

    Statement triggers on assignments, tasks, directives and units (migration 0030) add one in
    the writing transaction, so a reader that sees the new rows sees the new number: the
    dashboard's cached counts are keyed on it (`directives/dashboard/cache.py`) and are never
    served for data that has changed since.
    """

    name = models.CharField(primary_key=True, max_length=20)
    n = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.name}: {self.n}"
