"""Send ledger rows: claim them atomically with a lease, send in chunks over one connection, record each outcome.

A claim is a conditional UPDATE of rows chosen with SELECT … FOR UPDATE SKIP LOCKED, so two
workers never hold the same row. A row is marked sent as soon as the server accepts it, and the
lease of the rest of the chunk is renewed while it is sent; a row whose lease ran out (its worker
died) is claimable again, so recovery comes from the database, not the broker.

Messages go in order through a transport (reminders.session): with an SMTP mailer, a session held
by a child process, which is handed the next message while the server takes the current one; a
message is marked sent once its acceptance comes back and the message after the next is handed
over, so the conversation with the server, which sets the pace, does not wait for the ledger. When
a worker dies, at most three messages can go out twice (the one accepted and not yet marked, the
two handed to the session), with the same Message-ID, which mail clients use to recognise the
duplicate.
"""

import datetime
import logging
import smtplib
import sys
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection as db
from django.db import transaction
from django.db.models import F, Min, Q
from django.utils import timezone

from directives import emails
from directives.models import ReminderDelivery, ReminderPolicy
from directives.reminders import session

logger = logging.getLogger(__name__)
State = ReminderDelivery.State
SWITCH_INTERVAL = 0.0002  # seconds; see send_due


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


class ConnectionLost(Exception):
    """The SMTP connection broke: stop this pass, the rest waits for a retry."""


def lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.PCTS_REMINDER_LEASE_SECONDS)


def backoff(attempts: int) -> datetime.timedelta:
    """Return the wait before try number `attempts` + 1: RETRY_SECONDS doubling, at most an hour."""
    seconds = settings.PCTS_REMINDER_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return datetime.timedelta(seconds=min(seconds, 3600))


def claimable(now: datetime.datetime) -> Q:
    """Rows due for a try: pending and due, or leased by a worker whose lease ran out."""
    return Q(state=State.PENDING, next_attempt_at__lte=now) | Q(
        state=State.SENDING, lease_until__lt=now
    )


def claim(*, limit: int, ids=None) -> tuple[uuid.UUID, list[ReminderDelivery]]:
    """Lease up to `limit` claimable rows (only `ids` when given) to this caller, counting one attempt each."""
    token, now = uuid.uuid4(), timezone.now()
    with transaction.atomic():
        qs = ReminderDelivery.objects.filter(claimable(now))
        if ids is not None:
            qs = qs.filter(pk__in=list(ids))
        pks = list(
            qs.select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "id")
            .values_list("pk", flat=True)[:limit]
        )
        if not pks:
            return token, []
        ReminderDelivery.objects.filter(pk__in=pks).update(
            state=State.SENDING,
            claim_token=token,
            lease_until=now + lease(),
            attempts=F("attempts") + 1,
        )
    rows = ReminderDelivery.objects.filter(pk__in=pks, claim_token=token).select_related(
        "recipient", "requested_by"
    )
    return token, list(rows.order_by("next_attempt_at", "id"))


# Record that the server accepted a row's message, in one statement that does not wait for the
# disk flush: a synchronous commit costs a WAL flush (milliseconds) per message, more than sending
# it. Only a crash of PostgreSQL itself within the flush delay (a fraction of a second) can lose the
# mark, and then the row is sent again under the same Message-ID: the same outcome as a worker dying
# between sending and marking, which the design accepts already. The setting is local to the
# statement's own transaction (or the caller's, when there is one).
_MARK_SENT = (
    "WITH unflushed AS (SELECT set_config('synchronous_commit', 'off', true))"
    f" UPDATE {ReminderDelivery._meta.db_table}"
    " SET state = %s, sent_at = %s, lease_until = NULL, last_error = ''"
    " FROM unflushed WHERE id = %s AND claim_token = %s"
)


def _renew(token: uuid.UUID) -> None:
    """Extend the lease of the rows this pass still holds."""
    ReminderDelivery.objects.filter(claim_token=token, state=State.SENDING).update(
        lease_until=timezone.now() + lease()
    )


def _retry_or_fail(
    row: ReminderDelivery, token: uuid.UUID, error: Exception, *, permanent: bool = False
) -> str:
    """Put the row back with a backoff, or mark it failed when permanent or out of attempts."""
    message = f"{type(error).__name__}: {error}"[:2000]
    if permanent or row.attempts >= settings.PCTS_REMINDER_MAX_ATTEMPTS:
        ReminderDelivery.objects.filter(pk=row.pk, claim_token=token).update(
            state=State.FAILED, lease_until=None, claim_token=None, last_error=message
        )
        logger.error("Reminder %s failed after %d attempt(s): %s", row.key, row.attempts, message)
        return State.FAILED
    ReminderDelivery.objects.filter(pk=row.pk, claim_token=token).update(
        state=State.PENDING,
        lease_until=None,
        claim_token=None,
        last_error=message,
        next_attempt_at=timezone.now() + backoff(row.attempts),
    )
    logger.warning("Reminder %s will be retried (attempt %d): %s", row.key, row.attempts, message)
    return State.PENDING


