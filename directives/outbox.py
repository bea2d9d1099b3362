"""Claim, lease, retry and mark rows of an outbox table: the reminder ledger and the event outbox alike.

An outbox row carries `state` (pending, sending, sent, failed, skipped), `attempts`,
`next_attempt_at`, `lease_until`, `claim_token`, `sent_at` and `last_error`. A claim is a
conditional UPDATE of rows chosen with SELECT … FOR UPDATE SKIP LOCKED, so two workers never
hold the same row; every later write is conditioned on the claim token, so a worker whose lease
passed to another never overwrites it. A row whose lease ran out (its worker died) is claimable
again: recovery comes from the database, not the broker.
"""

import datetime
import logging
import smtplib
import uuid

from django.conf import settings
from django.db import transaction
from django.db.models import F, Min, Q
from django.utils import timezone

logger = logging.getLogger(__name__)

PENDING, SENDING, SENT, FAILED, SKIPPED = "pending", "sending", "sent", "failed", "skipped"


def mail_refused_for_good(error: Exception) -> bool:
    """Whether a mail send error means this row can never be delivered (fail it, do not retry).

    5xx for every recipient, a 5xx answer to the message itself, or a message that cannot be
    written (a header with a newline) are for good. A refused sender is our configuration or
    relay, never the row's fault; 4xx answers, timeouts and broken connections are transient.
    """
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _reply in error.recipients.values())
    if isinstance(error, smtplib.SMTPSenderRefused):
        return False
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return isinstance(error, ValueError)


def lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.PCTS_REMINDER_LEASE_SECONDS)


def backoff(attempts: int) -> datetime.timedelta:
    """Return the wait before try number `attempts` + 1: RETRY_SECONDS doubling, at most an hour."""
    seconds = settings.PCTS_REMINDER_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return datetime.timedelta(seconds=min(seconds, 3600))


def claimable(now: datetime.datetime) -> Q:
    """Rows due for a try: pending and due, or leased by a worker whose lease ran out."""
    return Q(state=PENDING, next_attempt_at__lte=now) | Q(state=SENDING, lease_until__lt=now)


def claim(model, *, limit: int, ids=None, related=(), where: Q | None = None):
    """Lease up to `limit` claimable rows of `model` (only `ids` when given) to this caller, counting one attempt each.

    Return (token, rows), the rows in the order they fell due, with `related` selected.
    """
    token, now = uuid.uuid4(), timezone.now()
    with transaction.atomic():
        qs = model.objects.filter(claimable(now))
        if where is not None:
            qs = qs.filter(where)
        if ids is not None:
            qs = qs.filter(pk__in=list(ids))
        pks = list(
            qs.select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "id")
            .values_list("pk", flat=True)[:limit]
        )
        if not pks:
            return token, []
        model.objects.filter(pk__in=pks).update(
            state=SENDING,
            claim_token=token,
            lease_until=now + lease(),
            attempts=F("attempts") + 1,
        )
    rows = model.objects.filter(pk__in=pks, claim_token=token).select_related(*related)
    return token, list(rows.order_by("next_attempt_at", "id"))


def renew(model, token: uuid.UUID) -> None:
    """Extend the lease of the rows this pass still holds."""
    model.objects.filter(claim_token=token, state=SENDING).update(
        lease_until=timezone.now() + lease()
    )


def retry_or_fail(row, token: uuid.UUID, error: Exception, *, permanent: bool = False) -> str:
    """Put the row back with a backoff, or mark it failed when permanent or out of attempts."""
    model = type(row)
    message = f"{type(error).__name__}: {error}"[:2000]
    if permanent or row.attempts >= settings.PCTS_REMINDER_MAX_ATTEMPTS:
        model.objects.filter(pk=row.pk, claim_token=token).update(
            state=FAILED, lease_until=None, claim_token=None, last_error=message
        )
        logger.error(
            "%s %s failed after %d attempt(s): %s", model.__name__, row.key, row.attempts, message
        )
        return FAILED
    model.objects.filter(pk=row.pk, claim_token=token).update(
        state=PENDING,
        lease_until=None,
        claim_token=None,
        last_error=message,
        next_attempt_at=timezone.now() + backoff(row.attempts),
    )
    logger.warning(
        "%s %s will be retried (attempt %d): %s", model.__name__, row.key, row.attempts, message
    )
    return PENDING


def release(model, rows, token: uuid.UUID, *, delay: datetime.timedelta | None = None) -> None:
    """Give back rows this pass claimed but never tried, without counting an attempt."""
    if not rows:
        return
    model.objects.filter(pk__in=[r.pk for r in rows], claim_token=token, state=SENDING).update(
        state=PENDING,
        lease_until=None,
        claim_token=None,
        attempts=F("attempts") - 1,
        next_attempt_at=timezone.now() + (delay or datetime.timedelta(0)),
    )


def mark_sent(row, token: uuid.UUID) -> str:
    """Record that the row went out, unless its lease passed to another worker."""
    model = type(row)
    done = model.objects.filter(pk=row.pk, claim_token=token).update(
        state=SENT, sent_at=timezone.now(), lease_until=None, last_error=""
    )
    if not done:
        logger.warning(
            "%s %s was sent after its lease passed to another worker.", model.__name__, row.key
        )
    return SENT


def next_retry_in(model) -> float | None:
    """Return the seconds until the earliest pending row of `model` is due (0 if now), or None when nothing waits."""
    now = timezone.now()
    earliest = model.objects.filter(Q(state=PENDING) | Q(state=SENDING)).aggregate(
        pending=Min("next_attempt_at", filter=Q(state=PENDING)),
        leased=Min("lease_until", filter=Q(state=SENDING)),
    )
    times = [t for t in earliest.values() if t is not None]
    if not times:
        return None
    return max((min(times) - now).total_seconds(), 0.0)
