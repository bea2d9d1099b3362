"""Where reminder mails leave: an SMTP session in a process of its own, or the mail backend itself.

Sending a day's digests is a conversation with the mail server, one message after the other, and
the server sets its pace: every moment the sender spends elsewhere is added to every message. In
the worker's process the sender would share the interpreter with the planning of the next part and
the building of its mails, and wait for it after each reply of the server. So with an SMTP backend
the messages go to a child process (directives/reminders/smtp_process.py, standard library only)
that holds the SMTP session and does nothing else; the worker hands it the next message while the
server takes the current one (WINDOW messages at most unanswered) and records each outcome.

Both transports have the same four calls: open(), put(message), take() -> None or the exception
the message raised (in the order put), close(). Other backends (the tests' outbox, the console)
and PCTS_REMINDER_SMTP_PROCESS=false use the backend in the worker's process, one message at a time.
"""

import contextlib
import fcntl
import logging
import pickle
import smtplib
import subprocess
import sys
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.smtp import EmailBackend
from django.core.mail.utils import DNS_NAME

from directives.reminders.smtp_process import read_frame, write_frame

logger = logging.getLogger(__name__)

PROCESS = Path(__file__).with_name("smtp_process.py")
# Messages handed to the session and not answered yet: the one the server is taking and the next.
# A worker that dies may leave these and the one accepted last (its mark follows the next hand-over)
# sent and not marked: they go again, with the same Message-ID (UNCONFIRMED_AT_MOST in all).
WINDOW = 2
UNCONFIRMED_AT_MOST = WINDOW + 1
PIPE_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class WireMail:
    """A mail as a session sends it (what a render process hands back): who it is for, its envelope and bytes."""

    key: str
    to: list[str]
    cc: list[str]
    envelope: tuple[str, list[str]]
    data: bytes

    @classmethod
    def of(cls, mail) -> "WireMail | None":
        """Return the wire form of an emails.ReminderMail written as such (None for Django's path)."""
        if mail.envelope is None or mail.frozen is None:
            return None
        key = mail.extra_headers.get("X-PCTS-Reminder", "")
        return cls(key, list(mail.to), list(mail.cc), mail.envelope, mail.frozen.as_bytes())


def belongs_to(mail, row) -> bool:
    """Say whether a mail built beforehand is the one for ledger row `row` (same key and addresses)."""
    key = mail.key if isinstance(mail, WireMail) else mail.extra_headers.get("X-PCTS-Reminder")
    return key == row.key and list(mail.to) == [row.to_email] and list(mail.cc) == list(row.cc)


def transmit(backend, message) -> None:
    """Send one mail through `backend`, in this process.

    A mail written in its wire form (emails.ReminderMail) goes straight over the backend's SMTP
    session with the envelope it was written with: the backend would parse its addresses again.
    """
    smtp = getattr(backend, "connection", None)
    if (
        message.envelope is not None
        and message.frozen is not None
        and isinstance(smtp, smtplib.SMTP)
    ):
        smtp.sendmail(*message.envelope, message.frozen.as_bytes())
    else:
        backend.send_messages([message])


class Direct:
    """Send through the mail backend in this process, one message at a time."""

    window = 1

    def __init__(self, backend):
        self.backend = backend
        self._outcomes = deque()

    def open(self) -> None:
        self.backend.open()

    def put(self, message) -> None:
        try:
            transmit(self.backend, message)
        except Exception as exc:  # said by take(), in order
            self._outcomes.append(exc)
        else:
            self._outcomes.append(None)

    def take(self) -> BaseException | None:
        return self._outcomes.popleft()

    def close(self) -> None:
        self.backend.close()


class SessionEnded(OSError):
    """The session's process is gone: the messages it had not answered were never confirmed."""


class Process:
    """An SMTP session held by a child process (see the module docstring)."""

    window = WINDOW

    def __init__(self, options: dict, envelope_of):
        self.options = options
        self.envelope_of = envelope_of  # message -> (sender, recipients, bytes)
        self.process: subprocess.Popen | None = None
        self.ended: OSError | None = None

    def open(self) -> None:
        """Start the process and connect; raise the OSError that stopped it connecting."""
        if self.process is not None:
            return
        self.process = subprocess.Popen(  # noqa: S603 (our own script, run by our own interpreter)
            [sys.executable, "-I", "-S", str(PROCESS)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        if hasattr(
            fcntl, "F_SETPIPE_SZ"
        ):  # Linux: a whole digest fits, so handing it over never waits
            with contextlib.suppress(OSError):
                fcntl.fcntl(self.process.stdin, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
        try:
            write_frame(self.process.stdin, self.options)
            failure = read_frame(self.process.stdout)
        except (OSError, EOFError) as exc:
            failure = SessionEnded(f"The mail session process did not start: {exc}")
        if failure is not None:
            self.close()
            raise failure if isinstance(failure, OSError) else OSError(str(failure))

    def put(self, message) -> None:
        if self.ended is None:
            try:
                write_frame(self.process.stdin, self.envelope_of(message))
            except OSError as exc:  # the process died: take() says so for what it had not answered
                self.ended = SessionEnded(f"The mail session process ended: {exc}")

    def take(self) -> BaseException | None:
        if self.ended is not None:
            return self.ended
        try:
            return read_frame(self.process.stdout)
        except (OSError, EOFError, pickle.UnpicklingError) as exc:
            self.ended = SessionEnded(f"The mail session process ended: {exc!r}")
            return self.ended

    def close(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        with contextlib.suppress(OSError):
            process.stdin.close()  # the child says QUIT and exits
        try:
            process.wait(timeout=(self.options.get("timeout") or 10) + 5)
        except subprocess.TimeoutExpired:
            logger.warning("The mail session process did not end; killing it.")
            process.kill()
            process.wait()
        process.stdout.close()


def transport_for(backend) -> Direct | Process:
    """Return how reminder mails leave through `backend`: a session process for Django's SMTP backend."""
    if type(backend) is not EmailBackend or not settings.PCTS_REMINDER_SMTP_PROCESS:
        return Direct(backend)
    options = {
        "host": backend.host,
        "port": backend.port,
        "username": backend.username,
        "password": backend.password,
        "use_tls": backend.use_tls,
        "use_ssl": backend.use_ssl,
        "timeout": backend.timeout,
        "ssl_certfile": backend.ssl_certfile,
        "ssl_keyfile": backend.ssl_keyfile,
        "local_hostname": DNS_NAME.get_fqdn(),
    }

    def envelope_of(message) -> tuple[str, list[str], bytes]:
        if isinstance(message, WireMail):
            return (*message.envelope, message.data)
        if message.envelope is not None and message.frozen is not None:
            return (*message.envelope, message.frozen.as_bytes())
        # As the backend itself would send it (addresses checked and IDNA-encoded).
        return (
            backend.prep_address(message.from_email),
            [backend.prep_address(a) for a in message.recipients()],
            message.message().as_bytes(),
        )

    return Process(options, envelope_of)
