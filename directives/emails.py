"""One function per email kind; each renders a subject/text/html template trio in Vietnamese."""

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from directives.models import ReminderDelivery, ReminderItem, ReminderPolicy
from directives.reminders import texts
from units.vietnamese import format_date, format_date_line


def mail_connection():
    """Return one connection to the configured mailer: MAILERS' SMTP default, else the classic EMAIL_BACKEND."""
    return mail.mailers.default


def _render(name: str, context: dict) -> tuple[str, str, str]:
    """Render templates/emails/<name>-subject/-body-text/-body-html.html in Vietnamese."""
    with translation.override("vi"):
        subject = render_to_string(f"emails/{name}-subject.html", context)
        text = render_to_string(f"emails/{name}-body-text.html", context)
        html = render_to_string(f"emails/{name}-body-html.html", context)
    return " ".join(subject.split()), text, html


def reminder_item_rows(items, policy: ReminderPolicy) -> list[dict]:
    """Return what a mail shows for each item: symbol, task, unit, deadline, status, what to do, link."""
    rows = []
    for item in items:
        assignment = item.assignment
        rows.append(
            {
                "symbol": assignment.task.directive.symbol,
                "task": assignment.task.title,
                "unit": assignment.unit.name,
                "deadline": format_date(item.deadline) or _("không có thời hạn"),
                "days_late": max(item.days_late, 0),
                "status": texts.status_text(item.days_late, has_deadline=item.deadline is not None),
                "overdue": item.days_late > 0 and item.deadline is not None,
                "triggered": item.triggered,
                "escalated": item.escalation_level > 0,
                "escalation": texts.escalation_text(item, policy),
                "action": texts.action_text(item),
                "url": settings.SITE_URL + assignment.get_absolute_url(),
            }
        )
    return rows


def reminder_message(delivery: ReminderDelivery) -> EmailMultiAlternatives:
    """Build the mail of one ledger row (daily digest or manual đôn đốc) with its deterministic Message-ID."""
    policy = ReminderPolicy.current()
    items = list(
        ReminderItem.objects.filter(delivery=delivery)
        .select_related("assignment__task__directive", "assignment__unit")
        .order_by("position")
    )
    with translation.override("vi"):
        rows = reminder_item_rows(items, policy)
        context = {
            "delivery": delivery,
            "recipient": delivery.recipient,
            "day": format_date(delivery.day),
            "date_line": format_date_line(delivery.day, settings.PCTS_PLACE_NAME),
            "installation": settings.PCTS_INSTALLATION_NAME,
            "requested_by": delivery.requested_by,
            "note": delivery.note,
            "triggered": [row for row in rows if row["triggered"]],
            "listed": [row for row in rows if not row["triggered"]],
            "escalated_count": sum(1 for row in rows if row["escalated"]),
            "overdue_count": sum(1 for row in rows if row["overdue"]),
            "upcoming_count": sum(1 for row in rows if not row["overdue"]),
            "symbols": sorted({row["symbol"] for row in rows}),
            "site_url": settings.SITE_URL,
        }
    name = "reminder_manual" if delivery.kind == ReminderDelivery.Kind.MANUAL else "reminder_digest"
    subject, text, html = _render(name, context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.to_email],
        cc=list(delivery.cc),
        headers={"Message-ID": delivery.message_id, "X-PCTS-Reminder": delivery.key, "Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    return message
