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
from django.utils import translation

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


def mail_message(row: EventDelivery) -> EmailMultiAlternatives:
    """Build the Vietnamese mail telling `row.recipient` about its event."""
    event = row.event
    if event.kind in FOR_STAFF:
        path = reverse("directives:review-queue")
    elif event.assignment_id:
        path = reverse("directives:assignment-detail", args=[event.assignment_id])
    else:
        path = reverse("directives:notification-list")
    url = settings.SITE_URL + path
    with translation.override("vi"):
        context = {
            "row": row,
            "event": event,
            "recipient": row.recipient,
            "headline": texts.headline(event),
            "details": texts.details(event),
            "unit": event.assignment.unit if event.assignment_id else None,
            "url": url,
        }
        subject = " ".join(render_to_string("emails/event-subject.html", context).split())
        text = render_to_string("emails/event-body-text.html", context)
        html = render_to_string("emails/event-body-html.html", context)
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "localhost"
    message = EmailMultiAlternatives(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [row.recipient.email],
        headers={
            "Message-ID": f"<{row.key.replace(':', '.')}@{domain}>",
            "X-PCTS-Event": row.key,
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def send_mail(row: EventDelivery) -> None:
    try:
        sent = mail_message(row).send()
    except Exception as exc:
        if outbox.mail_refused_for_good(exc):
            raise Permanent(f"{type(exc).__name__}: {exc}") from exc
        raise
    if sent != 1:
        raise RuntimeError("the mail backend did not send the message")


SENDERS = {EventDelivery.Channel.MAIL: send_mail}


def send_due(*, ids=None, limit: int = 100) -> Sent:
    """Send every claimable event row (only `ids` when given); a rerun skips rows sent or leased."""
    result = Sent()
    token, rows = outbox.claim(
        EventDelivery,
        limit=limit,
        ids=ids,
        related=("recipient", "event__directive", "event__assignment__unit"),
    )
    for i, row in enumerate(rows):
        try:
            SENDERS[row.channel](row)
        except Permanent as exc:
            outbox.retry_or_fail(row, token, exc, permanent=True)
            result.failed += 1
        except Exception as exc:  # SMTP down, refused for now, timed out: retried with a backoff
            if outbox.retry_or_fail(row, token, exc) == outbox.FAILED:
                result.failed += 1
            else:
                result.retrying += 1
            # The channel is likely down: the rest wait with this row instead of timing out each.
            outbox.release(EventDelivery, rows[i + 1 :], token, delay=outbox.backoff(row.attempts))
            break
        else:
            outbox.mark_sent(row, token)
            result.sent += 1
    return result


def next_retry_in() -> float | None:
    return outbox.next_retry_in(EventDelivery)
