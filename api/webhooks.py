"""Webhooks: a channel of the event outbox, signed with HMAC-SHA256, retried with a backoff.

Every event writes one WebhookDelivery per active webhook that asked for its kind, in the
event's transaction (`write_deliveries`, called by directives.events.emit); after the commit a
Celery task sends them, and beat's sweep sends what it missed. Rows are claimed, leased, retried
and marked with directives.outbox, as the mail rows are; each try is logged with its response
code (WebhookAttempt).

What a receiver gets: a POST of JSON with these headers

    X-PCTS-Event: report_submitted          the event's kind
    X-PCTS-Delivery: 42                     the delivery's id (the same on every retry)
    X-PCTS-Timestamp: 1767225600            Unix seconds when this try was signed
    X-PCTS-Signature: sha256=<hex>          HMAC-SHA256(secret, timestamp + "." + body)

The receiver recomputes the HMAC over the raw body, compares it in constant time, and refuses
a timestamp older than PCTS_WEBHOOK_REPLAY_SECONDS (300 by default) or a delivery id it has
already processed: a replayed request is then useless. Any 2xx answer counts as delivered; 410
stops the retries; every other answer, a timeout or a refused connection is retried after
PCTS_REMINDER_RETRY_SECONDS × 2^(attempt-1) (at most an hour), up to PCTS_REMINDER_MAX_ATTEMPTS.
"""

import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from api.models import Webhook, WebhookAttempt, WebhookDelivery
from directives import outbox
from directives.batching import remembered
from directives.broker import publish

logger = logging.getLogger(__name__)

SEND_TASK = "api.tasks.webhooks_send"
SIGNATURE_HEADER = "X-PCTS-Signature"
TIMESTAMP_HEADER = "X-PCTS-Timestamp"


def write_deliveries(event) -> list[int]:
    """Write the outbox rows of `event` for every active webhook of its kind; send after commit."""
    hooks = remembered(
        ("webhooks", event.kind),
        lambda: list(Webhook.objects.filter(is_active=True, kinds__contains=[event.kind])),
    )
    rows = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(event=event, webhook=hook, next_attempt_at=event.created_at)
            for hook in hooks
        ]
    )
    ids = [row.pk for row in rows]
    if ids:
        transaction.on_commit(lambda: publish(SEND_TASK, [ids]))
    return ids


def payload(event) -> dict:
    """The JSON a receiver gets: the event, its ids (read them with the API) and its data."""
    return {
        "id": event.pk,
        "kind": event.kind,
        "created_at": event.created_at.isoformat(),
        "directive": event.directive_id,
        "assignment": event.assignment_id,
        "unit": event.assignment.unit_id if event.assignment_id else event.data.get("unit_id"),
        "data": event.data,
    }


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """Return the X-PCTS-Signature value: sha256=HMAC-SHA256(secret, timestamp + "." + body)."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(
    secret: str, timestamp: str, body: bytes, signature: str, *, now: float | None = None
) -> bool:
    """Say whether a received request is genuine and fresh (what a receiver does; tests use it)."""
    try:
        age = (time.time() if now is None else now) - int(timestamp)
    except ValueError:
        return False
    if abs(age) > settings.PCTS_WEBHOOK_REPLAY_SECONDS:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


class Refused(Exception):
    """The receiver answered something other than 2xx."""

    def __init__(self, code: int):
        super().__init__(f"HTTP {code}")
        self.code = code


def post(row: WebhookDelivery) -> int:
    """POST one delivery, signed now; return the response code, raise Refused on a non-2xx."""
    body = json.dumps(payload(row.event), ensure_ascii=False, sort_keys=True).encode()
    timestamp = str(int(time.time()))
    request = urllib.request.Request(
        row.webhook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "PCTS-Webhook/1",
            "X-PCTS-Event": row.event.kind,
            "X-PCTS-Delivery": str(row.pk),
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: sign(row.webhook.secret, timestamp, body),
        },
    )
    try:
        with urllib.request.urlopen(
            request, timeout=settings.PCTS_WEBHOOK_TIMEOUT_SECONDS
        ) as answer:
            return answer.status
    except urllib.error.HTTPError as exc:
        raise Refused(exc.code) from exc


def send_due(*, ids=None, limit: int = 100) -> dict:
    """Send every claimable webhook row (only `ids` when given); a rerun skips rows sent or leased."""
    token, rows = outbox.claim(
        WebhookDelivery, limit=limit, ids=ids, related=("webhook", "event__assignment")
    )
    counts = {"sent": 0, "failed": 0, "retrying": 0}
    for row in rows:
        code, error = None, None
        try:
            code = post(row)
        except Refused as exc:
            code, error = exc.code, exc
        except Exception as exc:  # timeout, refused connection, bad address: retried
            error = exc
        WebhookAttempt.objects.create(
            delivery=row, at=timezone.now(), response_code=code, error=str(error or "")[:2000]
        )
        WebhookDelivery.objects.filter(pk=row.pk, claim_token=token).update(response_code=code)
        if error is None:
            outbox.mark_sent(row, token)
            counts["sent"] += 1
        elif outbox.retry_or_fail(row, token, error, permanent=code == 410) == outbox.FAILED:
            counts["failed"] += 1
        else:
            counts["retrying"] += 1
    return counts
