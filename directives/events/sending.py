"""Send event outbox rows: claim with a lease (directives.outbox), send by channel, mark once.

SENDERS maps each channel to the function that delivers one row; a sender returns on success
and raises on failure (the row is retried with a backoff, then failed). Adding a channel is one
entry here and one in directives.events.CHANNELS.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from directives import outbox
from directives.events import FOR_STAFF, texts
from directives.models import EventDelivery

logger = logging.getLogger(__name__)


@dataclass
class Sent:
    sent: int = 0
    failed: int = 0
    retrying: int = 0


class Permanent(Exception):
    """This row can never be delivered (refused for good): fail it without retrying."""


def _entry(row: EventDelivery) -> dict:
    """What one event says in a mail: its sentence, details, unit and the page it links to."""
    event = row.event
    if event.kind in FOR_STAFF:
        path = reverse("directives:review-queue")
    else:  # its assignment's page, or the page an assignment-less event names in its data
        path = event.get_absolute_url() or reverse("directives:notification-list")
    return {
        "headline": texts.headline(event),
        "details": texts.details(event),
        "unit": event.unit_name,
        "url": settings.SITE_URL + path,
        "copy": row.copy,
    }


def _message(subject, text, html, to, key) -> EmailMultiAlternatives:
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "localhost"
    message = EmailMultiAlternatives(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [to],
        headers={"Message-ID": f"<{key.replace(':', '.')}@{domain}>", "X-PCTS-Event": key},
    )
    message.attach_alternative(html, "text/html")
    return message


def mail_message(row: EventDelivery) -> EmailMultiAlternatives:
    """Build the Vietnamese mail telling `row.recipient` about its event."""
    with translation.override("vi"):
        entry = _entry(row)
        context = {"row": row, "event": row.event, "recipient": row.recipient, **entry}
        subject = " ".join(render_to_string("emails/event-subject.html", context).split())
        text = render_to_string("emails/event-body-text.html", context)
        html = render_to_string("emails/event-body-html.html", context)
    return _message(subject, text, html, row.recipient.email, row.key)


def digest_message(rows: list[EventDelivery]) -> EmailMultiAlternatives:
    """Build one recipient's morning digest: every gathered event, oldest first, in one mail."""
    first = rows[0]
    with translation.override("vi"):
        context = {
            "recipient": first.recipient,
            "entries": [_entry(r) for r in rows],
            "day": timezone.localdate(),
        }
        subject = " ".join(render_to_string("emails/event_digest-subject.html", context).split())
        text = render_to_string("emails/event_digest-body-text.html", context)
        html = render_to_string("emails/event_digest-body-html.html", context)
    key = f"event-digest:{first.recipient_id}:{min(r.pk for r in rows)}"
    return _message(subject, text, html, first.recipient.email, key)


def _send(message: EmailMultiAlternatives) -> None:
    try:
        sent = message.send()
    except Exception as exc:
        if outbox.mail_refused_for_good(exc):
            raise Permanent(f"{type(exc).__name__}: {exc}") from exc
        raise
    if sent != 1:
        raise RuntimeError("the mail backend did not send the message")


def send_mail(row: EventDelivery) -> None:
    _send(mail_message(row))


def send_digest(rows: list[EventDelivery]) -> None:
    _send(digest_message(rows))


SENDERS = {EventDelivery.Channel.MAIL: send_mail}


def _batches(rows: list[EventDelivery]) -> list[list[EventDelivery]]:
    """Split claimed rows into what goes out together: each row alone, a recipient's digest rows as one."""
    batches, digests = [], {}
    for row in rows:
        if row.digest and row.channel == EventDelivery.Channel.MAIL:
            if row.recipient_id not in digests:
                digests[row.recipient_id] = []
                batches.append(digests[row.recipient_id])
            digests[row.recipient_id].append(row)
        else:
            batches.append([row])
    return batches


def _deliver(batch: list[EventDelivery]) -> None:
    if batch[0].digest:
        send_digest(batch)
    else:
        SENDERS[batch[0].channel](batch[0])


def send_due(*, ids=None, limit: int = 100) -> Sent:
    """Send every claimable event row (only `ids` when given); a rerun skips rows sent or leased.

    A recipient's digest rows due together leave as one mail and are marked together.
    """
    result = Sent()
    token, rows = outbox.claim(
        EventDelivery,
        limit=limit,
        ids=ids,
        related=("recipient", "event__directive", "event__assignment__unit"),
    )
    batches = _batches(rows)
    for i, batch in enumerate(batches):
        try:
            _deliver(batch)
        except Permanent as exc:
            for row in batch:
                outbox.retry_or_fail(row, token, exc, permanent=True)
            result.failed += len(batch)
        except Exception as exc:  # SMTP down, refused for now, timed out: retried with a backoff
            for row in batch:
                if outbox.retry_or_fail(row, token, exc) == outbox.FAILED:
                    result.failed += 1
                else:
                    result.retrying += 1
            # The channel is likely down: the rest wait with this row instead of timing out each.
            rest = [row for later in batches[i + 1 :] for row in later]
            delay = outbox.backoff(batch[0].attempts)
            outbox.release(EventDelivery, rest, token, delay=delay)
            break
        else:
            for row in batch:
                outbox.mark_sent(row, token)
            result.sent += len(batch)
    return result


def next_retry_in() -> float | None:
    return outbox.next_retry_in(EventDelivery)
