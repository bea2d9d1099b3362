"""Webhooks: one outbox row per (event, webhook), signed HMAC-SHA256, retried, logged with codes."""

import json
import time

import pytest
import time_machine
from django.utils import timezone

from api import webhooks
from api.models import Webhook, WebhookDelivery
from directives.models import Event
from tests.api.receiver import Receiver
from tests.directives.assignment_helpers import assign

pytestmark = pytest.mark.django_db
SECRET = "bi-mat-dung-chung-2026"


def hook(url="http://127.0.0.1:9/none", kinds=(Event.Kind.ASSIGNED,), **extra):
    return Webhook.objects.create(
        name="Hệ thống giao việc TP", url=url, secret=SECRET, kinds=list(kinds), **extra
    )


def test_an_event_writes_one_row_per_webhook_that_asked_for_its_kind(inspector, unit_a):
    wanted = hook()
    hook(kinds=[Event.Kind.REPORT_SUBMITTED])
    hook(is_active=False)
    part = assign(inspector, unit_a)
    rows = WebhookDelivery.objects.filter(event__assignment=part)
    assert list(rows.values_list("webhook", "state")) == [(wanted.pk, "pending")]


def test_a_delivery_is_signed_and_the_receiver_can_verify_it(inspector, unit_a, head_a):
    with Receiver() as receiver:
        hook(url=receiver.url)
        part = assign(inspector, unit_a)
        assert webhooks.send_due() == {"sent": 1, "failed": 0, "retrying": 0}
    [request] = receiver.requests
    headers, body = request["headers"], request["body"]
    assert webhooks.verify(SECRET, headers["X-PCTS-Timestamp"], body, headers["X-PCTS-Signature"])
    data = json.loads(body)
    assert (
        data["kind"] == "assigned" and data["assignment"] == part.pk and data["unit"] == unit_a.pk
    )
    assert headers["X-PCTS-Event"] == "assigned"
    row = WebhookDelivery.objects.get()
    assert (row.state, row.response_code, row.attempts) == ("sent", 200, 1)
    assert headers["X-PCTS-Delivery"] == str(row.pk)
    assert list(row.log.values_list("response_code", flat=True)) == [200]


def test_a_signature_fails_for_another_body_secret_or_an_old_timestamp():
    body, now = b'{"kind": "assigned"}', int(time.time())
    stamp = str(now)
    good = webhooks.sign(SECRET, stamp, body)
    assert webhooks.verify(SECRET, stamp, body, good)
    assert not webhooks.verify(SECRET, stamp, body + b" ", good)
    assert not webhooks.verify("khoa-khac", stamp, body, good)
    assert not webhooks.verify(SECRET, str(now + 1), body, good)  # the timestamp is signed too
    old = str(now - 301)
    assert not webhooks.verify(SECRET, old, body, webhooks.sign(SECRET, old, body))
    assert not webhooks.verify(SECRET, "not-a-time", body, good)


def test_a_failing_receiver_is_retried_with_a_backoff_and_every_try_is_logged(
    inspector, unit_a, settings
):
    settings.PCTS_REMINDER_RETRY_SECONDS = 60
    with Receiver(codes=[500, 503, 200]) as receiver:
        hook(url=receiver.url)
        assign(inspector, unit_a)
        assert webhooks.send_due()["retrying"] == 1
        row = WebhookDelivery.objects.get()
        assert row.state == "pending" and row.response_code == 500
        wait = (row.next_attempt_at - timezone.now()).total_seconds()
        assert 55 < wait <= 60
        assert webhooks.send_due() == {"sent": 0, "failed": 0, "retrying": 0}  # not yet due
        with time_machine.travel(row.next_attempt_at):
            assert webhooks.send_due()["retrying"] == 1
        row.refresh_from_db()
        assert 115 < (row.next_attempt_at - row.log.first().at).total_seconds() < 121  # doubled
        with time_machine.travel(row.next_attempt_at):
            assert webhooks.send_due()["sent"] == 1
    row.refresh_from_db()
    assert (row.state, row.attempts) == ("sent", 3)
    assert sorted(row.log.values_list("response_code", flat=True)) == [200, 500, 503]
    assert len(receiver.requests) == 3
    delivery_ids = {r["headers"]["X-PCTS-Delivery"] for r in receiver.requests}
    assert delivery_ids == {str(row.pk)}  # the receiver can drop a retry it already processed


def test_410_gone_stops_the_retries(inspector, unit_a):
    with Receiver(codes=[410]) as receiver:
        hook(url=receiver.url)
        assign(inspector, unit_a)
        assert webhooks.send_due()["failed"] == 1
    row = WebhookDelivery.objects.get()
    assert (row.state, row.response_code) == ("failed", 410)


def test_a_receiver_that_is_down_is_retried_not_lost(inspector, unit_a):
    hook(url="http://127.0.0.1:9/closed")  # the discard port: nothing listens
    assign(inspector, unit_a)
    assert webhooks.send_due()["retrying"] == 1
    row = WebhookDelivery.objects.get()
    assert row.state == "pending" and row.response_code is None and row.log.get().error


def test_a_report_submitted_through_the_api_reaches_its_webhook(inspector, unit_a, head_a, api):
    part = assign(inspector, unit_a)
    subscribed = hook(kinds=[Event.Kind.REPORT_SUBMITTED])
    api(head_a).post(f"/api/v1/assignments/{part.pk}/reports/", {"body": "Báo cáo qua API"})
    row = WebhookDelivery.objects.get(webhook=subscribed)
    assert row.event.kind == "report_submitted" and row.event.assignment_id == part.pk
