"""Remind units of periodic reports not yet sent: before the due day, on it, and while overdue.

The same reminder points as assignments (ReminderPolicy, admin "Cấu hình đôn đốc": 7, 3, 1 days
before, the due day, every 7 days overdue; no escalation), told to the unit's accountable head
on the day with deputies and focal points in copy, as an event (directives.events: the bell, a
mail through the event outbox, the delivery log "Nhật ký gửi thông báo"; an admin may gather the
kind "Nhắc nộp báo cáo định kỳ" into the morning digest). Exactly once: each (submission, stage)
is one SubmissionReminder row, written with its event in one transaction (unique, so a sweep run
twice or two at once tell it once). A stage missed during an outage is told on the next sweep,
the latest stage only.

Reminded: drafts and returned submissions of open rounds and of closed rounds still unsent.
Not reminded: sent (awaiting review), accepted, "không phát sinh" (sent), and planned rounds.
Beat runs `collection.tasks.submissions_remind` with the reminder sweep (after
PCTS_REMINDER_HOUR); `submissions_remind(day)` runs a day whatever the hour.

Why not in the assignments' daily digest: its ledger rows hold assignment ids as arrays (the
mail, the bell's page, the đôn đốc counts read them), so a submission line there would touch
every reader; the event outbox already carries assignment-less events with its own digest.
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from collection.models import RoundStatus, Submission, SubmissionReminder
from collection.notifications import emit_submission_reminder
from directives.events import unit_people
from directives.models import ReminderPolicy, days_late

logger = logging.getLogger(__name__)

UNSENT = (Submission.State.DRAFT, Submission.State.RETURNED)
COLLECTING = (RoundStatus.OPEN, RoundStatus.CLOSED)


def stage_on(due_on: datetime.date, day: datetime.date, policy: ReminderPolicy) -> str | None:
    """Return the latest reminder point `due_on` has reached at `day` ("before-3", "due", "overdue-14"), if any."""
    late = days_late(due_on, day)
    if late < 0:
        reached = [k for k in policy.days_before if k > 0 and k >= -late]
        return f"before-{min(reached)}" if reached else None
    every = max(policy.overdue_every_days, 1)
    overdue = late // every * every
    return f"overdue-{overdue}" if overdue else "due"


def remindable_submissions(day: datetime.date, policy: ReminderPolicy):
    """Return the unsent submissions of collecting rounds due within the largest offset at `day`."""
    horizon = day + datetime.timedelta(days=policy.largest_offset)
    return (
        Submission.objects.filter(
            state__in=UNSENT, round__status__in=COLLECTING, round__due_on__lte=horizon
        )
        .select_related("round__form", "unit")
        .order_by("round__due_on", "pk")
    )


def submissions_remind(day: datetime.date | None = None) -> dict:
    """Tell each unsent submission's unit of the reminder point it reached; a rerun tells nothing more."""
    day = day or timezone.localdate()
    policy = ReminderPolicy.current()
    due = [(s, stage_on(s.round.due_on, day, policy)) for s in remindable_submissions(day, policy)]
    due = [(s, stage) for s, stage in due if stage]
    told = set(
        SubmissionReminder.objects.filter(
            submission_id__in=[s.pk for s, _stage in due]
        ).values_list("submission_id", "stage")
    )
    reminded = skipped = 0
    for submission, stage in due:
        if (submission.pk, stage) in told:
            continue
        outcome = _remind(submission, stage, day)
        reminded += outcome is True
        skipped += outcome is None
    return {"reminded": reminded, "skipped": skipped}


@transaction.atomic
def _remind(submission: Submission, stage: str, day: datetime.date) -> bool | None:
    """Write the stage's ledger row and its event; False if told already, None if nobody is accountable."""
    to = unit_people(submission.unit, day)
    if not any(not copied for _user, copied in to):
        # As the assignments' digests: nobody accountable, nothing recorded; asked again next sweep.
        logger.warning(
            "Reminder for submission %s skipped: unit %s has no accountable person on %s.",
            submission.pk,
            submission.unit_id,
            day,
        )
        return None
    reminder, created = SubmissionReminder.objects.get_or_create(
        submission=submission, stage=stage, defaults={"day": day}
    )
    if not created:
        return False
    reminder.event = emit_submission_reminder(
        submission=submission,
        stage=stage,
        days_late=days_late(submission.round.due_on, day),
        to=to,
    )
    reminder.save(update_fields=["event"])
    return True
