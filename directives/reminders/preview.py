"""Before a đôn đốc leaves: who receives what, and which units were already urged today.

The preview plans exactly as the sending does (ledger.plan_manual) and writes nothing. A unit
already urged today (a manual đôn đốc whose mail listed one of its items) is named with the time
and the officer; sending again needs the officer's explicit "gửi lại" (send anyway).
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from directives.models import ReminderDelivery
from directives.reminders.ledger import plan_manual
from directives.reminders.planning import PlannedDigest


@dataclass
class EarlierToday:
    unit_name: str
    at: datetime.datetime
    by: object  # the officer who sent it


@dataclass
class Preview:
    digests: list[PlannedDigest]
    earlier: list[EarlierToday]

    @property
    def item_count(self) -> int:
        return sum(len(digest.items) for digest in self.digests)


def manual_preview(assignments, day: datetime.date | None = None) -> Preview:
    """Plan a đôn đốc about `assignments` without writing anything (ValidationError as sending)."""
    day = day or timezone.localdate()
    digests = plan_manual(assignments, day)
    return Preview(digests=digests, earlier=urged_today(digests, day))


def urged_today(digests: list[PlannedDigest], day: datetime.date) -> list[EarlierToday]:
    """Each unit of the planned items that a manual đôn đốc of `day` already listed, once."""
    unit_of = {line.assignment_id: line.unit_name for d in digests for line in d.items}
    earlier = (
        ReminderDelivery.objects.filter(
            kind=ReminderDelivery.Kind.MANUAL,
            day=day,
            item_assignments__overlap=list(unit_of),
        )
        .exclude(state=ReminderDelivery.State.FAILED)
        .select_related("requested_by")
        .only("created_at", "item_assignments", "requested_by")
        .order_by("created_at")
    )
    seen, found = set(), []
    for delivery in earlier:
        for assignment_id in delivery.item_assignments:
            name = unit_of.get(assignment_id)
            if name and name not in seen:
                seen.add(name)
                found.append(EarlierToday(name, delivery.created_at, delivery.requested_by))
    return found
