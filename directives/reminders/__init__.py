"""Reminders (đôn đốc): one digest a day per accountable person, exactly once, through outages.

The pieces:
- ``planning.reminders_due_on(day)`` decides who gets which items (reads only);
- ``ledger.plan_day(day)`` writes the day's digests once into the ledger (the outbox), in
  committed parts;
- ``sending.send_due()`` claims ledger rows with a lease and sends them over one connection,
  through ``session`` (with an SMTP mailer, a session held by a child process);
- ``run_for_day(day)`` does both, sending each part while the next is written and its mails are
  built (``rendering``: a single-threaded worker forks a process that plans and builds while it
  sends), for the ``send_reminders`` command, the Celery sweep and ``manage.py bench``.
"""

import datetime
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection as db_connection
from django.db import connections
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


def _send_part(ids, contents, built, connection, deadline, lost: threading.Event, progress):
    """Send a just committed part of the day's digests (in the sending thread), then close this thread's connections.

    `built` is the renderer's handle on the part's mails: waited for here, so that the next part
    is written while they are built.
    """
    from directives.reminders import sending

    try:
        prepared = built.result() if built is not None else {}
        if lost.is_set():  # the mail server is unreachable: the rows wait for the retry pass
            return sending.Sent()
        result = sending.send_due(
            connection=connection,
            ids=ids,
            # One claim for the part: the session is not left idle between chunks.
            chunk_size=max(len(ids), settings.PCTS_REMINDER_CHUNK_SIZE),
            contents=contents,
            prepared=prepared,
            time_budget=None if deadline is None else max(deadline - time.monotonic(), 0.0),
            progress=progress,
        )
        if result.error:
            lost.set()
        return result
    finally:
        connections.close_all()  # only this thread's


def _plan_and_send(day, connection, deadline, progress):
    """Plan `day` part by part, sending each committed part in a second thread while the next is written.

    Each part's mails are built by the renderer while PostgreSQL commits the part, and the sending
    thread waits for them; sending a day at province scale takes longer than writing it, and
    overlapped the job takes little more than the sending.
    """
    from directives.models import ReminderDelivery, ReminderPolicy
    from directives.reminders import ledger, rendering, sending

    passes, built, lost = [], [], threading.Event()
    result = sending.Sent()
    policy = ReminderPolicy.current()
    renderer = rendering.Threaded(policy)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="reminders-send") as sender:

        def render_meanwhile(deliveries):
            # While PostgreSQL commits the part, its mails are built beside it, so that the
            # sending thread only talks to the server and the ledger.
            built[:] = [renderer.submit(deliveries)]

        def send_committed(deliveries):
            mails = built.pop() if built else None  # waited for by the sending thread
            ids = [d.pk for d in deliveries if d.state == ReminderDelivery.State.PENDING]
            if ids:
                contents = {d.pk: d.content for d in deliveries}
                passes.append(
                    sender.submit(
                        _send_part, ids, contents, mails, connection, deadline, lost, progress
                    )
                )

        try:
            planned = ledger.plan_day(day, written=render_meanwhile, committed=send_committed)
        finally:
            renderer.close()
            for sent in passes:  # the parts committed are sent even when planning fails
                result.add(sent.result())
    return planned, result


def _send_planned_elsewhere(day, connection, deadline, progress):
    """Send `day`'s digests as a forked process plans them and builds their mails, part by part.

    This process only sends; an error of the planning is raised here once every part committed
    before it has been sent (the next sweep resumes the day).
    """
    from directives.models import ReminderPolicy
    from directives.reminders import rendering, sending

    planner = rendering.PlanningProcess(day, ReminderPolicy.current())
    result, planned, failure = sending.Sent(), None, None
    try:
        for kind, *payload in planner.frames():
            if kind == "part":
                ids, mails = payload
                if ids and not result.error:
                    result.add(
                        sending.send_due(
                            connection=connection,
                            ids=ids,
                            chunk_size=max(len(ids), settings.PCTS_REMINDER_CHUNK_SIZE),
                            prepared=mails,
                            time_budget=None
                            if deadline is None
                            else max(deadline - time.monotonic(), 0.0),
                            progress=progress,
                        )
                    )
            elif kind == "done":
                planned = payload[0]
            else:
                failure = payload[0]
    finally:
        planner.close()
    if failure is not None:
        raise failure if kind == "error" else PlanningEnded(f"{failure!r}")
    return planned, result


class PlanningEnded(RuntimeError):
    """The forked planning process ended before finishing the day: the next sweep resumes it."""


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
    from directives.reminders import ledger, planning, rendering, sending, session

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
        # One session for the whole run, shared by its sending passes (see reminders.session).
        connection = session.transport_for(connection or emails.mail_connection())
        try:
            if not db_connection.in_atomic_block and rendering.may_fork(connection):
                planned, result = _send_planned_elsewhere(day, connection, deadline, progress)
            elif db_connection.in_atomic_block:
                # Inside the caller's transaction no part is committed before it ends, so nothing
                # could be sent meanwhile: plan, then send in this thread.
                planned, result = ledger.plan_day(day), sending.Sent()
            else:
                planned, result = _plan_and_send(day, connection, deadline, progress)
            if not result.error:
                # Then whatever else is due: retries, manual đôn đốc, parts the budget left.
                result.add(
                    sending.send_due(
                        connection=connection,
                        time_budget=None
                        if deadline is None
                        else max(deadline - time.monotonic(), 0.0),
                        progress=progress,
                        contents=planned.contents,
                    )
                )
        finally:
            if own_connection or isinstance(connection, session.Process):
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
