"""The "item overdue" event: once per item and deadline, for the webhooks; no bell, no mail."""

import datetime
import json
import threading

import pytest
import time_machine
from django.db import connection

from api import webhooks
from api.models import WebhookDelivery
from directives import services
from directives.events.overdue import emit_overdue
from directives.models import Event, Notification
from tests.api.receiver import Receiver
from tests.api.test_webhooks import hook
from tests.directives.reminder_helpers import assign, morning

pytestmark = pytest.mark.django_db
DEADLINE = datetime.date(2026, 3, 2)


def overdue_events():
    return Event.objects.filter(kind=Event.Kind.ITEM_OVERDUE)


def test_an_item_is_told_overdue_once_the_day_after_its_deadline(inspector, unit_a, head_a):
    with time_machine.travel(morning(datetime.date(2026, 2, 2)), tick=False):
        late = assign(inspector, unit_a, DEADLINE)
        assign(inspector, unit_a, datetime.date(2026, 6, 30))  # not late
    wanted = hook(kinds=[Event.Kind.ITEM_OVERDUE])
    hook(kinds=[Event.Kind.ASSIGNED])
    bells = Notification.objects.count()
    assert emit_overdue(DEADLINE) == 0  # due today is not late
    with time_machine.travel(morning(DEADLINE + datetime.timedelta(days=1)), tick=False):
        assert emit_overdue() == 1
        assert emit_overdue() == 0  # the next hourly run, and the next days
    assert emit_overdue(DEADLINE + datetime.timedelta(days=3)) == 0
    [event] = overdue_events()
    assert event.assignment == late and event.data["deadline"] == "2026-03-02"
    assert event.data["days_late"] == 1 and event.actor is None
    assert not event.deliveries.exists() and Notification.objects.count() == bells
    [row] = WebhookDelivery.objects.filter(event=event)
    assert row.webhook == wanted
    with Receiver() as receiver:
        row.webhook.url = receiver.url
        row.webhook.save()
        assert webhooks.send_due()["sent"] >= 1
    told = [json.loads(r["body"]) for r in receiver.requests]
    assert [(t["kind"], t["assignment"]) for t in told] == [("item_overdue", late.pk)]


def test_a_new_deadline_that_passes_again_is_told_again(inspector, unit_a, head_a):
    with time_machine.travel(morning(datetime.date(2026, 2, 2)), tick=False):
        late = assign(inspector, unit_a, DEADLINE)
    emit_overdue(DEADLINE + datetime.timedelta(days=1))
    with time_machine.travel(morning(DEADLINE + datetime.timedelta(days=2)), tick=False):
        request = services.extension_request(
            actor=head_a,
            assignment=late,
            requested_deadline=datetime.date(2026, 3, 9),
            reason="Chờ số liệu của các phòng",
        )
        services.extension_decide(
            actor=inspector, request=request, approve=True, deadline=datetime.date(2026, 3, 9)
        )
        assert emit_overdue() == 0  # within the new deadline
    assert emit_overdue(datetime.date(2026, 3, 10)) == 1
    assert sorted(e.data["deadline"] for e in overdue_events()) == ["2026-03-02", "2026-03-09"]


def test_old_deadlines_are_not_told_on_a_first_run(inspector, unit_a, settings):
    settings.PCTS_OVERDUE_EVENT_LOOKBACK_DAYS = 7
    with time_machine.travel(morning(datetime.date(2026, 1, 6)), tick=False):
        assign(inspector, unit_a, datetime.date(2026, 1, 30))
        recent = assign(inspector, unit_a, DEADLINE)
    assert emit_overdue(DEADLINE + datetime.timedelta(days=5)) == 1
    assert [e.assignment for e in overdue_events()] == [recent]


@pytest.mark.django_db(transaction=True)
def test_two_beats_at_once_tell_each_item_once(inspector, unit_a):
    with time_machine.travel(morning(datetime.date(2026, 2, 2)), tick=False):
        for _ in range(3):
            assign(inspector, unit_a, DEADLINE)
    day, results = DEADLINE + datetime.timedelta(days=1), []

    def run():
        try:
            results.append(emit_overdue(day))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [0, 3] and overdue_events().count() == 3
