"""Reads about reminders: what a mail shows, the bell and the notifications page."""

import dataclasses
from dataclasses import dataclass, field

from directives.models import (
    Assignment,
    Notification,
    ReminderDelivery,
    ReminderLine,
    entries_of,
)

# A mail lists at most this many items per section; the rest are counted and linked.
MAIL_MAX_ROWS = 100
ITEM_FIELDS = (
    "item_assignments",
    "item_reasons",
    "item_levels",
    "item_deadlines",
    "item_days_late",
)


def notifications_for(user):
    """Return the user's notifications, newest first, with what their sentence needs."""
    return (
        Notification.objects.filter(user=user)
        .select_related("delivery__recipient", "event__directive")
        .order_by("-created_at", "-id")
    )


def notification_entries(notification) -> list[ReminderLine]:
    """Return the item lines a notification tells about, in the mail's order (to be paged)."""
    return notification.reminder_entries()


def lines_for(lines) -> list[ReminderLine]:
    """Return `lines` with the symbol, task and unit they show, read in one query.

    An assignment deleted since the mail (admin only) keeps its line, without names.
    """
    names = {
        pk: (symbol, title, unit_id, unit)
        for pk, symbol, title, unit_id, unit in Assignment.objects.filter(
            pk__in={line.assignment_id for line in lines}
        ).values_list("pk", "task__directive__symbol", "task__title", "unit_id", "unit__name")
    }
    named = []
    for line in lines:
        symbol, title, unit_id, unit = names.get(line.assignment_id, ("", "", None, ""))
        named.append(
            dataclasses.replace(
                line, symbol=symbol, task_title=title, unit_id=unit_id, unit_name=unit
            )
        )
    return named


@dataclass
class MailContent:
    """The item lines one mail shows (at most MAIL_MAX_ROWS per section) and what it counts."""

    lines: list[ReminderLine] = field(default_factory=list)
    triggered: int = 0
    listed: int = 0
    overdue: int = 0
    escalated: int = 0

    @property
    def total(self) -> int:
        return self.triggered + self.listed


def mail_content(lines) -> MailContent:
    """Return what a mail shows and counts of its lines, given in the mail's order (positions set)."""
    content, shown = MailContent(), {True: 0, False: 0}
    for position, line in enumerate(lines):
        triggered = line.triggered
        if triggered:
            content.triggered += 1
        else:
            content.listed += 1
        content.overdue += line.overdue
        content.escalated += line.escalation_level > 0
        if shown[triggered] < MAIL_MAX_ROWS:
            shown[triggered] += 1
            if line.position != position:
                line = dataclasses.replace(line, position=position)
            content.lines.append(line)
    return content


def reminder_contents(delivery_ids) -> dict[int, MailContent]:
    """Return {ledger row id: what its mail shows and counts} for many rows in two queries.

    The names are read only for the lines a mail shows: an escalation digest at province scale
    holds thousands of items, of which the mail lists the first MAIL_MAX_ROWS per section.
    """
    rows = ReminderDelivery.objects.filter(pk__in=list(delivery_ids)).values_list(
        "pk", *ITEM_FIELDS
    )
    contents = {pk: mail_content(entries_of(*arrays)) for pk, *arrays in rows}
    named = iter(lines_for([line for c in contents.values() for line in c.lines]))
    for content in contents.values():
        content.lines = [next(named) for _line in content.lines]
    return contents


def unread_count(user) -> int:
    """Return how many of the user's notifications are unread (the bell's figure)."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.unread().filter(user=user).count()
