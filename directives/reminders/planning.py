"""Decide who receives which reminder on a day: reminder points, escalation and recipients (reads only).

Every item is judged with the one timeliness annotation and its effective deadline, so a report
awaiting review pauses reminders, completion or cancellation stops them, a returned report resumes
them and an approved extension moves them.
"""

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Max

from directives.models import (
    Assignment,
    ReminderLine,
    ReminderPolicy,
    ReminderReason,
    ReminderRun,
    Timeliness,
    days_late,
)
from units.models import Unit, User
from units.selectors import accountable_people, copied_people_by_unit

# After a longer outage the next digest honours at most this many missed days.
MAX_CATCH_UP_DAYS = 31
REMINDABLE = (Timeliness.OVERDUE, Timeliness.DUE_SOON, Timeliness.IN_PROGRESS)
Reason = ReminderReason


class Remindable(NamedTuple):
    """The assignment a reminder item is about: what planning, the ledger and the dry run read.

    Plain values from one query, not model instances: a province's day has tens of thousands
    (a named tuple: built from a row in one step, unlike a frozen dataclass set field by field).
    """

    pk: int
    unit_id: int
    unit_name: str
    parent_id: int | None
    effective_deadline: datetime.date | None
    symbol: str
    task_title: str
    tracking_officer_id: int | None


REMINDABLE_FIELDS = (
    "pk",
    "unit_id",
    "unit__name",
    "unit__parent_id",
    "effective_deadline",
    "task__directive__symbol",
    "task__title",
    "task__directive__tracking_officer_id",
)


def remindables(assignments) -> list[Remindable]:
    """Return the Remindable records of an assignment queryset, in its order, in one query."""
    return list(map(Remindable._make, assignments.values_list(*REMINDABLE_FIELDS)))


def line_for(a: Remindable, reason: str, days_late: int, escalation_level: int = 0) -> ReminderLine:
    """Return the reminder line of assignment `a` (names included, as the mail shows them)."""
    return ReminderLine(
        assignment_id=a.pk,
        reason=reason,
        deadline=a.effective_deadline,
        days_late=days_late,
        escalation_level=escalation_level,
        unit_id=a.unit_id,
        symbol=a.symbol,
        task_title=a.task_title,
        unit_name=a.unit_name,
    )


def _line_order(line: ReminderLine):
    return (not line.triggered, line.deadline, line.assignment_id)


@dataclass
class PlannedDigest:
    recipient: User
    items: list[ReminderLine]
    # Deputies and focal points of the units whose own items the digest lists, by unit.
    cc_by_unit: dict[int, list[User]] = field(default_factory=dict)

    @property
    def cc(self) -> list[User]:
        seen, people = {self.recipient.pk}, []
        for users in self.cc_by_unit.values():
            for user in users:
                if user.pk not in seen:
                    seen.add(user.pk)
                    people.append(user)
        return people


@dataclass
class DuePlan:
    day: datetime.date
    window_start: datetime.date
    digests: list[PlannedDigest]
    # Items that hit a reminder point but whose unit has nobody accountable on the day.
    unaddressed: list[ReminderLine]

    @property
    def item_count(self) -> int:
        return sum(len(d.items) for d in self.digests)


def catch_up_start(day: datetime.date) -> datetime.date:
    """Return the first day whose reminder points the sweep of `day` honours: the day after the last completed run.

    The very first run looks back the whole catch-up period, so items already overdue when reminders
    start are reminded at once instead of waiting for their next point. A day whose plan was never
    completed (the planner died and no sweep resumed it that day) is looked back over again.
    """
    earliest = day - datetime.timedelta(days=MAX_CATCH_UP_DAYS - 1)
    previous = ReminderRun.objects.filter(day__lt=day, completed_at__isnull=False).aggregate(
        last=Max("day")
    )["last"]
    if previous is None:
        return earliest
    return max(previous + datetime.timedelta(days=1), earliest)


