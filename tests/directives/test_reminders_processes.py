"""A single-threaded run plans and builds its mails in a forked process and sends them through an SMTP session process."""

import logging
import os
import signal
import threading

import pytest
import time_machine
from django.db import IntegrityError

from bench.sink import SinkProcess
from directives import reminders
from directives.models import ReminderDelivery, ReminderPolicy, ReminderRun
from directives.reminders import ledger, rendering
from tests.directives.reminder_helpers import REMINDER_DAY as DAY
from tests.directives.reminder_helpers import block_digest, morning, smtp_mailers

FORKED = "planned and built in process"


@pytest.fixture
def sink_process(settings):
    """An SMTP sink in a process of its own: the test process keeps a single thread, and may fork."""
    sink = SinkProcess()
    settings.MAILERS = smtp_mailers(sink.port)
    yield sink
    sink.stop()


def single_threaded() -> None:
    assert threading.active_count() == 1, "another thread runs in the test process: it cannot fork"


@pytest.mark.django_db(transaction=True)
def test_a_single_threaded_run_plans_and_builds_in_a_forked_process_and_sends_each_digest_once(
    three_heads, sink_process, caplog
):
    single_threaded()
    with caplog.at_level(logging.INFO), time_machine.travel(morning(DAY), tick=False):
        summary = reminders.run_for_day(DAY)
    [planner] = [r.args[1] for r in caplog.records if FORKED in r.getMessage()]
    assert (summary.planned, summary.digests, summary.items) == (True, 3, 3)
    assert (summary.sent, summary.failed) == (3, 0)
    messages, per_recipient = sink_process.take()
    assert sorted(per_recipient) == sorted(h.email for h in three_heads)
    assert set(per_recipient.values()) == {1}
    assert all(b"Content-Type: multipart/alternative" in data for _s, _r, data in messages)
    assert set(ReminderDelivery.objects.values_list("state", flat=True)) == {"sent"}
    assert ReminderRun.objects.get(day=DAY).completed_at is not None
    # The planning process has ended and been waited for: it is not left behind as a zombie.
    with pytest.raises(ChildProcessError):
        os.waitpid(planner, os.WNOHANG)
    # This process's database connection, which the planning process inherited, still works.
    assert ReminderDelivery.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_without_the_forked_process_the_worker_plans_and_a_thread_builds(
    three_heads, sink_process, settings, caplog
):
    settings.PCTS_REMINDER_RENDER_PROCESS = False
    with caplog.at_level(logging.INFO), time_machine.travel(morning(DAY), tick=False):
        summary = reminders.run_for_day(DAY)
    assert not any(FORKED in r.getMessage() for r in caplog.records)
    assert summary.sent == 3 and set(sink_process.take()[1].values()) == {1}


@pytest.mark.django_db(transaction=True)
def test_a_planning_error_in_the_forked_process_is_raised_after_its_committed_parts_are_sent(
    three_heads, sink_process, inspector
):
    single_threaded()
    first, second, _third = three_heads
    # A row holding the second digest's key makes writing the second part fail.
    blocker = block_digest(DAY, second, inspector)
    with time_machine.travel(morning(DAY), tick=False), pytest.raises(IntegrityError):
        reminders.run_for_day(DAY)
    messages, _counts = sink_process.take()
    assert len(messages) == 1 and ledger.digest_key(DAY, first.pk).encode() in messages[0][2]
    blocker.delete()
    with time_machine.travel(morning(DAY), tick=False):
        summary = reminders.run_for_day(DAY)
    assert summary.sent == 2 and len(sink_process.take()[0]) == 2


@pytest.mark.django_db(transaction=True)
def test_a_planning_process_that_dies_leaves_the_day_to_the_next_sweep(three_heads, sink_process):
    single_threaded()
    with time_machine.travel(morning(DAY), tick=False):
        planner = rendering.PlanningProcess(DAY, ReminderPolicy.current())
        os.kill(planner.pid, signal.SIGKILL)
        frames = list(planner.frames())
        planner.close()
        assert frames[-1][0] == "ended"
        summary = reminders.run_for_day(DAY)  # resumes (or plans) the day
    assert summary.sent == 3  # whatever the dead process had committed was still pending
    assert set(ReminderDelivery.objects.values_list("state", flat=True)) == {"sent"}
    assert sorted(sink_process.take()[1].values()) == [1, 1, 1]
