"""Reminders (đôn đốc): one digest a day per accountable person, exactly once, through outages.

The pieces:
- ``planning.reminders_due_on(day)`` decides who gets which items (reads only);
- ``ledger.plan_day(day)`` writes the day's digests once into the ledger (the outbox);
- ``sending.send_due()`` claims ledger rows with a lease and sends them over one connection;
- ``run_for_day(day)`` does both, for the ``send_reminders`` command, the Celery sweep and
  ``manage.py bench``.
"""

import datetime
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections
from django.utils import timezone


@dataclass
class Summary:
    """What one run did for a day; the figures `send_reminders` and `bench` print."""

    day: datetime.date
    planned: bool = False  # False when the day's digests had been planned already
    recipients: int = 0  # distinct addresses (to and cc) in the digests planned now
    digests: int = 0  # digest rows planned now
    items: int = 0  # item lines in those digests
    skipped: int = 0  # items with nobody accountable + digests whose recipient has no address
    sent: int = 0  # messages the server accepted in this run (any day, manual ones too)
    failed: int = 0  # messages marked failed in this run
    retrying: int = 0  # messages put back for a later retry
    more: bool = False  # sending stopped on its time budget with rows left
    seconds: float = 0.0
    details: list = field(default_factory=list)  # dry run: the digests that would be sent


def is_due(now: datetime.datetime | None = None) -> bool:
    """Say whether today's digests may be planned: it is past PCTS_REMINDER_HOUR, local time."""
    local = timezone.localtime(now or timezone.now())
    return local.hour >= settings.PCTS_REMINDER_HOUR


def _prepare_in_thread(deliveries, policy) -> dict:
    """Run sending.prepare in the render thread, then close that thread's own database connections."""
    from directives.reminders import sending

    try:
        return sending.prepare(deliveries, policy)
    finally:
        connections.close_all()  # only this thread's, should a template have queried


def run_for_day(
    day: datetime.date,
    *,
    send: bool = True,
    connection=None,
    dry_run: bool = False,
    time_budget: float | None = None,
    progress: Callable | None = None,
) -> Summary:
    """Plan `day`'s digests (once; whatever the hour) and, with `send`, send every due ledger row.

    Safe to call again, concurrently, late or after an outage: the day's digests are written once and
    each row is sent once. `connection` reuses an open mail connection (default: the configured
    mailer). `dry_run` writes and sends nothing and lists in `details` what would be sent.
    Returns a Summary; `manage.py bench` reports its `seconds`, `digests` and `sent`.
    """
    from directives.models import ReminderPolicy
    from directives.reminders import ledger, planning, sending

    started = time.monotonic()
    summary = Summary(day=day)
    if dry_run:
        from directives.models import ReminderRun

        if not ReminderRun.objects.filter(day=day).exists():
            plan = planning.reminders_due_on(day)
            summary.planned = True
            summary.digests = len(plan.digests)
            summary.items = plan.item_count
            summary.skipped = len(plan.unaddressed) + sum(
                1 for d in plan.digests if not d.recipient.email
            )
            addresses = {d.recipient.email for d in plan.digests if d.recipient.email}
            addresses |= {u.email for d in plan.digests for u in d.cc if u.email}
            summary.recipients = len(addresses)
            summary.details = plan.digests
        summary.seconds = time.monotonic() - started
        return summary
    prepared = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="reminders-render") as renderer:
        # While the ledger rows are copied in and committed (PostgreSQL's work), their mails are
        # rendered beside it; they are sent only once committed and claimed.
        policy = ReminderPolicy.current() if send else None

        def render_meanwhile(deliveries):
            prepared.append(renderer.submit(_prepare_in_thread, deliveries, policy))

        planned = ledger.plan_day(day, written=render_meanwhile if send else None)
        messages = prepared[0].result() if prepared else {}
    summary.planned = planned.created
    summary.recipients, summary.digests = planned.recipients, planned.digests
    summary.items, summary.skipped = planned.items, planned.skipped
    if send:
        result = sending.send_due(
            connection=connection,
            time_budget=time_budget,
            progress=progress,
            contents=planned.contents,
            prepared=messages,
        )
        summary.sent, summary.failed, summary.retrying = result.sent, result.failed, result.retrying
        summary.more = result.more
    summary.seconds = time.monotonic() - started
    return summary