def hits(low: int, high: int, *, first: int, every: int) -> bool:
    """Say whether some n in [low, high] is `first` or a later multiple of `every`."""
    low = max(low, first)
    if low > high:
        return False
    if low == first:
        return True
    return -(-low // every) * every <= high


@dataclass(frozen=True)
class Points:
    """What one item hit between window start and day; days_late is judged at the day."""

    days_late: int
    before: bool
    due: bool
    overdue: bool
    escalation: bool
    escalation_level: int

    @property
    def triggered(self) -> bool:
        return self.before or self.due or self.overdue or self.escalation

    @property
    def reason(self) -> str:
        if not self.triggered:
            return Reason.LISTED
        if self.days_late > 0:
            return Reason.OVERDUE
        return Reason.DUE if self.days_late == 0 else Reason.BEFORE


def reminder_points(
    deadline: datetime.date,
    *,
    window_start: datetime.date,
    day: datetime.date,
    policy: ReminderPolicy,
) -> Points:
    """Return the reminder points `deadline` hits in [window_start, day] under `policy`."""
    low, high = days_late(deadline, window_start), days_late(deadline, day)
    every = max(policy.overdue_every_days, 1)
    parent, inspectorate = (
        policy.escalate_to_parent_after_days,
        policy.escalate_to_inspectorate_after_days,
    )
    return Points(
        days_late=high,
        before=any(low <= -k <= high for k in policy.days_before if k > 0),
        due=low <= 0 <= high,
        overdue=hits(low, high, first=every, every=every),
        escalation=hits(low, high, first=parent, every=every)
        or hits(low, high, first=inspectorate, every=every),
        escalation_level=2 if high >= inspectorate else 1 if high >= parent else 0,
    )


def remindable_assignments(day: datetime.date, policy: ReminderPolicy):
    """Return the open items overdue or due within the largest offset at `day`, by the one timeliness rule."""
    horizon = day + datetime.timedelta(days=policy.largest_offset)
    return (
        Assignment.objects.with_timeliness(as_of=day)
        .filter(timeliness__in=REMINDABLE, effective_deadline__lte=horizon)
        .exclude(state__in=(Assignment.State.COMPLETED, Assignment.State.CANCELLED))
        .order_by("effective_deadline", "id")
    )


def by_accountable(
    rows: list[Remindable], lines: list[ReminderLine], accountable: dict, copied: dict
) -> tuple[dict[int, PlannedDigest], list[ReminderLine]]:
    """Put each row's line in the digest of its unit's accountable person, the unit's deputies and focal point in copy.

    Return (the digests by recipient id, the lines of units with nobody accountable).
    """
    digests: dict[int, PlannedDigest] = {}
    nobody = []
    for a, line in zip(rows, lines, strict=True):
        owner = accountable.get(a.unit_id)
        if owner is None:
            nobody.append(line)
            continue
        digest = digests.get(owner.pk)
        if digest is None:  # not setdefault: that would build a digest for each of 40,000 items
            digest = digests[owner.pk] = PlannedDigest(recipient=owner, items=[])
        digest.items.append(line)
        digest.cc_by_unit.setdefault(a.unit_id, copied.get(a.unit_id, []))
    return digests, nobody


def inspectorate_unit(day: datetime.date) -> Unit | None:
    return Unit.objects.active_on(day).filter(kind=Unit.Kind.INSPECTORATE).order_by("id").first()


def reminders_due_on(
    day: datetime.date, *, since: datetime.date | None = None, policy: ReminderPolicy | None = None
) -> DuePlan:
    """Return the digests due on `day`: one per person with an item at a reminder point since `since`.

    `since` defaults to the day after the last planned run (one catch-up digest after downtime).
    A digest lists all the person's own items that are overdue or due within the largest offset,
    the triggering ones first, plus items escalated to them today; never an empty digest.
    """
    policy = policy or ReminderPolicy.current()
    since = min(since or catch_up_start(day), day)
    rows = remindables(remindable_assignments(day, policy))
    # The points depend on the deadline alone: a province's day has a few hundred distinct ones.
    by_deadline: dict[datetime.date, Points] = {}
    points = {}
    for a in rows:
        hit = by_deadline.get(a.effective_deadline)
        if hit is None:
            hit = by_deadline[a.effective_deadline] = reminder_points(
                a.effective_deadline, window_start=since, day=day, policy=policy
            )
        points[a.pk] = hit

    escalated = [a for a in rows if points[a.pk].escalation and points[a.pk].escalation_level]
    inspectorate = (
        inspectorate_unit(day)
        if any(points[a.pk].escalation_level > 1 for a in escalated)
        else None
    )
    unit_ids = {a.unit_id for a in rows}
    lookup_ids = unit_ids | {a.parent_id for a in escalated if a.parent_id}
    if inspectorate:
        lookup_ids.add(inspectorate.pk)
    accountable = accountable_people(lookup_ids, day)
    copied = copied_people_by_unit(unit_ids, day)
    officer_ids = {a.tracking_officer_id for a in escalated if points[a.pk].escalation_level > 1}
    officers = User.objects.filter(is_active=True).in_bulk(officer_ids - {None})

    lines = [line_for(a, points[a.pk].reason, points[a.pk].days_late) for a in rows]
    digests, nobody = by_accountable(rows, lines, accountable, copied)
    for assignment in escalated:
        hit = points[assignment.pk]
        owner = accountable.get(assignment.unit_id)
        targets = [accountable.get(assignment.parent_id)]
        if hit.escalation_level > 1:
            targets += [officers.get(assignment.tracking_officer_id)]
            targets += [accountable.get(inspectorate.pk) if inspectorate else None]
        seen = {owner.pk} if owner else set()
        for person in targets:
            if person is None or person.pk in seen:
                continue
            seen.add(person.pk)
            if person.pk not in digests:
                digests[person.pk] = PlannedDigest(recipient=person, items=[])
            digests[person.pk].items.append(
                line_for(assignment, Reason.ESCALATED, hit.days_late, hit.escalation_level)
            )

    planned = []
    for digest in digests.values():
        if any(item.triggered for item in digest.items):
            digest.items.sort(key=_line_order)
            planned.append(digest)
    planned.sort(key=lambda d: d.recipient.pk)
    unaddressed = [line for line in nobody if line.triggered]
    return DuePlan(day=day, window_start=since, digests=planned, unaddressed=unaddressed)
