"""Reads about reminders for screens: the bell, the notifications page, an assignment's timeline."""

import dataclasses
from dataclasses import dataclass, field

from django.db.models import DateField, F, Func, IntegerField, TextField, Value
from django.utils.translation import gettext as _

from directives.models import (
    Assignment,
    Notification,
    ReminderDelivery,
    ReminderLine,
    entries_of,
)
from directives.reminders import texts

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
        .select_related("delivery__recipient")
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


class _Element(Func):
    """array[index], the index an expression (PostgreSQL arrays count from 1)."""

    template = "(%(expressions)s]"
    arg_joiner = ")["


def reminder_timeline(assignment: Assignment):
    """Tell every reminder sent (or that failed) about `assignment`: a source for directives.timeline."""
    from directives.timeline import TimelineEntry  # timeline registers this source, so import late

    # Only the assignment's own line of each mail is read: an escalation digest lists thousands.
    at = Func(
        F("item_assignments"),
        Value(assignment.pk),
        function="array_position",
        output_field=IntegerField(),
    )
    deliveries = (
        ReminderDelivery.objects.filter(
            item_assignments__contains=[assignment.pk],
            state__in=[ReminderDelivery.State.SENT, ReminderDelivery.State.FAILED],
        )
        .defer(*ITEM_FIELDS)
        .annotate(
            line_at=at,
            line_reason=_Element(F("item_reasons"), at, output_field=TextField()),
            line_level=_Element(F("item_levels"), at, output_field=IntegerField()),
            line_deadline=_Element(F("item_deadlines"), at, output_field=DateField()),
            line_days_late=_Element(F("item_days_late"), at, output_field=IntegerField()),
        )
        .select_related("recipient")
        .order_by("sent_at", "id")
    )
    for delivery in deliveries:
        item = ReminderLine(
            position=delivery.line_at - 1,
            assignment_id=assignment.pk,
            reason=delivery.line_reason,
            escalation_level=delivery.line_level,
            deadline=delivery.line_deadline,
            days_late=delivery.line_days_late,
        )
        values = {
            "recipient": delivery.recipient,
            "status": texts.status_text(
                item.days_late, has_deadline=item.deadline is not None
            ).lower(),
        }
        if delivery.kind == ReminderDelivery.Kind.MANUAL:
            text = _("Thanh tra đôn đốc: gửi thư tới %(recipient)s (%(status)s).") % values
        elif item.escalation_level:
            text = _("Báo cáo cấp trên: gửi thư nhắc tới %(recipient)s (%(status)s).") % values
        elif item.triggered:
            text = _("Gửi thư nhắc việc tới %(recipient)s (%(status)s).") % values
        else:
            text = _("Nêu trong thư nhắc việc gửi %(recipient)s (%(status)s).") % values
        if delivery.state == ReminderDelivery.State.FAILED:
            text += " " + _("Gửi không thành công: %(error)s") % {
                "error": delivery.last_error[:200]
            }
        yield TimelineEntry(
            at=delivery.sent_at or delivery.created_at,
            text=text,
            actor_id=delivery.requested_by_id,
            kind="reminder",
            icon="bi-bell" if delivery.state == ReminderDelivery.State.SENT else "bi-bell-slash",
        )
