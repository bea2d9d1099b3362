"""One function per email kind; each renders a subject/text/html template trio in Vietnamese."""

import datetime
import email.policy
from dataclasses import dataclass, field
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr, formatdate, parseaddr
from html import escape

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, Subquery, Window
from django.db.models.functions import RowNumber
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from directives.models import ReminderDelivery, ReminderItem, ReminderPolicy
from directives.reminders import texts
from units.vietnamese import format_date

# A mail lists at most this many items per section; the rest are counted and linked.
MAIL_MAX_ROWS = 100


# The classic email API writes RFC 5322 line endings for smtplib with this policy.
_MIME_POLICY = email.policy.compat32.clone(linesep="\r\n")


def _header_address(address: str) -> str:
    name, addr = parseaddr(address)
    return formataddr((name, addr), charset="utf-8")


class ReminderMail(EmailMultiAlternatives):
    """A reminder mail whose MIME form comes from the standard library's classic email API.

    Django's message() goes through the modern API, which parses and refolds every header and
    body part: about 4 ms for a 100 KB digest, more than sending it takes. The classic API writes
    the same multipart/alternative (base64 UTF-8 bodies) in about half the time, and a province's
    day sends hundreds of digests. Non-ASCII addresses, which need Django's IDNA handling, take
    Django's path.
    """

    def message(self, *, policy=email.policy.default):
        addresses = [self.from_email, *self.to, *self.cc]
        if not all(parseaddr(a)[1].isascii() for a in addresses):
            return super().message(policy=policy)
        headers = {
            "Subject": str(self.subject),
            "From": _header_address(self.from_email),
            "To": ", ".join(_header_address(a) for a in self.to),
            "Cc": ", ".join(_header_address(a) for a in self.cc),
            **self.extra_headers,
        }
        if any("\n" in value or "\r" in value for value in headers.values()):
            raise ValueError("Header values can't contain newlines.")
        msg = MIMEMultipart("alternative", policy=_MIME_POLICY)
        msg.attach(MIMEText(self.body, "plain", "utf-8", policy=_MIME_POLICY))
        for content, mimetype in self.alternatives:
            subtype = mimetype.split("/", 1)[1]
            msg.attach(MIMEText(content, subtype, "utf-8", policy=_MIME_POLICY))
        for name, value in headers.items():
            if value:
                msg[name] = value if value.isascii() else Header(value, "utf-8")
        if "Date" not in self.extra_headers:
            msg["Date"] = formatdate(localtime=settings.EMAIL_USE_LOCALTIME)
        return msg


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


@dataclass(frozen=True, slots=True)
class Line:
    """One item line of a reminder mail as the ledger keeps it, with the names the mail shows."""

    delivery_id: int
    assignment_id: int
    symbol: str
    task_title: str
    unit_name: str
    deadline: datetime.date | None
    days_late: int
    reason: str
    escalation_level: int

    @property
    def triggered(self) -> bool:
        return self.reason != ReminderItem.Reason.LISTED

    @property
    def overdue(self) -> bool:
        return self.days_late > 0 and self.deadline is not None


LINE_FIELDS = (
    "delivery_id",
    "assignment_id",
    "assignment__task__directive__symbol",
    "assignment__task__title",
    "assignment__unit__name",
    "deadline",
    "days_late",
    "reason",
    "escalation_level",
)


@dataclass
class MailContent:
    """The item lines one mail shows (at most MAIL_MAX_ROWS per section) and what it counts."""

    lines: list[Line] = field(default_factory=list)
    triggered: int = 0
    listed: int = 0
    overdue: int = 0
    escalated: int = 0

    @property
    def total(self) -> int:
        return self.triggered + self.listed


def reminder_contents(delivery_ids) -> dict[int, MailContent]:
    """Return {ledger row id: what its mail shows and counts} for many rows in two queries.

    Only the lines a mail shows are read: an escalation digest at province scale holds
    thousands of items, of which the mail lists the first MAIL_MAX_ROWS per section.
    """
    delivery_ids = list(delivery_ids)
    Reason = ReminderItem.Reason
    listed = Q(reason=Reason.LISTED)
    items = ReminderItem.objects.filter(delivery_id__in=delivery_ids)
    contents: dict[int, MailContent] = {}
    for delivery_id, triggered, listed_count, overdue, escalated in (
        items.order_by()
        .values("delivery_id")
        .annotate(
            triggered=Count("id", filter=~listed),
            listed=Count("id", filter=listed),
            overdue=Count("id", filter=Q(days_late__gt=0, deadline__isnull=False)),
            escalated=Count("id", filter=Q(escalation_level__gt=0)),
        )
        .values_list("delivery_id", "triggered", "listed", "overdue", "escalated")
    ):
        contents[delivery_id] = MailContent([], triggered, listed_count, overdue, escalated)
    section = ExpressionWrapper(listed, output_field=BooleanField())
    shown = items.annotate(
        rank=Window(RowNumber(), partition_by=[F("delivery_id"), section], order_by="position")
    ).filter(rank__lte=MAIL_MAX_ROWS)
    rows = (
        ReminderItem.objects.filter(pk__in=Subquery(shown.values("pk")))
        .order_by("delivery_id", "position")
        .values_list(*LINE_FIELDS)
    )
    for row in rows:
        line = Line(*row)
        contents[line.delivery_id].lines.append(line)
    return contents


