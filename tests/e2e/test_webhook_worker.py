"""A webhook leaves after its commit through a real Celery worker and Redis, to a local receiver."""

import json
import time

import pytest

from api import webhooks
from api.models import Webhook, WebhookDelivery
from directives.models import Event
from tests.api.receiver import Receiver
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


def test_the_worker_delivers_each_event_once_signed_retrying_a_failure(
    broker, tmp_path, inspector, unit_a, head_a
):
    controller, _sink = start_sink()
    with Receiver(codes=[503, 200]) as receiver:
        Webhook.objects.create(
            name="Hệ thống giao việc TP",
            url=receiver.url,
            secret="bi-mat",
            kinds=[Event.Kind.ASSIGNED],
        )
        env = worker_env(redis_url=broker.url, smtp_port=controller.port)
        worker = Worker(tmp_path, "w1", env).start()
        try:
            part = assign(inspector, unit_a)  # commits: the send task is enqueued then
            wait_until(lambda: receiver.requests, timeout=120, message="the first try")
            # The first try got 503: the row waits its backoff (1 s here); beat's sweep resends it.
            wait_until(
                lambda: WebhookDelivery.objects.filter(state="pending").exists(),
                timeout=30,
                message="the failed try to be put back",
            )
            time.sleep(1.5)
            from api.tasks import webhooks_send
            from directives.broker import publish

            publish(webhooks_send)
            wait_until(
                lambda: WebhookDelivery.objects.filter(state="sent").exists(),
                timeout=60,
                message="the retry to be delivered",
            )
            time.sleep(1)  # a straggling duplicate would arrive now
        finally:
            worker.stop()
            controller.stop()
    assert len(receiver.requests) == 2
    for request in receiver.requests:
        headers, body = request["headers"], request["body"]
        assert webhooks.verify(
            "bi-mat", headers["X-PCTS-Timestamp"], body, headers["X-PCTS-Signature"]
        )
        assert json.loads(body)["assignment"] == part.pk
    row = WebhookDelivery.objects.get()
    assert sorted(row.log.values_list("response_code", flat=True)) == [200, 503]
    assert "api.tasks.webhooks_send" in worker.output()
