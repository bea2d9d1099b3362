"""Heartbeats: beat and the reminder sweep record one; /readyz and the admin index read them.

A heartbeat is stale when it is older than its allowed age (settings.PCTS_HEARTBEATS: beat wakes
at least every 30 s; the sweep runs every PCTS_REMINDER_SWEEP_SECONDS, so one missed run is
tolerated) or was never recorded.
"""

import dataclasses
import datetime
import logging

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from ops.models import Heartbeat

logger = logging.getLogger(__name__)

BEAT = "beat"
REMINDER_SWEEP = "reminders-sweep"


@dataclasses.dataclass(frozen=True)
class Status:
    name: str
    at: datetime.datetime | None
    max_age: int

    @property
    def age(self) -> float | None:
        return None if self.at is None else (timezone.now() - self.at).total_seconds()

    @property
    def fresh(self) -> bool:
        return self.at is not None and self.age <= self.max_age


def record(name: str) -> None:
    """Mark `name` alive now (one upsert); a database error is logged, never raised."""
    try:
        Heartbeat.objects.bulk_create(
            [Heartbeat(name=name, at=timezone.now())],
            update_conflicts=True,
            unique_fields=["name"],
            update_fields=["at"],
        )
    except DatabaseError:
        logger.exception("could not record the %s heartbeat", name)


def statuses() -> list[Status]:
    """Return every expected heartbeat with its last time, in the order of the setting."""
    expected = settings.PCTS_HEARTBEATS
    seen = dict(Heartbeat.objects.filter(name__in=list(expected)).values_list("name", "at"))
    return [Status(name, seen.get(name), max_age) for name, max_age in expected.items()]


def stale() -> list[Status]:
    return [status for status in statuses() if not status.fresh]
