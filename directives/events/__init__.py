"""Tell people what happened: one Event, the bell's notifications and the outbox rows, written with the change.

Call an emit_* function inside the service's transaction. It writes the event, one Notification
per recipient (the bell) and one EventDelivery per (recipient, channel) in CHANNELS; after the
commit a Celery task sends them (directives.events.sending), and the periodic sweep sends what
that task missed (broker, worker or SMTP down), so an outage only delays.
"""

import contextlib
import contextvars
import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from directives.batching import remembered
from directives.broker import publish
from directives.models import Assignment, Event, EventDelivery, EventKindSetting, Notification
from units.selectors import accountable_person, copied_people

# The channels every event goes out on; a new channel (webhooks) is one more entry here and a
# sender in directives.events.sending.SENDERS.
CHANNELS = (EventDelivery.Channel.MAIL,)

SEND_TASK = "directives.tasks.events_send"
PUBLISH_CHUNK = 100  # what one events_send call sends (send_due's limit)
# Inside publishing_once(): the delivery ids to hand to the broker once, after the commit.
_collected: contextvars.ContextVar[list | None] = contextvars.ContextVar("events_ids", default=None)
# Inside publishing_once(gather=True): every mail waits for the morning digest.
_gather_all: contextvars.ContextVar[bool] = contextvars.ContextVar("events_gather", default=False)


@contextlib.contextmanager
def publishing_once(*, gather: bool = False):
    """Hand the deliveries of every event emitted inside to the broker in a few messages, after commit.

    A bulk write (a tracker import) emits thousands of events: one broker message each would cost
    more than the writes. The outbox rows are the same either way; only the wake-up is shared.
    With `gather`, every mail emitted inside waits for the recipient's morning digest, as for a
    kind the admin set to the digest (a unit given 300 parts gets one mail, not 300).
    """
    ids: list[int] = []
    token, gather_token = _collected.set(ids), _gather_all.set(gather)
    try:
        yield
    finally:
        _collected.reset(token)
        _gather_all.reset(gather_token)
    if ids:
        chunks = [ids[i : i + PUBLISH_CHUNK] for i in range(0, len(ids), PUBLISH_CHUNK)]
        transaction.on_commit(lambda: [publish(SEND_TASK, [chunk]) for chunk in chunks])


# Outboxes kept by other apps, written with every event in the same transaction: each entry
# takes the Event and writes its own rows (the API's webhooks: api.webhooks.write_deliveries,
# registered by api.apps). Directives never imports them; they import directives.
EVENT_OUTBOXES: list = []


def _unit_people(assignment: Assignment, day: datetime.date) -> list[tuple[object, bool]]:
    """Return [(person, copied)]: the unit's accountable head on `day`, then deputies and focal points."""
    return unit_people(assignment.unit, day)


def unit_people(unit, day: datetime.date) -> list[tuple[object, bool]]:
    """Return [(person, copied)] to tell about `unit`'s work: its accountable head on `day`, then the rest in copy.

    The recipients of every event about a unit's item (another app's too: a periodic report).
    """

    def read():
        people = []
        head = accountable_person(unit, day)
        if head is not None:
            people.append((head, False))
        return people + [(p, True) for p in copied_people(unit, day) if p != head]

    return list(remembered(("unit_people", unit.pk, day), read))


