"""One function per email kind; each renders a subject/text/html template trio in Vietnamese."""

import binascii
import datetime
import email
import email.message
import email.policy
import functools
import re
import uuid
from dataclasses import dataclass, field
from email.utils import formataddr, formatdate, parseaddr
from html import escape

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from directives.models import (
    Assignment,
    ReminderDelivery,
    ReminderPolicy,
    ReminderReason,
    entries_of,
)
from directives.reminders import texts
from units.vietnamese import format_date

# A mail lists at most this many items per section; the rest are counted and linked.
MAIL_MAX_ROWS = 100


class WireMessage(email.message.Message):
    """A MIME message built once in its wire form (CRLF lines): its headers read as usual, as_bytes() returns those bytes.

    The backends only serialise a message; the parts are parsed back from the bytes when asked for.
    """

    def __init__(self, headers: list[tuple[str, str]], wire: bytes):
        super().__init__(policy=email.policy.compat32)
        for name, value in headers:
            self[name] = value
        self._wire = wire
        self._parts = None

    def as_bytes(self, unixfrom=False, policy=None) -> bytes:
        return self._wire

    __bytes__ = as_bytes

    def as_string(self, unixfrom=False, maxheaderlen=0, policy=None) -> str:
        return self._wire.decode("ascii")

    __str__ = as_string

    def is_multipart(self) -> bool:
        return True

    def get_payload(self, i=None, decode=False):
        if self._parts is None:
            self._parts = email.message_from_bytes(self._wire).get_payload()
        return self._parts if i is None else self._parts[i]


