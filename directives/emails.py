"""One function per email kind; each renders a subject/text/html template trio in Vietnamese."""

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from directives.models import ReminderDelivery, ReminderItem, ReminderPolicy
from directives.reminders import texts
from units.vietnamese import format_date

# A mail lists at most this many items per section; the rest are counted and linked.
MAIL_MAX_ROWS = 100


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
    # One reverse() per mail instead of one per row: the link differs only by the assignment id.
    link = settings.SITE_URL + reverse("directives:assignment-detail", args=[0]).replace(
        "/0/", "/{}/"
    )
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
                "url": link.format(assignment.pk),
            }
        )
    return rows


def _sections(groups: list[tuple[str, list[dict], int]]) -> list[dict]:
    """Describe each group of rows; rows beyond MAIL_MAX_ROWS are only counted and linked, so a mail stays readable."""
    return [
        {"title": title, "count": count, "rows": rows, "more": max(count - len(rows), 0)}
        for title, rows, count in groups
        if count
    ]


def reminder_message(
    delivery: ReminderDelivery, *, policy: ReminderPolicy | None = None
) -> EmailMultiAlternatives:
    """Build the mail of one ledger row (daily digest or manual đôn đốc) with its deterministic Message-ID."""
    policy = policy or ReminderPolicy.current()
    items = ReminderItem.objects.filter(delivery=delivery)
    shown = items.select_related("assignment__task__directive", "assignment__unit").order_by(
        "position"
    )
    Reason = ReminderItem.Reason
    # One query for an ordinary digest; very long ones (escalations at province scale) take three.
    first = list(shown[: 2 * MAIL_MAX_ROWS + 1])
    if len(first) <= 2 * MAIL_MAX_ROWS:
        triggered_items = [i for i in first if i.reason != Reason.LISTED]
        listed_items = [i for i in first if i.reason == Reason.LISTED]
        counts = {
            "triggered": len(triggered_items),
            "listed": len(listed_items),
            "overdue": sum(1 for i in first if i.days_late > 0 and i.deadline is not None),
            "escalated": sum(1 for i in first if i.escalation_level),
            "total": len(first),
        }
        symbols = sorted({i.assignment.task.directive.symbol for i in first})
    else:
        triggered_q = ~Q(reason=Reason.LISTED)
        counts = items.aggregate(
            triggered=Count("id", filter=triggered_q),
            listed=Count("id", filter=~triggered_q),
            overdue=Count("id", filter=Q(days_late__gt=0, deadline__isnull=False)),
            escalated=Count("id", filter=Q(escalation_level__gt=0)),
            total=Count("id"),
        )
        triggered_items = list(shown.filter(triggered_q)[:MAIL_MAX_ROWS])
        listed_items = list(shown.exclude(triggered_q)[:MAIL_MAX_ROWS])
        symbols = sorted({i.assignment.task.directive.symbol for i in first})
    manual = delivery.kind == ReminderDelivery.Kind.MANUAL
    with translation.override("vi"):
        triggered = reminder_item_rows(triggered_items[:MAIL_MAX_ROWS], policy)
        listed = reminder_item_rows(listed_items[:MAIL_MAX_ROWS], policy)
        if manual:
            sections = _sections([("", triggered, counts["triggered"])])
        else:
            sections = _sections(
                [
                    (_("Cần xử lý"), triggered, counts["triggered"]),
                    (_("Các nhiệm vụ khác quá hạn hoặc sắp đến hạn"), listed, counts["listed"]),
                ]
            )
        context = {
            "delivery": delivery,
            "recipient": delivery.recipient,
            "day": format_date(delivery.day),
            "installation": settings.PCTS_INSTALLATION_NAME,
            "requested_by": delivery.requested_by,
            "note": delivery.note,
            "sections": sections,
            "labels": {
                "unit": _("Đơn vị"),
                "deadline": _("Hạn"),
                "status": _("Tình trạng"),
                "item": _("Văn bản, nhiệm vụ"),
                "action": _("Việc cần làm"),
                "escalated": _("Báo cáo cấp trên"),
            },
            "escalated_count": counts["escalated"],
            "overdue_count": counts["overdue"],
            "upcoming_count": counts["total"] - counts["overdue"],
            "symbols": symbols,
            "site_url": settings.SITE_URL,
            "list_url": settings.SITE_URL + reverse("directives:assignment-list"),
        }
    subject, text, html = _render("reminder_manual" if manual else "reminder_digest", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.to_email],
        cc=list(delivery.cc),
        headers={
            "Message-ID": delivery.message_id,
            "X-PCTS-Reminder": delivery.key,
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message