def next_digest_at(now: datetime.datetime) -> datetime.datetime:
    """Return when the next morning digest goes out: PCTS_EVENT_DIGEST_HOUR today if still ahead, else tomorrow."""
    local = timezone.localtime(now)
    at = local.replace(hour=settings.PCTS_EVENT_DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if at <= local:
        at = timezone.make_aware(
            datetime.datetime.combine(at.date() + datetime.timedelta(days=1), at.time())
        )
    return at


def emit(
    kind: str, *, actor, assignment: Assignment | None = None, directive=None, data=None, to=()
):
    """Record an event for `to` ([(user, copied)]) with its bell rows and outbox rows; send after commit.

    The bell rows are there at once. The mails go out after the commit, or, for a kind the admin
    set to the digest (EventKindSetting), with the recipient's other such events the next morning.
    """
    if directive is None and assignment is not None:
        directive = assignment.task.directive
    return _record(kind, actor, [(assignment, directive, data, to)])[0]


def emit_many(kind: str, *, actor, items) -> list[Event]:
    """Record one event per (assignment, data, to) of `items`, as emit() would, in a few queries."""
    return _record(kind, actor, [(a, a.task.directive, data, to) for a, data, to in items])


def _record(kind: str, actor, items) -> list[Event]:
    now = timezone.now()
    gathered = _gather_all.get() or remembered(
        ("gathers", kind), lambda: EventKindSetting.gathers(kind)
    )
    due = next_digest_at(now) if gathered else now
    events = [
        Event(
            kind=kind,
            assignment=assignment,
            directive=directive,
            actor=actor,
            created_at=now,
            data=data or {},
        )
        for assignment, directive, data, _to in items
    ]
    events = Event.objects.bulk_create(events) if len(events) > 1 else [_save(events[0])]
    rows, bells = [], []
    for event, (_a, _d, _data, to) in zip(events, items, strict=True):
        seen = set()
        for user, copied in to:
            if user.pk in seen:
                continue
            seen.add(user.pk)
            bells.append(Notification(user=user, event=event, created_at=now))
            for channel in CHANNELS:
                rows.append(
                    EventDelivery(
                        event=event,
                        recipient=user,
                        channel=channel,
                        copy=copied,
                        digest=gathered and channel == EventDelivery.Channel.MAIL,
                        next_attempt_at=due if channel == EventDelivery.Channel.MAIL else now,
                        state=EventDelivery.State.PENDING
                        if user.email
                        else EventDelivery.State.SKIPPED,
                    )
                )
    Notification.objects.bulk_create(bells)
    EventDelivery.objects.bulk_create(rows)
    for event in events:
        for write in EVENT_OUTBOXES:
            write(event)
    ids = [r.pk for r in rows if r.state == EventDelivery.State.PENDING and not r.digest]
    collected = _collected.get()
    if collected is not None:
        collected.extend(ids)
    elif ids:
        transaction.on_commit(lambda: publish(SEND_TASK, [ids]))
    return events


def _save(event: Event) -> Event:
    event.save()
    return event


def emit_assigned(*, actor, assignment: Assignment) -> Event:
    """A unit was given a task: tell its accountable head, with deputies and focal points in copy."""
    return emit_assigned_many(actor=actor, assignments=[assignment])[0]


def emit_assigned_many(*, actor, assignments) -> list[Event]:
    """Units were given their parts of a task: one "assigned" event each, written together."""
    day = timezone.localdate()
    return emit_many(
        Event.Kind.ASSIGNED,
        actor=actor,
        items=[(a, _assigned_data(a), _unit_people(a, day)) for a in assignments],
    )


def _assigned_data(assignment: Assignment) -> dict:
    deadline = assignment.effective_deadline
    return {"deadline": deadline.isoformat() if deadline else "", "role": assignment.role}


def emit_report_reviewed(*, actor, review) -> Event:
    """A report was accepted or returned (with the reason): tell the unit."""
    report = review.report
    assignment = report.assignment
    returned = review.decision == review.Decision.RETURN
    return emit(
        Event.Kind.REPORT_RETURNED if returned else Event.Kind.REPORT_ACCEPTED,
        actor=actor,
        assignment=assignment,
        data={"reason": review.reason, "report": report.pk},
        to=_unit_people(assignment, timezone.localdate()),
    )


def emit_extension_decided(*, actor, request) -> Event:
    """An extension was approved (with the new date) or rejected (with the reason): tell the unit."""
    assignment = request.assignment
    approved = request.state == request.State.APPROVED
    return emit(
        Event.Kind.EXTENSION_APPROVED if approved else Event.Kind.EXTENSION_REJECTED,
        actor=actor,
        assignment=assignment,
        data={
            "deadline": request.decided_deadline.isoformat() if request.decided_deadline else "",
            "reason": request.decision_note,
        },
        to=_unit_people(assignment, timezone.localdate()),
    )


def emit_task_changed(*, actor, assignment: Assignment, changes: dict | None = None) -> Event:
    """A task's deadline, content or units changed (the corrections service calls this): tell the unit.

    `changes` is a JSON-able {field: description} shown in the mail and the bell.
    """
    return emit(
        Event.Kind.TASK_CHANGED,
        actor=actor,
        assignment=assignment,
        data={"changes": changes or {}},
        to=_unit_people(assignment, timezone.localdate()),
    )


# The events that ask the inspectorate for a decision; their mail links to the review queue.
FOR_STAFF = (Event.Kind.REPORT_SUBMITTED, Event.Kind.EXTENSION_REQUESTED)


def _staff_for(assignment: Assignment) -> list[tuple[object, bool]]:
    """The directive's tracking officer, else whoever registered it: who decides on its items."""
    directive = assignment.task.directive
    officer = directive.tracking_officer or directive.created_by
    return [(officer, False)] if officer is not None and officer.is_active else []


def emit_report_submitted(*, actor, report) -> Event:
    """A unit sent a report (a completion claim or progress): tell the officer who reviews it."""
    assignment = report.assignment
    return emit(
        Event.Kind.REPORT_SUBMITTED,
        actor=actor,
        assignment=assignment,
        data={"report": report.pk, "completion": report.claims_completion},
        to=_staff_for(assignment),
    )


def emit_extension_requested(*, actor, request) -> Event:
    """A unit asked for more time: tell the officer who decides, with the date asked for."""
    assignment = request.assignment
    return emit(
        Event.Kind.EXTENSION_REQUESTED,
        actor=actor,
        assignment=assignment,
        data={"deadline": request.requested_deadline.isoformat()},
        to=_staff_for(assignment),
    )