# The item rows are formatted here rather than in a template loop: a province's day renders tens
# of thousands of rows, at about 20 µs a row in the template engine against 2 µs here. The frame
# of each mail stays in templates/emails/.
_CELL = "padding:8px;border-bottom:1px solid #dee2e6;vertical-align:top"
ROW_HTML = (
    '\n<tr><td style="' + _CELL + '"><a href="{url}" style="color:#0b5ed7;font-weight:bold;'
    'text-decoration:none">{symbol}</a>{badge}<br>{task}<br><span style="color:#6c757d;'
    'font-size:13px">{unit}</span>{escalation}<br><span style="font-size:13px">{action_label}: '
    "{action}</span></td>\n"
    '<td style="' + _CELL + ';white-space:nowrap">{deadline}</td>\n'
    '<td style="' + _CELL + ';white-space:nowrap{overdue}">{status}</td></tr>'
)
BADGE_HTML = (
    ' <span style="background:#dc3545;color:#fff;padding:1px 6px;border-radius:3px;'
    'font-size:12px">{}</span>'
)
ESCALATION_HTML = '<br><span style="color:#842029;font-size:13px">{}</span>'
ROW_TEXT = (
    "\n- {symbol}: {task}\n  {unit_label}: {unit} · {deadline_label}: {deadline} · {status}"
    "{badge}{escalation}\n  {action_label}: {action}\n  {url}\n"
)


def _row_texts(line: Line, policy: ReminderPolicy, link: str) -> dict:
    """Return the words of one row, unescaped: symbol, task, unit, deadline, status, what to do, link."""
    return {
        "symbol": line.symbol,
        "task": line.task_title,
        "unit": line.unit_name,
        "deadline": format_date(line.deadline) or _("không có thời hạn"),
        "status": texts.status_text(line.days_late, has_deadline=line.deadline is not None),
        "escalation": texts.escalation_text(line, policy),
        "action": texts.action_text(line),
        "url": link.format(line.assignment_id),
    }


def reminder_rows(lines: list[Line], policy: ReminderPolicy, labels: dict) -> tuple[str, str]:
    """Return the (html, text) rows of a mail section for `lines`."""
    # One reverse() per section instead of one per row: the link differs only by the assignment id.
    link = settings.SITE_URL + reverse("directives:assignment-detail", args=[0]).replace(
        "/0/", "/{}/"
    )
    badge_html = BADGE_HTML.format(escape(labels["escalated"]))
    badge_text = " · " + labels["escalated"].upper()
    action_label = escape(labels["action"])
    html_rows, text_rows = [], []
    for line in lines:
        words = _row_texts(line, policy, link)
        escaped = {key: escape(value) for key, value in words.items()}
        html_rows.append(
            ROW_HTML.format_map(
                escaped
                | {
                    "badge": badge_html if line.escalation_level else "",
                    "escalation": ESCALATION_HTML.format(escaped["escalation"])
                    if words["escalation"]
                    else "",
                    "action_label": action_label,
                    "overdue": ";color:#dc3545;font-weight:bold" if line.overdue else "",
                }
            )
        )
        text_rows.append(
            ROW_TEXT.format_map(
                words
                | {
                    "badge": badge_text if line.escalation_level else "",
                    "escalation": f"\n  {words['escalation']}" if words["escalation"] else "",
                    "unit_label": labels["unit"],
                    "deadline_label": labels["deadline"],
                    "action_label": labels["action"],
                }
            )
        )
    return mark_safe("".join(html_rows)), "".join(text_rows)  # noqa: S308 (every value escaped above)


def _sections(groups, policy: ReminderPolicy, labels: dict) -> list[dict]:
    """Describe each non-empty group; lines beyond MAIL_MAX_ROWS are only counted and linked, so a mail stays readable."""
    sections = []
    for title, lines, count in groups:
        if not count:
            continue
        html_rows, text_rows = reminder_rows(lines[:MAIL_MAX_ROWS], policy, labels)
        sections.append(
            {
                "title": title,
                "count": count,
                "rows_html": html_rows,
                "rows_text": text_rows,
                "more": max(count - len(lines[:MAIL_MAX_ROWS]), 0),
            }
        )
    return sections


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
        labels = {
            "unit": _("Đơn vị"),
            "deadline": _("Hạn"),
            "status": _("Tình trạng"),
            "item": _("Văn bản, nhiệm vụ"),
            "action": _("Việc cần làm"),
            "escalated": _("Báo cáo cấp trên"),
        }
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
            "sections": _sections(groups, policy, labels),
            "labels": labels,
            "escalated_count": content.escalated,
            "overdue_count": content.overdue,
            "upcoming_count": content.total - content.overdue,
            "symbols": sorted({line.symbol for line in content.lines}),
            "site_url": settings.SITE_URL,
            "list_url": settings.SITE_URL + reverse("directives:assignment-list"),
        }
    subject, text, html = _render("reminder_manual" if manual else "reminder_digest", context)
    message = ReminderMail(
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
