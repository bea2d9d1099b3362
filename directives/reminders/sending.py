"""Send ledger rows: claim them with a lease, send each over one mail connection, record each outcome.

A claim is a conditional UPDATE of rows chosen with SELECT … FOR UPDATE SKIP LOCKED, so two
workers never hold the same row. Each message is an EmailMultiAlternatives sent over one Django
mail connection (as healthchecks and Zulip send theirs); its row is marked sent, by an UPDATE
conditioned on the claim token, as soon as the server accepts it, and the lease of the rest of the
chunk is renewed while it is sent. A row whose lease ran out (its worker died) is claimable again:
recovery comes from the database, not the broker. A worker killed between the server's acceptance
and the mark leaves that one message to go again, with the same Message-ID, which mail clients use
to recognise the duplicate.
"""

import datetime
import logging
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

from directives import emails, outbox
from directives.models import ReminderDelivery, ReminderPolicy
from directives.reminders.selectors import MailContent, reminder_contents

logger = logging.getLogger(__name__)
State = ReminderDelivery.State


@dataclass
class Sent:
    """What one sending pass did."""

    sent: int = 0
    failed: int = 0
    retrying: int = 0
    more: bool = False  # stopped on its time budget with rows still claimable
    error: str = ""

    def add(self, other: "Sent") -> None:
        self.sent += other.sent
        self.failed += other.failed
        self.retrying += other.retrying
        self.more = self.more or other.more
        self.error = other.error or self.error

    def count(self, outcome: str) -> None:
        if outcome == State.SENT:
            self.sent += 1
        elif outcome == State.FAILED:
            self.failed += 1
        else:
            self.retrying += 1


class ConnectionLost(Exception):
    """The SMTP connection broke: stop this pass, the rest waits for a retry."""


# The claim, lease, retry and mark are the shared outbox's (directives.outbox), on this table.
lease, backoff, claimable = outbox.lease, outbox.backoff, outbox.claimable


def claim(*, limit: int, ids=None) -> tuple[uuid.UUID, list[ReminderDelivery]]:
    """Lease up to `limit` claimable rows (only `ids` when given) to this caller, counting one attempt each."""
    return outbox.claim(
        ReminderDelivery, limit=limit, ids=ids, related=("recipient", "requested_by")
    )


def _renew(token: uuid.UUID) -> None:
    outbox.renew(ReminderDelivery, token)


def _retry_or_fail(
    row: ReminderDelivery, token: uuid.UUID, error: Exception, *, permanent: bool = False
) -> str:
    return outbox.retry_or_fail(row, token, error, permanent=permanent)


def _release(
    rows: list[ReminderDelivery], token: uuid.UUID, *, delay: datetime.timedelta | None = None
) -> None:
    outbox.release(ReminderDelivery, rows, token, delay=delay)


def _mark_sent(row: ReminderDelivery, token: uuid.UUID) -> str:
    return outbox.mark_sent(row, token)


def _send_one(connection, row, token, policy, content: MailContent) -> str:
    """Build and send one row's mail; record and return the outcome.

    A rendering bug is retried, then failed; a message that cannot be written (a header with a
    newline) or refused for good (5xx for every recipient) fails at once; anything else — a
    transient refusal, a refused sender, a broken connection, a mail the backend did not send —
    puts the row back and raises ConnectionLost, ending the pass.
    """
    try:
        message = emails.reminder_message(row, policy=policy, content=content)
    except Exception as exc:  # a rendering bug must not stop the others; retried, then failed
        logger.exception("Reminder %s could not be rendered.", row.key)
        return _retry_or_fail(row, token, exc)
    try:
        sent = connection.send_messages([message])
    except Exception as exc:  # refused, timed out, disconnected (OSError), or anything unforeseen
        error, permanent = exc, outbox.mail_refused_for_good(exc)
    else:
        if sent == 1:
            return _mark_sent(row, token)
        error, permanent = RuntimeError("the mail backend did not send the message"), False
    if permanent:
        return _retry_or_fail(row, token, error, permanent=True)
    _retry_or_fail(row, token, error)
    raise ConnectionLost(f"{type(error).__name__}: {error}") from error


def _send_chunk(connection, rows, token, policy, result: Sent, known: dict) -> None:
    """Send a claimed chunk in order; on any error give back the rows not tried, then re-raise."""
    missing = [row.pk for row in rows if row.pk not in known]
    contents = {**known, **reminder_contents(missing)} if missing else known
    renewed, untried = time.monotonic(), deque(rows)
    try:
        while untried:
            row = untried.popleft()
            # Renew well before the lease ends (not after every message: one UPDATE saved each).
            if time.monotonic() - renewed > settings.PCTS_REMINDER_LEASE_SECONDS / 4:
                _renew(token)
                renewed = time.monotonic()
            result.count(_send_one(connection, row, token, policy, contents.get(row.pk)))
    except ConnectionLost as lost:
        result.retrying += 1
        result.error = str(lost)
        _release(list(untried), token, delay=backoff(row.attempts))
        raise
    except BaseException:  # a database error, the task's time limit: the untried rows go back now
        _release(list(untried), token)
        raise


def send_due(
    *,
    connection=None,
    ids=None,
    chunk_size: int | None = None,
    time_budget: float | None = None,
    progress: Callable[[Sent], None] | None = None,
    contents: dict[int, MailContent] | None = None,
) -> Sent:
    """Send every claimable row (only `ids` when given) in chunks over one connection, until done or out of time.

    `connection` is a mail backend the caller keeps open and closes (default: the configured
    mailer, opened and closed here). `contents` holds what some rows' mails show, by row id, when
    the caller has just planned them.
    """
    chunk_size = chunk_size or settings.PCTS_REMINDER_CHUNK_SIZE
    own_connection = connection is None
    connection = connection or emails.mail_connection()
    started, result, opened = time.monotonic(), Sent(), False
    policy = ReminderPolicy.current()
    try:
        while True:
            if time_budget is not None and time.monotonic() - started > time_budget:
                result.more = True
                break
            token, rows = claim(limit=chunk_size, ids=ids)
            if not rows:
                break
            if not opened:
                try:
                    connection.open()
                    opened = True
                except OSError as exc:
                    result.retrying += 1
                    result.error = f"{type(exc).__name__}: {exc}"
                    _retry_or_fail(rows[0], token, exc)
                    _release(rows[1:], token, delay=backoff(rows[0].attempts))
                    break
            try:
                _send_chunk(connection, rows, token, policy, result, contents or {})
            except ConnectionLost:
                break
            finally:
                if progress:
                    progress(result)
    finally:
        if own_connection:  # also after a failed open(), which may leave a socket behind
            try:
                connection.close()
            except (
                Exception
            ):  # closing a broken SMTP session may raise again; nothing is left to do
                logger.debug("Closing the mail connection failed.", exc_info=True)
    if result.sent or result.failed or result.retrying:
        logger.info(
            "Reminders: %d sent, %d failed, %d to retry.",
            result.sent,
            result.failed,
            result.retrying,
        )
    return result


def next_retry_in() -> float | None:
    """Return the seconds until the earliest pending row is due (0 if now), or None when nothing waits."""
    return outbox.next_retry_in(ReminderDelivery)
