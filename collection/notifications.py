"""Tell people about periodic reports through the directives' events: bell, mail, outbox, digest.

A submission has no assignment, so each event carries what it shows in `data`: the unit, the
report's name, the due day and its page as `link` ({"name": URL name, "args": [...]}, resolved
when shown by Event.get_absolute_url); directives.events.texts words the four submission kinds.
Directives never import collection: this module calls directives.events.emit like any service,
inside the collection service's transaction, and the mail leaves after the commit.

Who hears of what:
- returned (with the reason), accepted, and the reminders (collection/reminders.py): the unit's
  accountable head on the day (acting head first), its deputies and focal points in copy, as for
  an assignment (directives.events.unit_people);
- sent (values, an Excel upload or "không phát sinh"): the officer who last reviewed a
  submission of the round (this one's first: a resubmission after a return goes back to who
  returned it); before any review, the inspectorate's focal points (cán bộ đầu mối) holding the
  inspectorate role, else its accountable head. A round has no tracking officer, so the
  inspectorate names who follows collection by appointing them its focal point.
"""

import datetime

from django.utils import timezone

from collection.models import Submission
from directives.events import emit, unit_people
from directives.models import Event
from units.models import Membership, Unit
from units.selectors import accountable_person

SUBMISSION_PAGE = "collection:submission-detail"
ROUND_PAGE = "collection:round-detail"


def _data(submission: Submission, *, page: str = SUBMISSION_PAGE, **extra) -> dict:
    round_ = submission.round
    return {
        "submission": submission.pk,
        "round": round_.pk,
        "unit_id": submission.unit_id,
        "unit": submission.unit.name,
        "report": f"{round_.form.code} – {round_.label}",
        "due_on": round_.due_on.isoformat(),
        "link": {
            "name": page,
            "args": [round_.pk if page == ROUND_PAGE else submission.pk],
        },
        **extra,
    }


def reviewers_for(submission: Submission, day: datetime.date) -> list[tuple[object, bool]]:
    """Return [(officer, False)]: who reviews `submission` when it is sent (see the module docstring)."""
    if submission.reviewed_by_id and submission.reviewed_by.is_active:
        return [(submission.reviewed_by, False)]
    last = (
        Submission.objects.filter(round_id=submission.round_id, reviewed_by__is_active=True)
        .exclude(reviewed_at__isnull=True)
        .select_related("reviewed_by")
        .order_by("-reviewed_at")
        .first()
    )
    if last is not None:
        return [(last.reviewed_by, False)]
    inspectorate = Unit.objects.active_on(day).filter(kind=Unit.Kind.INSPECTORATE).first()
    if inspectorate is None:
        return []
    focal = (
        Membership.objects.on(day)
        .filter(unit=inspectorate, role=Membership.Role.FOCAL_POINT, user__is_active=True)
        .select_related("user")
        .order_by("user__username")
    )
    officers = [m.user for m in focal if m.user.is_inspectorate]
    if officers:
        return [(user, False) for user in officers]
    head = accountable_person(inspectorate, day)
    return [(head, False)] if head is not None else []


def emit_submission_sent(*, actor, submission: Submission, version) -> Event:
    """A unit sent its report (or "không phát sinh"): tell the officer who reviews it."""
    return emit(
        Event.Kind.SUBMISSION_SUBMITTED,
        actor=actor,
        data=_data(
            submission,
            page=ROUND_PAGE,
            version=version.number,
            late=version.is_late,
            nothing_to_report=version.nothing_to_report,
        ),
        to=reviewers_for(submission, timezone.localdate()),
    )


def emit_submission_reviewed(*, actor, submission: Submission) -> Event:
    """The inspectorate accepted the report, or returned it with the reason: tell the unit."""
    returned = submission.state == Submission.State.RETURNED
    return emit(
        Event.Kind.SUBMISSION_RETURNED if returned else Event.Kind.SUBMISSION_ACCEPTED,
        actor=actor,
        data=_data(submission, reason=submission.return_reason if returned else ""),
        to=unit_people(submission.unit, timezone.localdate()),
    )


def emit_submission_reminder(*, submission: Submission, stage: str, days_late: int, to) -> Event:
    """Remind the unit that its report is due soon, today or overdue (the sweep's, no actor)."""
    return emit(
        Event.Kind.SUBMISSION_REMINDER,
        actor=None,
        data=_data(submission, stage=stage, days_late=days_late),
        to=to,
    )
