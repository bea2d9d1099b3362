"""Write the reminder ledger (the outbox): the day's digests, manual đôn đốc, notifications, retries.

The ledger in PostgreSQL is the source of truth for what must still be sent; the broker only
carries hints to send it sooner. A unique row per (recipient, day), a unique run per day marked
complete after its last part, and the day's planning lock make every sweep safe to repeat, to run
concurrently, late, or after an outage or a crash half-way.
"""

import contextlib
import datetime
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Trim
from django.utils import timezone
from django.utils.translation import gettext as _

from directives import confidentiality
from directives.broker import publish
from directives.idempotency import first_or_write
from directives.models import (
    Notification,
    ReminderDelivery,
    ReminderLine,
    ReminderReason,
    ReminderRun,
    Timeliness,
    days_late,
)
from directives.permissions import can_manage
from directives.reminders.planning import (
    DuePlan,
    PlannedDigest,
    by_accountable,
    catch_up_start,
    line_for,
    remindables,
    reminders_due_on,
)
from directives.reminders.selectors import MailContent, mail_content
from units.models import User
from units.selectors import accountable_people, copied_people_by_unit

logger = logging.getLogger(__name__)
SEND_TASK = "directives.tasks.reminders_send"

MANUAL_TIMELINESS = (
    Timeliness.OVERDUE,
    Timeliness.DUE_SOON,
    Timeliness.IN_PROGRESS,
    Timeliness.NO_DEADLINE,
)


@dataclass
class Planned:
    """What one sweep wrote: nothing at all when the day's run existed already."""

    day: datetime.date
    created: bool
    window_start: datetime.date | None = None
    digests: int = 0
    items: int = 0
    skipped: int = 0
    recipients: int = 0
    # What each planned row's mail shows, by row id: the sender need not read it back.
    contents: dict[int, MailContent] = field(default_factory=dict)


def digest_key(day: datetime.date, user_id: int) -> str:
    return f"digest:{day.isoformat()}:{user_id}"


def manual_key(request_id: uuid.UUID, user_id: int) -> str:
    return f"manual:{request_id}:{user_id}"


# The class of the session advisory lock a day's planner holds (its key is the day); PostgreSQL
# frees it when the planner's connection ends, so a planner that dies never blocks the next sweep.
PLAN_LOCK = 0x50435453  # "PCTS"


@contextlib.contextmanager
def _planning(day: datetime.date):
    """Try the day's planning lock; yield whether this caller holds it (else another sweep plans the day).

    A sweep that finds it taken does not wait: it sends what the planner has committed so far
    (claims skip what another worker holds), and the next sweep resumes a planner that died.
    Inside a caller's transaction the lock is the transaction's, released when it ends, even when
    it ends in an error that leaves no statement possible.
    """
    key = [PLAN_LOCK, day.toordinal()]
    in_transaction = connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_try_advisory_xact_lock(%s, %s)"
            if in_transaction
            else "SELECT pg_try_advisory_lock(%s, %s)",
            key,
        )
        held = cursor.fetchone()[0]
    if in_transaction or not held:
        yield held
        return
    try:
        yield held
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", key)
        except DatabaseError:  # the connection is gone, and the lock with it
            logger.warning("Reminder planning lock of %s not released: connection lost.", day)


def _parts(digests: list[PlannedDigest], items_per_part: int):
    """Yield the digests in consecutive parts of about `items_per_part` item lines (a digest is never split)."""
    part, size = [], 0
    for digest in digests:
        part.append(digest)
        size += len(digest.items)
        if size >= items_per_part:
            yield part
            part, size = [], 0
    if part:
        yield part


def _write_deliveries(
    digests: list[PlannedDigest],
    *,
    kind: str,
    day: datetime.date,
    keys: list[str],
    requested_by=None,
    request_id=None,
    note: str = "",
) -> list[ReminderDelivery]:
    """Insert one delivery per digest, its item lines on it, and the bell's notifications, set-based.

    Each returned row carries in `content` what its mail shows, as selectors.reminder_contents
    would read it back.
    """
    now = timezone.now()
    deliveries = []
    for digest, key in zip(digests, keys, strict=True):
        to_email = (digest.recipient.email or "").strip()
        cc = sorted({u.email.strip() for u in digest.cc if u.email and u.email.strip() != to_email})
        delivery = ReminderDelivery(
            key=key,
            kind=kind,
            day=day,
            recipient=digest.recipient,
            to_email=to_email,
            cc=cc,
            request_id=request_id,
            requested_by=requested_by,
            note=note,
            created_at=now,
            next_attempt_at=now,
            state=ReminderDelivery.State.PENDING if to_email else ReminderDelivery.State.SKIPPED,
            last_error="" if to_email else _("Người nhận chưa có địa chỉ thư điện tử."),
        )
        delivery.set_entries(digest.items)
        delivery.content = mail_content(digest.items)
        deliveries.append(delivery)
    ReminderDelivery.objects.bulk_create(deliveries, batch_size=1000)
    notifications = []
    for delivery, digest in zip(deliveries, digests, strict=True):
        notifications += _notifications(delivery, digest, now)
    Notification.objects.bulk_create(notifications, batch_size=1000)
    return deliveries


