"""One function per email kind; each renders a subject/text/html template trio in Vietnamese."""

import functools

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from directives.models import ReminderDelivery, ReminderLine, ReminderPolicy
from directives.reminders import acknowledge, texts
from directives.reminders.selectors import MailContent, reminder_contents
from units.vietnamese import format_date


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


@functools.lru_cache(maxsize=64)
def _path(name: str, *args) -> str:
    """reverse(), once per URL name and arguments (the URLconf does not change while running)."""
    return reverse(name, args=args)


def _rows(lines: list[ReminderLine], policy: ReminderPolicy) -> list[dict]:
    """Return the rows of a mail section: each line and the words that judge it.

    Plain dicts: the template engine looks a key up in a dict first, and a province's day renders
    tens of thousands of rows (templates/emails/_reminder_sections-html.html, _reminder_rows-text.html).
    """
    # The link differs only by the assignment id: one reverse() for all the rows.
    link = settings.SITE_URL + _path("directives:assignment-detail", 0).replace("/0/", "/{}/")
    no_deadline = _("không có thời hạn")
    return [
        {
            "symbol": line.symbol,
            "task": line.task_title,
            "unit": line.unit_name,
            "url": link.format(line.assignment_id),
            "deadline": format_date(line.deadline) or no_deadline,
            "status": texts.status_text(line),
            "overdue": line.overdue,
            "escalated": bool(line.escalation_level),
            "escalation": texts.escalation_text(line, policy),
            "action": texts.action_text(line),
        }
        for line in lines
    ]


def _sections(groups, policy: ReminderPolicy) -> list[dict]:
    """Describe each non-empty group; lines beyond those shown (MAIL_MAX_ROWS) are only counted and linked."""
    return [
        {
            "title": title,
            "count": count,
            "rows": _rows(lines, policy),
            "more": max(count - len(lines), 0),
        }
        for title, lines, count in groups
        if count
    ]


def reminder_message(
    delivery: ReminderDelivery,
    *,
    policy: ReminderPolicy | None = None,
    content: MailContent | None = None,
) -> EmailMultiAlternatives:
    """Build the mail of one ledger row (daily digest or manual đôn đốc) with its deterministic Message-ID.

    `content` is what the mail shows when the caller read it for many rows at once.
    """
    policy = policy or ReminderPolicy.current()
    if content is None:
        content = reminder_contents([delivery.pk]).get(delivery.pk, MailContent())
    triggered = [line for line in content.lines if line.triggered]
    listed = [line for line in content.lines if not line.triggered]
    manual = delivery.kind == ReminderDelivery.Kind.MANUAL
    with translation.override("vi"):
        if manual:
            groups = [("", triggered, content.triggered)]
        else:
            groups = [
                (_("Cần xử lý"), triggered, content.triggered),
                (_("Các nhiệm vụ khác quá hạn hoặc sắp đến hạn"), listed, content.listed),
            ]
        context = {
            "delivery": delivery,
            "recipient": delivery.recipient,
            "day": format_date(delivery.day),
            "installation": settings.PCTS_INSTALLATION_NAME,
            "requested_by": delivery.requested_by,
            "note": delivery.note,
            "sections": _sections(groups, policy),
            "escalated_count": content.escalated,
            "overdue_count": content.overdue,
            "upcoming_count": content.total - content.overdue,
            "symbols": sorted({line.symbol for line in content.lines}),
            "site_url": settings.SITE_URL,
            "list_url": settings.SITE_URL + _path("directives:assignment-list"),
            "ack_url": settings.SITE_URL + acknowledge.url_for(delivery),
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
