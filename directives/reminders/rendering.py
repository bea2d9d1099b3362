"""Build a day's mails beside the planning: in a forked process when possible, else in a thread.

Building a province's digests takes about as much interpreter time as planning them, and in the
worker's process both would share one interpreter lock with the thread that talks to the mail
session, which then answers the server late. When the worker is single-threaded (a Celery prefork
child, the send_reminders command, the bench) and sends through a session process, it forks a
render process at the start of the run: a copy of itself, with Django, the templates and the
policy already loaded, that builds each part's mails from the rows handed to it and hands back
only what the session sends (reminders.session.WireMail). The copy never uses the database (the
rows carry what their mails show) and leaves with os._exit, so the connection it inherited is
neither used nor closed. Elsewhere (threads already running, another backend, no fork, or
PCTS_REMINDER_RENDER_PROCESS=false) a thread builds the mails.

Either way submit(deliveries) returns a handle whose result() is {row id: mail}; a mail missing
there (the render process died, a template failed) is built again by the sending pass, which
records any failure.
"""

import contextlib
import copy
import logging
import os
import queue
import threading
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import connections

from directives.reminders.smtp_process import read_frame, write_frame

logger = logging.getLogger(__name__)


def _prepare_in_thread(deliveries, policy) -> dict:
    """Build a part's mails in the render thread, then close that thread's own database connections."""
    from directives.reminders import sending

    try:
        return sending.prepare(deliveries, policy)
    finally:
        connections.close_all()  # only this thread's, should a template have queried


class Threaded:
    """Build the mails in a thread of this process."""

    def __init__(self, policy):
        self.policy = policy
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reminders-render")

    def submit(self, deliveries):
        return self.pool.submit(_prepare_in_thread, deliveries, self.policy)

    def close(self) -> None:
        self.pool.shutdown()


def _serve(requests, answers, policy) -> None:
    """In the render process: build the mails of each part received, answer with their wire form."""
    from directives.reminders import sending
    from directives.reminders.session import WireMail

    while True:
        try:
            deliveries = read_frame(requests)
        except EOFError:
            return
        wired = {pk: WireMail.of(mail) for pk, mail in sending.prepare(deliveries, policy).items()}
        write_frame(answers, {pk: mail for pk, mail in wired.items() if mail is not None})


class _Answer:
    def __init__(self, renderer: "Forked"):
        self.renderer = renderer

    def result(self) -> dict:
        return self.renderer.answer()


class Forked:
    """Build the mails in a forked copy of this process (see the module docstring)."""

    def __init__(self, policy):
        requests_in, requests_out = os.pipe()
        answers_in, answers_out = os.pipe()
        pid = os.fork()
        if pid == 0:  # the render process
            code = 0
            try:
                os.close(requests_out)
                os.close(answers_in)
                with open(requests_in, "rb") as requests, open(answers_out, "wb") as answers:
                    _serve(requests, answers, policy)
            except BaseException:  # said to the parent by the end of its pipe
                code = 1
            finally:
                os._exit(code)  # no cleanup: the inherited database connection stays untouched
        os.close(requests_in)
        os.close(answers_out)
        logger.info("Reminder mails are built in render process %d.", pid)
        self.pid = pid
        self.requests = open(requests_out, "wb")  # noqa: SIM115 (closed by close())
        self.answers = open(answers_in, "rb")  # noqa: SIM115
        self.broken = False
        # The answers are read as soon as they come, so that the render process never waits for
        # the sending thread to want them (a part's mails are megabytes, a pipe holds 64 KB).
        self.received: queue.SimpleQueue = queue.SimpleQueue()
        self.reader = threading.Thread(target=self._read, name="reminders-render-answers", daemon=True)
        self.reader.start()

    def _read(self) -> None:
        try:
            while True:
                self.received.put(read_frame(self.answers))
        except (OSError, EOFError, ValueError):
            self.received.put(None)  # the process ended: every later answer is empty

    def submit(self, deliveries) -> _Answer:
        if not self.broken:
            try:
                # What the mails show travels with each row (content); its item arrays stay here.
                write_frame(self.requests, [_without_items(d) for d in deliveries])
            except OSError:
                self._broke()
        return _Answer(self)

    def answer(self) -> dict:
        if self.broken:
            return {}
        mails = self.received.get()
        if mails is None:
            self._broke()
            return {}
        return mails

    def _broke(self) -> None:
        if not self.broken:
            logger.warning("The reminder render process ended; the sending pass builds the mails.")
        self.broken = True

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.requests.close()  # the render process ends when it has answered what it was given
        self.reader.join()
        with contextlib.suppress(OSError):
            self.answers.close()
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


def _without_items(delivery):
    """Return a copy of a ledger row without its item arrays (the render process needs its content only)."""
    light = copy.copy(delivery)
    for name in ("item_assignments", "item_reasons", "item_levels", "item_deadlines", "item_days_late"):
        setattr(light, name, [])
    return light


def renderer_for(transport, policy) -> Threaded | Forked:
    """Return where a run builds its mails: a forked process when it may fork safely (see the module docstring)."""
    from directives.reminders.session import Process

    if (
        settings.PCTS_REMINDER_RENDER_PROCESS
        and isinstance(transport, Process)
        and hasattr(os, "fork")
        and threading.active_count() == 1
    ):
        try:
            return Forked(policy)
        except OSError:
            logger.warning("Could not fork a reminder render process.", exc_info=True)
    return Threaded(policy)
