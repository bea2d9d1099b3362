"""Thin Celery tasks for reminders: ids in, a service call, and what a rerun does in the docstring."""

import datetime
import logging

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.utils import timezone

from directives import public_holidays, reminders
from directives.broker import publish
from directives.events import overdue
from directives.events import sending as events_sending
from directives.reminders import sending
from ops import heartbeat

logger = logging.getLogger(__name__)


def _budget() -> float:
    """Leave half the soft time limit free so a pass ends cleanly and hands over to the next task."""
    return settings.CELERY_TASK_SOFT_TIME_LIMIT / 2


def _follow_up(result: sending.Sent) -> None:
    """Enqueue the next pass when work remains: now if out of time, at the retry time after a failure."""
    if result.more:
        delay = 0.0
    elif result.retrying:
        delay = sending.next_retry_in()
        if delay is None:
            return
    else:
        return
    publish(reminders_send, [None], countdown=min(max(delay, 1.0), 3600.0))


@shared_task(name="directives.tasks.reminders_sweep", acks_late=True, reject_on_worker_lost=True)
def reminders_sweep(day: str | None = None) -> dict:
    """Plan today's digests once past the reminder hour (or `day`'s, given as YYYY-MM-DD) and send what is due.

    A rerun plans nothing new (the day's ledger rows exist) and sends only rows still pending or
    whose lease expired, so beat firing often, late or twice is harmless.
    """
    if day is None and not reminders.is_due():
        result = sending.send_due(time_budget=_budget())
        _follow_up(result)
        heartbeat.record(heartbeat.REMINDER_SWEEP)
        return {"planned": False, "sent": result.sent}
    target = datetime.date.fromisoformat(day) if day else timezone.localdate()
    summary = reminders.run_for_day(target, time_budget=_budget())
    _follow_up(sending.Sent(sent=summary.sent, retrying=summary.retrying, more=summary.more))
    logger.info(
        "Reminders %s: planned=%s digests=%d items=%d skipped=%d sent=%d failed=%d retrying=%d",
        target,
        summary.planned,
        summary.digests,
        summary.items,
        summary.skipped,
        summary.sent,
        summary.failed,
        summary.retrying,
    )
    if day is None:
        # A scheduled sweep finished: /readyz and the admin index watch this heartbeat.
        heartbeat.record(heartbeat.REMINDER_SWEEP)
    return {"planned": summary.planned, "digests": summary.digests, "sent": summary.sent}


@shared_task(name="directives.tasks.reminders_send", acks_late=True, reject_on_worker_lost=True)
def reminders_send(delivery_ids: list[int] | None = None) -> dict:
    """Send the given pending reminders (or every due one); a rerun skips rows already sent or leased."""
    result = sending.send_due(ids=delivery_ids, time_budget=_budget())
    _follow_up(result)
    return {"sent": result.sent, "failed": result.failed, "retrying": result.retrying}


@shared_task(name="directives.tasks.events_send", acks_late=True, reject_on_worker_lost=True)
def events_send(delivery_ids: list[int] | None = None) -> dict:
    """Send the given event outbox rows (or every due one); a rerun skips rows already sent or leased.

    Enqueued after the commit that wrote them, and by beat every minute (the sweep: what a broker,
    worker or SMTP outage left). A failed row waits its backoff; the sweep picks it up then.
    """
    result = events_sending.send_due(ids=delivery_ids)
    return {"sent": result.sent, "failed": result.failed, "retrying": result.retrying}


@shared_task(name="directives.tasks.overdue_events")
def overdue_events() -> int:
    """Tell integrations of items that became overdue (hourly, by beat; idempotent)."""
    return overdue.emit_overdue()


@shared_task(name="directives.tasks.holidays_roll")
def holidays_roll() -> list[int]:
    """Keep the working-day calendar seeded from last year to two years ahead (daily, by beat)."""
    return [seeded.year for seeded in public_holidays.ensure_years()]


@worker_ready.connect
def _sweep_when_a_worker_starts(sender=None, **kwargs):
    """Catch up at once after a restart instead of waiting for the next beat tick."""
    publish(reminders_sweep)
    publish(events_send)
