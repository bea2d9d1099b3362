"""A single-threaded run builds its mails in a forked render process and sends them through an SMTP session process."""

import datetime
import logging
import os
import signal
import threading

import pytest
import time_machine

from directives import reminders
from directives.bench.sink import SinkProcess
from directives.models import ReminderDelivery, ReminderPolicy
from directives.reminders import rendering
from tests.directives.reminder_helpers import assign, morning, ran_on, smtp_mailers

DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def sink_process(settings):
    """An SMTP sink in a process of its own: the test process keeps a single thread, and may fork."""
    sink = SinkProcess()
    settings.MAILERS = smtp_mailers(sink.port)
    yield sink
    sink.stop()


@pytest.fixture
def three_heads(inspector, make_unit, make_user, city, settings):
    settings.PCTS_REMINDER_PLAN_CHUNK_ITEMS = 1  # a part per digest
    heads = []
    with time_machine.travel(morning(DAY), tick=False):
        ran_on(DAY - datetime.timedelta(days=1))
        for n in range(3):
            unit = make_unit(parent=city)
            heads.append(make_user(f"head{n}", unit=unit, role="head"))
            assign(inspector, unit, DAY + datetime.timedelta(days=3))
    return heads


@pytest.mark.django_db(transaction=True)
def test_a_single_threaded_run_builds_its_mails_in_a_render_process(
    three_heads, sink_process, caplog
):
    assert threading.active_count() == 1, "another thread runs in the test process: it cannot fork"
    with caplog.at_level(logging.INFO), time_machine.travel(morning(DAY), tick=False):
        summary = reminders.run_for_day(DAY)
    [render_pid] = [r.args[0] for r in caplog.records if "render process" in r.getMessage()]
    assert (summary.digests, summary.sent, summary.failed) == (3, 3, 0)
    messages, per_recipient = sink_process.take()
    assert sorted(per_recipient) == sorted(h.email for h in three_heads)
    assert set(per_recipient.values()) == {1}
    assert all(b"Content-Type: multipart/alternative" in data for _s, _r, data in messages)
    assert set(ReminderDelivery.objects.values_list("state", flat=True)) == {"sent"}
    # The render process has ended and been waited for: it is not left behind as a zombie.
    with pytest.raises(ChildProcessError):
        os.waitpid(render_pid, os.WNOHANG)


@pytest.mark.django_db(transaction=True)
def test_without_the_render_process_a_thread_builds_the_mails(three_heads, sink_process, settings, caplog):
    settings.PCTS_REMINDER_RENDER_PROCESS = False
    with caplog.at_level(logging.INFO), time_machine.travel(morning(DAY), tick=False):
        summary = reminders.run_for_day(DAY)
    assert not any("render process" in r.getMessage() for r in caplog.records)
    assert summary.sent == 3 and set(sink_process.take()[1].values()) == {1}


def test_a_render_process_that_dies_leaves_the_mails_to_the_sending_pass(caplog):
    assert threading.active_count() == 1, "another thread runs in the test process: it cannot fork"
    renderer = rendering.Forked(ReminderPolicy())
    os.kill(renderer.pid, signal.SIGKILL)
    with caplog.at_level(logging.WARNING):
        assert renderer.submit([]).result() == {}
        assert renderer.submit([]).result() == {}
    renderer.close()
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING] == [
        "The reminder render process ended; the sending pass builds the mails."
    ]
