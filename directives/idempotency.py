"""Idempotent writes: a request sent twice with one token (double click, retry) gets the first result.

The client picks the token once per form, or sends an Idempotency-Key with an API call
(api.idempotency keys it by token and key); the database keeps it unique. A repeat arriving
after the first committed finds the first's rows. One running at the same time blocks on the unique index until the first commits, fails inside a savepoint, and
then finds them: the duplicate answers with the first result instead of an IntegrityError.
"""

from collections.abc import Callable

from django.db import IntegrityError, transaction


def first_or_write[T](find: Callable[[], T | None], write: Callable[[], T]) -> tuple[T, bool]:
    """Return (what `find` finds, False), else (what `write` makes, True).

    `find` looks the token up (None or empty when absent); `write` inserts the row holding the
    token first, so a concurrent twin fails before it writes anything else.
    """
    found = find()
    if found:
        return found, False
    try:
        with transaction.atomic():
            return write(), True
    except IntegrityError:
        found = find()
        if not found:  # another constraint failed: not a duplicate
            raise
        return found, False
