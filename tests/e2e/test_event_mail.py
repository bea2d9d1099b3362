"""An event's mail leaves after its commit through a real Celery worker, Redis and an aiosmtpd sink."""

import time
from collections import Counter

import pytest

from directives.broker import publish
from directives.models import EventDelivery
from directives.tasks import events_send
from tests.directives.assignment_helpers import assign
from tests.directives.reminder_helpers import celery_app, start_sink
from tests.e2e.reminder_rig import RedisServer, Worker, wait_until, worker_env

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def broker(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    with celery_app(broker_url=server.url):
        yield server
    server.stop()


@pytest.fixture
def sink():
    controller, handler = start_sink()
    handler.port = controller.port
    yield handler
    controller.stop()


def test_the_assignment_mail_leaves_after_the_commit(
    broker, sink, tmp_path, inspector, unit_a, head_a, focal_a
):
    worker = Worker(tmp_path, "w1", worker_env(redis_url=broker.url, smtp_port=sink.port)).start()
    try:
        started = time.monotonic()
        assign(inspector, unit_a)  # commits (a transactional test): the task is enqueued then
        wait_until(lambda: len(sink.events) == 2, timeout=120, message="both mails to arrive")
        elapsed = time.monotonic() - started
        time.sleep(1)  # a straggling duplicate would arrive now
    finally:
        worker.stop()
    print(f"event mail delivered {elapsed:.2f}s after the commit")
    assert sorted(m["to"][0] for m in sink.events) == [focal_a.email, head_a.email]
    assert set(EventDelivery.objects.values_list("state", flat=True)) == {"sent"}
    assert "directives.tasks.events_send" in worker.output()


def test_a_worker_killed_mid_send_leaves_every_mail_sent_once(
    broker, tmp_path, inspector, make_unit, make_user, city
):
    """SIGKILL a worker while it sends; after its lease runs out the sweep sends the rest, once."""
    heads = []
    for i in range(16):
        unit = make_unit(parent=city)
        heads.append(make_user(f"head{i:02d}", unit=unit, role="head"))
        assign(inspector, unit)  # commits: its send task waits in Redis for a worker
    controller, sink = start_sink(delay=0.25)
    env = worker_env(redis_url=broker.url, smtp_port=controller.port, PCTS_REMINDER_LEASE_SECONDS=4)
    started = []
    try:
        started.append(Worker(tmp_path, "victim", env).start())
        wait_until(lambda: len(sink.events) >= 3, timeout=60, message="the sending to be under way")
        started[0].kill()
        assert len(sink.events) < len(heads)
        started.append(Worker(tmp_path, "rescuer", env).start())
        time.sleep(5)  # the victim's lease runs out
        publish(events_send)  # beat's sweep, every minute in production
        wait_until(
            lambda: set(EventDelivery.objects.values_list("state", flat=True)) == {"sent"},
            timeout=90,
            message="every event mail after the recovery",
        )
        time.sleep(1)  # a straggling duplicate would arrive now
    finally:
        for worker in started:
            worker.stop()
        controller.stop()
    told = Counter(m["message"]["X-PCTS-Event"] for m in sink.events)
    assert set(told) == {row.key for row in EventDelivery.objects.all()}
    assert {m["to"][0] for m in sink.events} == {head.email for head in heads}
    # At most the one mail the server had accepted when the victim died, not yet marked sent.
    assert sum(n - 1 for n in told.values()) <= 1, told
