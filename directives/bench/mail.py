"""Measure the reminder sweep against a bare smtplib loop, both sending to a local aiosmtpd sink.

The job (`directives.reminders.run_for_day(day, send=True, connection=…)`) runs as in
production, committing as it goes; afterwards exactly the ledger rows it created are deleted,
so every run plans and sends the same digests. (A rolled-back outer transaction would turn its
many small transactions into savepoints, which slows PostgreSQL down and would distort the
figure.) The bare loop then resends the very messages the sink received, pre-rendered, over
one connection: R_mail = job seconds / loop seconds.
"""

import importlib
import logging
import smtplib
import socket
import threading
import time
from collections import Counter

from django.apps import apps
from django.db import connection as db
from django.db import transaction
from django.utils import timezone


class Sink:
    """An aiosmtpd handler that keeps every message and counts envelope recipients."""

    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.messages: list[tuple[str, list[str], bytes]] = []
            self.per_recipient: Counter = Counter()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        with self.lock:
            self.messages.append(
                (envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content)
            )
            self.per_recipient.update(address.lower() for address in envelope.rcpt_tos)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_sink():
    """Start an SMTP sink on a free local port; return (controller, handler)."""
    from aiosmtpd.controller import Controller

    # aiosmtpd logs every SMTP line at INFO; that would slow the sink and flood the output.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    handler = Sink()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    return controller, handler


def reminders_available():
    """Return directives.reminders.run_for_day when the reminders exist, else None."""
    try:
        module = importlib.import_module("directives.reminders")
    except ImportError:
        return None
    return getattr(module, "run_for_day", None)


# The reminder ledger, children first; each run's rows have ids above the marks taken before it.
LEDGER_MODELS = ["Notification", "ReminderItem", "ReminderDelivery", "ReminderRun"]


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
    """Delete exactly the ledger rows created after `marks` were taken."""
    with transaction.atomic(), db.cursor() as cursor:
        for table, mark in marks.items():
            cursor.execute(f'DELETE FROM "{table}" WHERE id > %s', [mark])


def _bare_loop(port: int, messages) -> float:
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
        for sender, recipients, content in messages:
            smtp.sendmail(sender, recipients, content)
    return time.perf_counter() - started


def measure_reminders(run_for_day) -> dict:
    """Run the full sweep and send once (then undo its ledger) and the bare loop; return the metrics."""
    from django.core.mail.backends.smtp import EmailBackend

    controller, sink = start_sink()
    try:
        connection = EmailBackend(host="127.0.0.1", port=controller.port, timeout=30, alias="bench")
        day = timezone.localdate()
        marks = _ledger_marks(_ledger_tables())
        try:
            started = time.perf_counter()
            summary = run_for_day(day, send=True, connection=connection)
            seconds = time.perf_counter() - started
        finally:
            connection.close()
            _delete_since(marks)
        messages = list(sink.messages)
        counts = dict(sink.per_recipient)
        sink.reset()
        bare = _bare_loop(controller.port, messages)
        bare_ok = len(sink.messages) == len(messages)
    finally:
        controller.stop()
    digests = getattr(summary, "digests", len(messages))
    return {
        "digests": digests,
        "items": getattr(summary, "items", None),
        "messages": len(messages),
        "recipients": len(counts),
        "seconds": round(seconds, 3),
        "one_per_recipient": bool(messages)
        and all(n == 1 for n in counts.values())
        and len(messages) == digests,
        "sent": getattr(summary, "sent", None),
        "failed": getattr(summary, "failed", None),
        "largest_message_bytes": max((len(content) for _s, _r, content in messages), default=0),
        "bare_loop_seconds": round(bare, 3),
        "bare_loop_ok": bare_ok,
    }
