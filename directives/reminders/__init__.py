"""Reminders (đôn đốc): one digest a day per accountable person, exactly once, through outages.

One path, in the worker's process:
- ``planning.reminders_due_on(day)`` decides who gets which items (reads only);
- ``ledger.plan_day(day)`` writes the day's digests once into the ledger (the outbox), in
  committed parts, under the day's advisory lock, and marks the day's run complete at the end;
- ``sending.send_due()`` claims ledger rows (SKIP LOCKED, with a lease) and sends them over one
  Django mail connection, marking each row sent on its claim token, retrying with backoff;
- ``run_for_day(day)`` does both, sending each part as soon as it is committed, for the
  ``send_reminders`` command, the Celery sweep and ``manage.py bench``.
The mails are built by ``directives.emails`` from templates/emails/.
"""

import datetime
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django import db
from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)


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
    from directives import emails
    from directives.models import ReminderDelivery
    from directives.reminders import ledger, planning, sending

    started = time.monotonic()
    summary = Summary(day=day)
    if dry_run:
        from directives.models import ReminderRun

        if not ReminderRun.objects.filter(day=day, completed_at__isnull=False).exists():
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
    if not send:
        planned, result = ledger.plan_day(day), None
    else:
        deadline = None if time_budget is None else started + time_budget
        own_connection = connection is None
        connection = connection or emails.mail_connection()
        result = sending.Sent()

        def remaining() -> float | None:
            return None if deadline is None else max(deadline - time.monotonic(), 0.0)

        def send_part(rows) -> None:
            """Send a part of the day as soon as it is committed (one claim for the part)."""
            ids = [row.pk for row in rows if row.state == ReminderDelivery.State.PENDING]
            if ids and not result.error:
                result.add(
                    sending.send_due(
                        connection=connection,
                        ids=ids,
                        chunk_size=max(len(ids), settings.PCTS_REMINDER_CHUNK_SIZE),
                        contents={row.pk: row.content for row in rows},
                        time_budget=remaining(),
                        progress=progress,
                    )
                )

        try:
            # Inside a caller's transaction nothing is committed before it ends: plan, then send.
            planned = ledger.plan_day(
                day, committed=None if db.connection.in_atomic_block else send_part
            )
            if not result.error:
                # Then whatever else is due: retries, manual đôn đốc, parts the budget left.
                result.add(
                    sending.send_due(
                        connection=connection,
                        time_budget=remaining(),
                        progress=progress,
                        contents=planned.contents,
                    )
                )
        finally:
            if own_connection:
                try:
                    connection.close()
                except Exception:  # closing a broken SMTP session may raise; nothing is left to do
                    logger.debug("Closing the mail connection failed.", exc_info=True)
    summary.planned = planned.created
    summary.recipients, summary.digests = planned.recipients, planned.digests
    summary.items, summary.skipped = planned.items, planned.skipped
    if result is not None:
        summary.sent, summary.failed, summary.retrying = result.sent, result.failed, result.retrying
        summary.more = result.more
    summary.seconds = time.monotonic() - started
    return summary
