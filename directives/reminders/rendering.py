"""Plan and build a day's mails beside the sending: in a forked process when possible, else in threads.

Planning a province's day and building its mails take more interpreter time than sending them, and
in one process all three share one interpreter lock: the thread that talks to the mail session
would then answer the server late after every reply. When the worker is single-threaded (a Celery
prefork child, the send_reminders command, the bench) and sends through a session process
(reminders.session), it forks a planning process at the start of the run: a copy of itself, with
Django, the templates and the policy already loaded, that writes the day part by part
(ledger.plan_day), builds each committed part's mails and hands back only what the session sends
(reminders.session.WireMail), while the worker sends. The copy sets the database connection it
inherited aside, never using nor closing it, opens its own, and leaves with os._exit.

Elsewhere (threads already running, another mail backend, no fork, or
PCTS_REMINDER_RENDER_PROCESS=false) the worker plans itself and a thread builds the mails
(Threaded); a mail missing from what was built is built again by the sending pass, which records
any failure.
"""

import contextlib
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


# Connections inherited by a forked planner: kept referenced so that they are never finalised
# (closing one would end the parent's database session), and never used.
_INHERITED: list = []


def _own_database_connections() -> None:
    """In a forked process: set the inherited database connections aside, untouched, and let Django open new ones."""
    for wrapper in connections.all(initialized_only=True):
        _INHERITED.append(wrapper.connection)
        wrapper.connection = None
        wrapper.in_atomic_block = False
        wrapper.savepoint_ids = []
        wrapper.needs_rollback = False
        wrapper.run_on_commit = []


def _plan_here(day, policy, answers) -> None:
    """In the planning process: write the day part by part, building each committed part's mails; say each to the parent.

    Frames: ("part", ids to send, {row id: WireMail}) per committed part, then ("done", Planned)
    or ("error", exception).
    """
    from directives.models import ReminderDelivery
    from directives.reminders import ledger, sending
    from directives.reminders.session import WireMail
    from directives.reminders.smtp_process import _portable

    def committed(rows) -> None:
        wired = {pk: WireMail.of(mail) for pk, mail in sending.prepare(rows, policy).items()}
        ids = [r.pk for r in rows if r.state == ReminderDelivery.State.PENDING]
        write_frame(answers, ("part", ids, {pk: m for pk, m in wired.items() if m is not None}))

    try:
        planned = ledger.plan_day(day, committed=committed)
        planned.contents = {}  # the parent reads back whatever it was not handed built
        write_frame(answers, ("done", planned))
    except BaseException as exc:
        write_frame(answers, ("error", _portable(exc)))
    finally:
        connections.close_all()  # this process's own connections


class PlanningProcess:
    """Plan and build a day's mails in a forked copy of this process, which then only sends them.

    The copy sets the inherited database connection aside (never used, never closed) and opens its
    own; the frames it sends are read as they come by a thread, so that it never waits for the
    sending to want them.
    """

    def __init__(self, day, policy):
        answers_in, answers_out = os.pipe()
        pid = os.fork()
        if pid == 0:  # the planning process
            code = 0
            try:
                os.close(answers_in)
                _own_database_connections()
                with open(answers_out, "wb") as answers:
                    _plan_here(day, policy, answers)
            except BaseException:  # said to the parent by the end of its pipe
                code = 1
            finally:
                os._exit(code)
        os.close(answers_out)
        logger.info("Reminders of %s are planned and built in process %d.", day, pid)
        self.pid = pid
        self.answers = open(answers_in, "rb")  # noqa: SIM115 (closed by close())
        self.received: queue.SimpleQueue = queue.SimpleQueue()
        self.reader = threading.Thread(target=self._read, name="reminders-planner", daemon=True)
        self.reader.start()

    def _read(self) -> None:
        try:
            while True:
                frame = read_frame(self.answers)
                self.received.put(frame)
                if frame[0] != "part":
                    return
        except (OSError, EOFError, ValueError) as exc:
            self.received.put(("ended", exc))

    def frames(self):
        """Yield ("part", ids, mails) per committed part, then ("done", Planned), ("error", exc) or ("ended", exc)."""
        while True:
            frame = self.received.get()
            yield frame
            if frame[0] != "part":
                return

    def close(self) -> None:
        self.reader.join()
        with contextlib.suppress(OSError):
            self.answers.close()
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


def may_fork(transport) -> bool:
    """Say whether a run may fork: its mails leave through a session process and no other thread runs."""
    from directives.reminders.session import Process

    return (
        settings.PCTS_REMINDER_RENDER_PROCESS
        and isinstance(transport, Process)
        and hasattr(os, "fork")
        and threading.active_count() == 1
    )