def _notifications(delivery: ReminderDelivery, digest: PlannedDigest, now) -> list[Notification]:
    """Return the bell's rows for one mail: its recipient's, and one per copied person with their units.

    The recipient is told about every item at a reminder point; a deputy or focal point about
    those of the units they follow, escalations excepted (they are the recipient's business).
    """
    told: dict[int, tuple[set[int], list[ReminderLine]]] = {}
    recipient = digest.recipient.pk
    for item in digest.items:
        if not item.triggered:
            continue
        told.setdefault(recipient, (set(), []))[1].append(item)
        if item.escalation_level:
            continue
        unit_id = item.unit_id
        for user in digest.cc_by_unit.get(unit_id, []):
            if user.pk != recipient:
                units, their_items = told.setdefault(user.pk, (set(), []))
                units.add(unit_id)
                their_items.append(item)
    return [
        Notification(
            user_id=user_id,
            delivery=delivery,
            units=sorted(units),
            items=len(their_items),
            overdue=sum(1 for i in their_items if i.overdue),
            escalated=sum(1 for i in their_items if i.escalation_level),
            created_at=now,
        )
        for user_id, (units, their_items) in sorted(told.items())
    ]


def plan_day(
    day: datetime.date, *, committed: Callable[[list[ReminderDelivery]], None] | None = None
) -> Planned:
    """Write `day`'s digests into the ledger once; a second, concurrent or late call writes nothing.

    The digests are written in parts of about PCTS_REMINDER_PLAN_CHUNK_ITEMS item lines, each in
    its own transaction (a savepoint inside a caller's); `committed` is called with each part's
    rows (ids and `content` set) after its commit, so that a caller may send them before the next
    part is written. The day's run is marked complete after the last part; should the planner die
    before, the next sweep of the day resumes it and writes the digests of the recipients that
    have none yet. While one sweep plans, another returns at once (created False).
    """
    with _planning(day) as held:
        run = ReminderRun.objects.filter(day=day).first()
        if not held or (run is not None and run.completed_at is not None):
            return Planned(day=day, created=False)
        plan: DuePlan = reminders_due_on(
            day, since=run.window_start if run else catch_up_start(day)
        )
        if run is None:
            run = ReminderRun.objects.create(day=day, window_start=plan.window_start)
        done = set(
            ReminderDelivery.objects.filter(kind=ReminderDelivery.Kind.DIGEST, day=day).values_list(
                "recipient_id", flat=True
            )
        )
        deliveries: list[ReminderDelivery] = []
        items = 0
        # The shortest digests first: the first part holds many mails, which leave early.
        todo = sorted(
            (d for d in plan.digests if d.recipient.pk not in done),
            key=lambda d: (len(d.items), d.recipient.pk),
        )
        for part in _parts(todo, settings.PCTS_REMINDER_PLAN_CHUNK_ITEMS):
            with transaction.atomic():
                part_rows = _write_deliveries(
                    part,
                    kind=ReminderDelivery.Kind.DIGEST,
                    day=day,
                    keys=[digest_key(day, d.recipient.pk) for d in part],
                )
                lines = sum(len(d.items) for d in part)
                ReminderRun.objects.filter(pk=run.pk).update(
                    digests=F("digests") + len(part_rows),
                    items=F("items") + lines,
                    skipped=F("skipped")
                    + sum(1 for d in part_rows if d.state == ReminderDelivery.State.SKIPPED),
                )
            deliveries += part_rows
            items += lines
            if committed:
                committed(part_rows)
        ReminderRun.objects.filter(pk=run.pk).update(
            completed_at=timezone.now(), skipped=F("skipped") + len(plan.unaddressed)
        )
    for item in plan.unaddressed:
        logger.warning(
            "Reminder for assignment %s skipped: unit %s has no accountable person on %s.",
            item.assignment_id,
            item.unit_id,
            day,
        )
    skipped = len(plan.unaddressed) + sum(
        1 for d in deliveries if d.state == ReminderDelivery.State.SKIPPED
    )
    addresses = {d.to_email for d in deliveries if d.to_email} | {
        c for d in deliveries for c in d.cc
    }
    return Planned(
        day=day,
        created=True,
        window_start=plan.window_start,
        digests=len(deliveries),
        items=items,
        skipped=skipped,
        recipients=len(addresses),
        contents={d.pk: d.content for d in deliveries},
    )