def _release(
    rows: list[ReminderDelivery], token: uuid.UUID, *, delay: datetime.timedelta | None = None
) -> None:
    """Give back rows this pass claimed but never tried, without counting an attempt."""
    if not rows:
        return
    ReminderDelivery.objects.filter(
        pk__in=[r.pk for r in rows], claim_token=token, state=State.SENDING
    ).update(
        state=State.PENDING,
        lease_until=None,
        claim_token=None,
        attempts=F("attempts") - 1,
        next_attempt_at=timezone.now() + (delay or datetime.timedelta(0)),
    )


def _render(row: ReminderDelivery, token: uuid.UUID, policy, content) -> tuple[object, str]:
    """Return (the row's message, built), or (None, outcome) after recording a failure to build it.

    A rendering bug is retried, then failed; a message that cannot be written (a header with a
    newline) fails at once, as when the mail backend refuses it.
    """
    try:
        message = emails.reminder_message(row, policy=policy, content=content)
    except Exception as exc:  # a rendering bug must not stop the others; retried, then failed
        logger.exception("Reminder %s could not be rendered.", row.key)
        return None, _retry_or_fail(row, token, exc)
    try:
        message.freeze()  # here rather than in the sender thread, which waits on the server
    except ValueError as exc:
        return None, _retry_or_fail(row, token, exc, permanent=True)
    return message, ""


def prepare(deliveries: list[ReminderDelivery], policy) -> dict[int, emails.ReminderMail]:
    """Render and build the mails of just planned rows (with their `content`), by row id.

    Runs beside the planning transaction, in another thread, before the rows are committed or
    claimed; send_due uses a mail only for the row it was built from. A mail that fails here is
    simply left out: sending renders it again and records the failure.
    """
    messages = {}
    for delivery in deliveries:
        if delivery.state != State.PENDING:
            continue
        try:
            message = emails.reminder_message(delivery, policy=policy, content=delivery.content)
            message.freeze()
        except Exception:  # sending renders it again and records what goes wrong
            logger.debug("Reminder %s not prepared.", delivery.key, exc_info=True)
            continue
        messages[delivery.pk] = message
    return messages


def _prepared(row: ReminderDelivery, prepared: dict):
    """Return the mail prepared for `row` if it was built from the same key and addresses, else None."""
    message = prepared.pop(row.pk, None)
    return message if message is not None and session.belongs_to(message, row) else None


def _refusal(row: ReminderDelivery, token: uuid.UUID, exc: Exception) -> str:
    """Record why the server did not take the row's message; return the outcome recorded.

    Raises ConnectionLost when the connection is unusable, and any other error (a bug) as it is.
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused | ValueError):
        return _retry_or_fail(row, token, exc, permanent=True)
    if isinstance(exc, smtplib.SMTPResponseException):
        if exc.smtp_code >= 500:
            return _retry_or_fail(row, token, exc, permanent=True)
        _retry_or_fail(row, token, exc)
        raise ConnectionLost(str(exc)) from exc
    if isinstance(
        exc, OSError
    ):  # refused, timed out, disconnected (smtplib's errors are OSErrors too)
        _retry_or_fail(row, token, exc)
        raise ConnectionLost(f"{type(exc).__name__}: {exc}") from exc
    raise exc


def _count(result: Sent, outcome: str) -> None:
    if outcome == State.SENT:
        result.sent += 1
    elif outcome == State.FAILED:
        result.failed += 1
    else:
        result.retrying += 1


def _mark_sent(row: ReminderDelivery, token: uuid.UUID) -> None:
    """Record that the server took the row's message (one statement, committed without waiting for the disk)."""
    with db.cursor() as cursor:
        cursor.execute(_MARK_SENT, [State.SENT, timezone.now(), row.pk, token])
        done = cursor.rowcount
    if done:
        logger.debug("Reminder %s sent to %s.", row.key, row.to_email)
    else:
        logger.warning("Reminder %s was sent after its lease passed to another worker.", row.key)


