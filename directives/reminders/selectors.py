"""Reads about reminders for screens: the bell, the notifications page, an assignment's timeline."""

from django.db.models import Q
from django.utils.translation import gettext as _

from directives.emails import LINE_FIELDS
from directives.models import Assignment, Notification, ReminderDelivery, ReminderItem
from directives.reminders import texts


def notifications_for(user):
    """Return the user's notifications, newest first, with what their sentence needs."""
    return (
        Notification.objects.filter(user=user)
        .select_related("delivery__recipient")
        .order_by("-created_at", "-id")
    )


def notification_items(notification):
    """Return the rows (emails.LINE_FIELDS) of the items a notification tells about, in the mail's order."""
    return notification.reminder_items().values_list(*LINE_FIELDS)


def unread_count(user) -> int:
    """Return how many of the user's notifications are unread (the bell's figure)."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.unread().filter(user=user).count()


def reminder_timeline(assignment: Assignment):
    """Tell every reminder sent (or that failed) about `assignment`: a source for directives.timeline."""
    from directives.timeline import TimelineEntry  # timeline registers this source, so import late

    items = (
        ReminderItem.objects.filter(assignment=assignment)
        .filter(
            Q(delivery__state=ReminderDelivery.State.SENT)
            | Q(delivery__state=ReminderDelivery.State.FAILED)
        )
        .select_related("delivery__recipient")
        .order_by("delivery__sent_at", "delivery_id")
    )
    for item in items:
        delivery = item.delivery
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
