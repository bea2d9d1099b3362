"""Reads about reminders for screens: the bell, the notifications page, an assignment's timeline."""

from django.db.models import DateField, F, Func, IntegerField, TextField, Value
from django.utils.translation import gettext as _

from directives.emails import ITEM_FIELDS, Line, entry_lines
from directives.models import Assignment, Notification, ReminderDelivery, ReminderEntry
from directives.reminders import texts
from directives.timeline_entry import TimelineEntry


def notifications_for(user):
    """Return the user's notifications, newest first, with what their sentence needs."""
    return (
        Notification.objects.filter(user=user)
        .select_related("delivery__recipient")
        .order_by("-created_at", "-id")
    )


def notification_entries(notification) -> list[ReminderEntry]:
    """Return the item lines a notification tells about, in the mail's order (to be paged)."""
    return notification.reminder_entries()


def lines_for(delivery_id: int, entries) -> list[Line]:
    """Return the Lines, with symbol, task and unit, of some item lines of one mail, in one query."""
    return entry_lines(delivery_id, entries)


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
        item = ReminderEntry(
            delivery.line_at - 1,
            assignment.pk,
            delivery.line_reason,
            delivery.line_level,
            delivery.line_deadline,
            delivery.line_days_late,
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