def enqueue_send_after_commit(delivery_ids: list[int] | None = None) -> None:
    """Ask a worker to send soon, after commit; a broker outage is logged and the next sweep sends."""

    transaction.on_commit(lambda: publish(SEND_TASK, [delivery_ids]))


@transaction.atomic
def manual_reminder_send(
    *, actor, assignments, note: str = "", request_id: uuid.UUID | None = None
) -> list[ReminderDelivery]:
    """Record an inspectorate đôn đốc for open `assignments` (one mail per accountable person) and send it at once.

    A resubmitted `request_id` (double click), even a concurrent one, returns the first
    request's rows (directives.idempotency).
    """
    if not can_manage(actor):
        raise PermissionDenied(_("Chỉ cán bộ Thanh tra được đôn đốc."))
    request_id = request_id or uuid.uuid4()
    deliveries, _created = first_or_write(
        lambda: list(
            ReminderDelivery.objects.filter(
                kind=ReminderDelivery.Kind.MANUAL, request_id=request_id
            )
        ),
        lambda: _manual_deliveries(
            actor=actor, assignments=assignments, note=note, request_id=request_id
        ),
    )
    return deliveries


def manual_request_exists(request_id: uuid.UUID) -> bool:
    """Whether a đôn đốc with this request token was recorded already (a double click)."""
    return ReminderDelivery.objects.filter(
        kind=ReminderDelivery.Kind.MANUAL, request_id=request_id
    ).exists()


def plan_manual(assignments, day: datetime.date) -> list[PlannedDigest]:
    """Who a đôn đốc about `assignments` goes to on `day`: one digest per accountable person.

    Raises ValidationError when nothing is open to urge, or no unit has anyone accountable.
    The preview (directives/reminders/preview.py) and the sending share it.
    """
    rows = remindables(
        assignments.with_timeliness(as_of=day)
        .filter(timeliness__in=MANUAL_TIMELINESS)
        .order_by("effective_deadline", "id")
    )
    if not rows:
        raise ValidationError(
            _(
                "Không có nhiệm vụ nào đang thực hiện để đôn đốc (đã hoàn thành, đã hủy hoặc đang chờ xem xét báo cáo)."
            )
        )
    unit_ids = {a.unit_id for a in rows}
    accountable = accountable_people(unit_ids, day)
    copied = copied_people_by_unit(unit_ids, day)
    lines = [
        line_for(a, ReminderReason.MANUAL, days_late(a.effective_deadline, day) or 0) for a in rows
    ]
    digests, _nobody = by_accountable(rows, lines, accountable, copied)
    if not digests:
        raise ValidationError(
            _(
                "Đơn vị chưa có người đứng đầu hoặc người phụ trách trên hệ thống; cập nhật bổ nhiệm trước khi đôn đốc."
            )
        )
    return sorted(digests.values(), key=lambda d: d.recipient.pk)


def _manual_deliveries(*, actor, assignments, note: str, request_id) -> list[ReminderDelivery]:
    """Plan and write one manual đôn đốc, and ask for it to be sent after commit."""
    day = timezone.localdate()
    planned = plan_manual(assignments, day)
    deliveries = _write_deliveries(
        planned,
        kind=ReminderDelivery.Kind.MANUAL,
        day=day,
        requested_by=actor,
        request_id=request_id,
        note=confidentiality.reminder_note(assignments, note.strip()),
        keys=[manual_key(request_id, d.recipient.pk) for d in planned],
    )
    pending = [d.pk for d in deliveries if d.state == ReminderDelivery.State.PENDING]
    if pending:
        enqueue_send_after_commit(pending)
    return deliveries


@transaction.atomic
def delivery_retry(*, delivery_ids) -> int:
    """Put failed (or skipped, once an address exists) deliveries back in the queue and send them soon."""
    State = ReminderDelivery.State
    rows = ReminderDelivery.objects.filter(
        pk__in=list(delivery_ids), state__in=[State.FAILED, State.SKIPPED]
    )
    # A row skipped for want of an address takes the recipient's, once there is one.
    address = User.objects.filter(pk=OuterRef("recipient_id")).values("email")[:1]
    rows.filter(to_email="").update(to_email=Coalesce(Trim(Subquery(address)), Value("")))
    count = rows.exclude(to_email="").update(
        state=State.PENDING,
        attempts=0,
        next_attempt_at=timezone.now(),
        lease_until=None,
        claim_token=None,
    )
    if count:
        enqueue_send_after_commit(None)
    return count


def notifications_mark_read(*, user, ids=None) -> int:
    """Mark the user's unread notifications (all, or those in `ids`) as read."""
    qs = Notification.objects.unread().filter(user=user)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