def _send_chunk(transport, rows, token, policy, result: Sent, known: dict, prepared: dict) -> None:
    """Send a claimed chunk through `transport` in order, marking each message sent as the server takes it.

    The next message is handed over while the server takes the current one (up to the transport's
    window), so a session process sends while its previous message is marked. Raises
    ConnectionLost after giving back the rows not tried.
    """
    # What the chunk's mails show, read for the whole chunk rather than per mail (unless known).
    messages = {row.pk: _prepared(row, prepared) for row in rows}
    contents = {row.pk: known[row.pk] for row in rows if row.pk in known}
    missing = [row.pk for row in rows if row.pk not in contents and messages[row.pk] is None]
    if missing:
        contents |= emails.reminder_contents(missing)
    renewed = time.monotonic()
    in_flight: deque[ReminderDelivery] = deque()  # handed over, not answered yet, in order
    handed = 0  # rows[:handed] were handed over (or could not be rendered)

    def settle() -> ReminderDelivery | None:
        """Take the transport's answer about the oldest message in flight: its row if the server took it (to be marked)."""
        row = in_flight.popleft()
        error = transport.take()
        if error is None:
            return row
        try:
            _count(result, _refusal(row, token, error))
        except ConnectionLost as lost:
            result.retrying += 1
            result.error = str(lost)
            # The session stopped at this message: the ones handed over after it were never tried.
            _release([*in_flight, *rows[handed:]], token, delay=backoff(row.attempts))
            in_flight.clear()
            raise
        return None

    def mark(accepted: ReminderDelivery | None) -> None:
        if accepted is not None:
            _mark_sent(accepted, token)
            _count(result, State.SENT)

    for row in rows:
        # Renew well before the lease ends (not after every message: one UPDATE saved each).
        if time.monotonic() - renewed > settings.PCTS_REMINDER_LEASE_SECONDS / 4:
            _renew(token)
            renewed = time.monotonic()
        message, outcome = messages[row.pk], ""
        if message is None:
            content = contents.get(row.pk, emails.MailContent())
            message, outcome = _render(row, token, policy, content)
        if message is None:
            handed += 1
            _count(result, outcome)
            continue
        accepted = settle() if len(in_flight) >= transport.window else None
        transport.put(message)
        in_flight.append(row)
        handed += 1
        mark(accepted)  # while the session sends: the next message is already handed over
    while in_flight:
        mark(settle())


def send_due(
    *,
    connection=None,
    ids=None,
    chunk_size: int | None = None,
    time_budget: float | None = None,
    progress: Callable[[Sent], None] | None = None,
    contents: dict[int, emails.MailContent] | None = None,
    prepared: dict[int, emails.ReminderMail] | None = None,
) -> Sent:
    """Send every claimable row (only `ids` when given) in chunks over one connection, until done or out of time.

    `connection` is a mail backend (default: the configured mailer), or a transport from
    session.transport_for() that the caller shares between passes and closes. `contents` holds
    what some rows' mails show and `prepared` their mails built by prepare(), by row id, when the
    caller has just planned them.
    """
    chunk_size = chunk_size or settings.PCTS_REMINDER_CHUNK_SIZE
    if isinstance(connection, session.Direct | session.Process):
        transport, own_transport = connection, False  # run_for_day's, shared by its passes
    else:
        transport = session.transport_for(connection or emails.mail_connection())
        # A backend the caller gave stays open for the caller; a session process is this pass's.
        own_transport = connection is None or isinstance(transport, session.Process)
    started, result, opened = time.monotonic(), Sent(), False
    policy = ReminderPolicy.current()
    switch_interval = sys.getswitchinterval()
    # After each server reply this thread needs the interpreter lock for a moment; with the default
    # 5 ms interval it would wait that long whenever another thread (planning the next part,
    # building its mails) is running Python code.
    sys.setswitchinterval(SWITCH_INTERVAL)
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
                    transport.open()
                    opened = True
                except OSError as exc:
                    result.retrying += 1
                    result.error = f"{type(exc).__name__}: {exc}"
                    _retry_or_fail(rows[0], token, exc)
                    _release(rows[1:], token, delay=backoff(rows[0].attempts))
                    break
            try:
                _send_chunk(transport, rows, token, policy, result, contents or {}, prepared or {})
            except ConnectionLost:
                break
            finally:
                if progress:
                    progress(result)
    finally:
        sys.setswitchinterval(switch_interval)
        if opened and own_transport:
            try:
                transport.close()
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
    now = timezone.now()
    earliest = ReminderDelivery.objects.filter(
        Q(state=State.PENDING) | Q(state=State.SENDING)
    ).aggregate(
        pending=Min("next_attempt_at", filter=Q(state=State.PENDING)),
        leased=Min("lease_until", filter=Q(state=State.SENDING)),
    )
    times = [t for t in earliest.values() if t is not None]
    if not times:
        return None
    return max((min(times) - now).total_seconds(), 0.0)
