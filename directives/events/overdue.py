"""The "item overdue" event: once per assignment and deadline, the day after the deadline passes.

For integrations (webhooks subscribe to `item_overdue`); it has no recipients, so no bell and no
mail — units hear of overdue items from the daily reminder digests already. Beat runs
`emit_overdue` hourly; it is idempotent (an item whose deadline moves and passes again is told
again, with the new deadline) and serialised by an advisory lock, so two beats emit once.
Deadlines that passed more than PCTS_OVERDUE_EVENT_LOOKBACK_DAYS ago are not told on a first
run, so installing PCTS on years of history does not flood the receivers.
"""

import datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import CharField, Exists, Func, OuterRef, Value
from django.db.models.fields.json import KeyTextTransform

from directives.events import emit
from directives.models import Assignment, Event, Timeliness, local_today

LOCK = 0x5043_5453_4F44  # "PCTSOD": one emitter at a time


def emit_overdue(today: datetime.date | None = None) -> int:
    """Emit `item_overdue` for each item overdue on `today` not yet told at its current deadline."""
    today = today or local_today()
    earliest = today - datetime.timedelta(days=settings.PCTS_OVERDUE_EVENT_LOOKBACK_DAYS)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK])
        told = Event.objects.alias(told_deadline=KeyTextTransform("deadline", "data")).filter(
            kind=Event.Kind.ITEM_OVERDUE,
            assignment=OuterRef("pk"),
            told_deadline=OuterRef("deadline_text_iso"),
        )
        rows = (
            Assignment.objects.with_timeliness(as_of=today)
            .filter(timeliness=Timeliness.OVERDUE, effective_deadline__gte=earliest)
            .alias(deadline_text_iso=_iso("effective_deadline"))
            .filter(~Exists(told))
            .select_related("task__directive")
            .order_by("effective_deadline", "id")
        )
        count = 0
        for assignment in rows:
            emit(
                Event.Kind.ITEM_OVERDUE,
                actor=None,
                assignment=assignment,
                data={
                    "deadline": assignment.effective_deadline.isoformat(),
                    "days_late": (today - assignment.effective_deadline).days,
                    "role": assignment.role,
                },
            )
            count += 1
    return count


def _iso(field: str):
    """The date column as 'YYYY-MM-DD' text, the form the event's data keeps it in."""
    return Func(field, Value("YYYY-MM-DD"), function="to_char", output_field=CharField())
