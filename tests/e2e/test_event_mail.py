"""An event's mail leaves after its commit through a real Celery worker, Redis and an aiosmtpd sink."""

import time

import pytest

from directives.models import EventDelivery
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
