"""Measure the reminder sweep against a bare smtplib loop, both sending to a local aiosmtpd sink.

The sink runs in its own process (bench.sink), as a mail server would.

The job (`directives.reminders.run_for_day(day, send=True, connection=…)`) runs as in
production, committing as it goes; afterwards exactly the ledger rows it created are deleted,
so every run plans and sends the same digests. (A rolled-back outer transaction would turn its
many small transactions into savepoints, which slows PostgreSQL down and would distort the
figure.) The bare loop then resends the very messages the sink received, pre-rendered, over
one connection: R_mail = job seconds / loop seconds.
"""

import smtplib
import time

from django.apps import apps
from django.db import connection as db
from django.db import transaction
from django.utils import timezone

from bench.sink import SinkProcess
from directives.reminders import run_for_day

# The reminder ledger, children first; each run's rows have ids above the marks taken before it.
LEDGER_MODELS = ["Notification", "ReminderDelivery", "ReminderRun"]


def _ledger_tables() -> list[str]:
    models = apps.get_app_config("directives").models
    return [models[n.lower()]._meta.db_table for n in LEDGER_MODELS if n.lower() in models]


def _ledger_marks(tables: list[str]) -> dict[str, int]:
    with db.cursor() as cursor:
        marks = {}
        for table in tables:
            cursor.execute(f'SELECT COALESCE(max(id), 0) FROM "{table}"')
            marks[table] = cursor.fetchone()[0]
    return marks


def _delete_since(marks: dict[str, int]) -> None:
    """Delete exactly the ledger rows created after `marks` were taken, and vacuum them away.

    Without the vacuum every run would leave tens of thousands of dead rows behind, and the next
    run would read a bigger ledger than the one before.
    """
    with transaction.atomic(), db.cursor() as cursor:
        for table, mark in marks.items():
            cursor.execute(f'DELETE FROM "{table}" WHERE id > %s', [mark])
    with db.cursor() as cursor:
        for table in marks:
            cursor.execute(f'VACUUM (ANALYZE) "{table}"')


def _bare_loop(port: int, messages) -> float:
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
        for sender, recipients, content in messages:
            smtp.sendmail(sender, recipients, content)
    return time.perf_counter() - started


def measure_reminders() -> dict:
    """Run the full sweep and send once (then undo its ledger) and the bare loop; return the metrics."""
    from django.core.mail.backends.smtp import EmailBackend

    sink = SinkProcess()
    try:
        connection = EmailBackend(host="127.0.0.1", port=sink.port, timeout=30, alias="bench")
        day = timezone.localdate()
        marks = _ledger_marks(_ledger_tables())
        try:
            started = time.perf_counter()
            summary = run_for_day(day, send=True, connection=connection)
            seconds = time.perf_counter() - started
        finally:
            connection.close()
            _delete_since(marks)
        messages, counts = sink.take()
        bare = _bare_loop(sink.port, messages)
        bare_ok = len(sink.take()[0]) == len(messages)
    finally:
        sink.stop()
    return {
        "digests": summary.digests,
        "items": summary.items,
        "messages": len(messages),
        "recipients": len(counts),
        "seconds": round(seconds, 3),
        "one_per_recipient": bool(messages)
        and all(n == 1 for n in counts.values())
        and len(messages) == summary.digests,
        "sent": summary.sent,
        "failed": summary.failed,
        "largest_message_bytes": max((len(content) for _s, _r, content in messages), default=0),
        "bare_loop_seconds": round(bare, 3),
        "bare_loop_ok": bare_ok,
    }