def _word_bytes(width: int) -> int:
    """Return how many UTF-8 bytes one base64 encoded word of at most `width` characters carries."""
    return 3 * ((min(width, 75) - len("=?utf-8?b??=")) // 4)


def _encoded_words(value: str, *, indent: int) -> str:
    """Return a header value as RFC 2047 base64 encoded words, folded, never splitting a character.

    Every line stays within 76 characters: the first one after the `indent` of "Name: ".
    """
    words, chunk, size, limit = [], [], 0, _word_bytes(76 - indent)
    for char in value:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            words.append("".join(chunk))
            chunk, size, limit = [], 0, _word_bytes(75)
        chunk.append(char)
        size += width
    words.append("".join(chunk))
    return "\r\n ".join(
        "=?utf-8?b?" + binascii.b2a_base64(w.encode("utf-8"), newline=False).decode("ascii") + "?="
        for w in words
    )


def _folded(value: str, *, indent: int) -> str:
    """Fold an ASCII header value at its spaces so that lines stay within 78 characters where a space allows.

    The first line follows the `indent` of "Name: "; continuation lines start with one space.
    """
    lines, line, limit = [], "", 78 - indent
    for token in value.split(" "):
        if line and len(line) + 1 + len(token) > limit:
            lines.append(line)
            line, limit = token, 77
        else:
            line = f"{line} {token}" if line else token
    lines.append(line)
    return "\r\n ".join(lines)


@functools.lru_cache(maxsize=4096)  # a day's mails repeat the same few hundred addresses
def _addr_spec(address: str) -> str:
    return parseaddr(address)[1]


@functools.lru_cache(maxsize=4096)
def _header_address(address: str) -> str:
    """Write an address for a header on one line (a non-ASCII name as encoded words); folded later."""
    name, addr = parseaddr(address)
    return _UNFOLD.sub(" ", formataddr((name, addr), charset="utf-8"))


_UNFOLD = re.compile(r"\r?\n[ \t]+")


def _base64_body(text: str) -> bytes:
    """Return UTF-8 text as base64 in 76-character CRLF lines, encoded in one C call."""
    encoded = binascii.b2a_base64(text.encode("utf-8"), newline=False)
    return b"\r\n".join([encoded[i : i + 76] for i in range(0, len(encoded), 76)]) + b"\r\n"


class ReminderMail(EmailMultiAlternatives):
    """A reminder mail written straight to its wire form: multipart/alternative, base64 UTF-8 bodies.

    Django's message() goes through the modern email API and the classic one through its
    generator, which writes a 100 KB digest line by line: either costs milliseconds per message,
    more than sending it, and a province's day sends hundreds of digests. Here the bodies are
    encoded by the C base64 encoder and the headers (RFC 2047 where not ASCII) are written once.
    Non-ASCII addresses, which need Django's IDNA handling, take Django's path.
    """

    frozen = None  # the message built by freeze()
    # (sender, recipients) as the SMTP envelope takes them, set when the message is written here.
    envelope = None

    def freeze(self) -> None:
        """Build the message now, so that sending does not: the mail must not change afterwards."""
        self.frozen = self.message()

    def message(self, *, policy=email.policy.default):
        if self.frozen is not None:
            return self.frozen
        addresses = [(a, _addr_spec(a)) for a in (self.from_email, *self.to, *self.cc)]
        if not all(addr.isascii() for _a, addr in addresses):
            return super().message(policy=policy)
        given = [
            str(self.subject),
            self.from_email,
            *self.to,
            *self.cc,
            *map(str, self.extra_headers.values()),
        ]
        if any("\n" in value or "\r" in value for value in given):
            raise ValueError("Header values can't contain newlines.")
        self.envelope = (addresses[0][1], [addr for _a, addr in addresses[1:]])
        headers = {
            "Subject": str(self.subject),
            "From": _header_address(self.from_email),
            "To": ", ".join(_header_address(a) for a in self.to),
            "Cc": ", ".join(_header_address(a) for a in self.cc),
            **self.extra_headers,
        }
        if "Date" not in self.extra_headers:
            headers["Date"] = formatdate(localtime=settings.EMAIL_USE_LOCALTIME)
        # "=_" never occurs in base64 text, so the boundary cannot collide with a body line.
        boundary = f"=_pcts_{uuid.uuid4().hex}"
        top = [
            ("MIME-Version", "1.0"),
            ("Content-Type", f'multipart/alternative;\r\n boundary="{boundary}"'),
        ]
        top += [
            (
                name,
                _folded(value, indent=len(name) + 2)
                if value.isascii()
                else _encoded_words(value, indent=len(name) + 2),
            )
            for name, value in headers.items()
            if value
        ]
        parts = [("text/plain", self.body)] + [(m, c) for c, m in self.alternatives]
        chunks = ["".join(f"{name}: {value}\r\n" for name, value in top).encode("ascii")]
        for mimetype, content in parts:
            chunks.append(
                f'\r\n--{boundary}\r\nContent-Type: {mimetype}; charset="utf-8"\r\n'
                "Content-Transfer-Encoding: base64\r\n\r\n".encode("ascii")
            )
            chunks.append(_base64_body(str(content)))
        chunks.append(f"\r\n--{boundary}--\r\n".encode("ascii"))
        return WireMessage(top, b"".join(chunks))


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
    position: int = 0

    @property
    def triggered(self) -> bool:
        return self.reason != ReminderReason.LISTED

    @property
    def overdue(self) -> bool:
        return self.days_late > 0 and self.deadline is not None


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


def mail_content(entries, line_of=None) -> MailContent:
    """Return what a mail shows and counts of its item lines, given in ledger position order.

    The same selection as reminder_contents, for a caller that holds the lines it just wrote.
    `entries` are Lines or ledger entries, or planned items turned into Lines by `line_of` only
    for the lines shown, with their position (a digest of thousands of escalations shows
    MAIL_MAX_ROWS of them).
    """
    content, shown = MailContent(), {True: 0, False: 0}
    for position, entry in enumerate(entries):
        triggered = entry.triggered
        if triggered:
            content.triggered += 1
        else:
            content.listed += 1
        content.overdue += entry.days_late > 0 and entry.deadline is not None
        content.escalated += entry.escalation_level > 0
        if shown[triggered] < MAIL_MAX_ROWS:
            shown[triggered] += 1
            content.lines.append(line_of(entry, position) if line_of else entry)
    return content


ITEM_FIELDS = (
    "item_assignments",
    "item_reasons",
    "item_levels",
    "item_deadlines",
    "item_days_late",
)
NAME_FIELDS = ("pk", "task__directive__symbol", "task__title", "unit__name")


def _names(assignment_ids) -> dict[int, tuple[str, str, str]]:
    """Return {assignment id: (symbol, task title, unit name)} in one query."""
    rows = Assignment.objects.filter(pk__in=list(assignment_ids)).values_list(*NAME_FIELDS)
    return {pk: names for pk, *names in rows}


def _line(delivery_id: int, entry, names: dict) -> Line:
    # An assignment deleted since the mail (admin only) keeps its line, without names.
    symbol, title, unit = names.get(entry.assignment_id, ("", "", ""))
    return Line(
        delivery_id,
        entry.assignment_id,
        symbol,
        title,
        unit,
        entry.deadline,
        entry.days_late,
        entry.reason,
        entry.escalation_level,
        entry.position,
    )


def entry_lines(delivery_id: int, entries) -> list[Line]:
    """Return the Lines, with the names shown, of some item lines of one ledger row, in one query."""
    names = _names({e.assignment_id for e in entries})
    return [_line(delivery_id, entry, names) for entry in entries]


def reminder_contents(delivery_ids) -> dict[int, MailContent]:
    """Return {ledger row id: what its mail shows and counts} for many rows in two queries.

    The names are read only for the lines a mail shows: an escalation digest at province scale
    holds thousands of items, of which the mail lists the first MAIL_MAX_ROWS per section.
    """
    rows = ReminderDelivery.objects.filter(pk__in=list(delivery_ids)).values_list(
        "pk", *ITEM_FIELDS
    )
    contents = {pk: mail_content(entries_of(*arrays)) for pk, *arrays in rows}
    names = _names({e.assignment_id for c in contents.values() for e in c.lines})
    for pk, content in contents.items():
        content.lines = [_line(pk, entry, names) for entry in content.lines]
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


def _row_words(line: Line, policy: ReminderPolicy, language: str, no_deadline: str) -> dict:
    """Return the words of one row that judge it, unescaped: unit, deadline, status, escalation, what to do."""
    return {
        "unit": line.unit_name,
        "deadline": format_date(line.deadline) or no_deadline,
        "status": texts.status_text(
            line.days_late, has_deadline=line.deadline is not None, language=language
        ),
        "escalation": texts.escalation_text(line, policy, language=language),
        "action": texts.action_text(line, language=language),
    }


# The words that judge a row (unit, deadline, status, what to do) repeat from row to row and mail to mail.
_escaped = functools.lru_cache(maxsize=65536)(escape)


@functools.lru_cache(maxsize=64)
def _path(name: str, *args) -> str:
    """reverse(), once per URL name and arguments (the URLconf does not change while running)."""
    return reverse(name, args=args)


def reminder_rows(lines: list[Line], policy: ReminderPolicy, labels: dict) -> tuple[str, str]:
    """Return the (html, text) rows of a mail section for `lines`."""
    # The link differs only by the assignment id: one reverse() for all the rows.
    link = settings.SITE_URL + _path("directives:assignment-detail", 0).replace("/0/", "/{}/")
    link_html = escape(link)
    badge_html = BADGE_HTML.format(escape(labels["escalated"]))
    badge_text = " · " + labels["escalated"].upper()
    action_label = escape(labels["action"])
    # Looked up once per section: the active language sits behind a context-local lookup.
    language, no_deadline = translation.get_language(), _("không có thời hạn")
    html_rows, text_rows = [], []
    for line in lines:
        words = _row_words(line, policy, language, no_deadline)
        escaped = {key: _escaped(value) for key, value in words.items()}
        html_rows.append(
            ROW_HTML.format_map(
                escaped
                | {
                    "symbol": escape(line.symbol),
                    "task": escape(line.task_title),
                    "url": link_html.format(line.assignment_id),
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
                    "symbol": line.symbol,
                    "task": line.task_title,
                    "url": link.format(line.assignment_id),
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
            "list_url": settings.SITE_URL + _path("directives:assignment-list"),
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
