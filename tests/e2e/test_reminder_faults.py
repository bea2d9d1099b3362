"""Reminders survive faults: concurrent sweeps, Redis down, SMTP down, a killed worker, a moved deadline.

Each test runs real Celery workers against the pytest database, its own Redis and an aiosmtpd sink.
"""

import datetime
import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from directives import services
from directives.broker import publish
from directives.models import ReminderDelivery, ReminderRun
from directives.tasks import reminders_send, reminders_sweep
from tests.directives.reminder_helpers import (
    assign,
    celery_app,
    free_port,
    ran_on,
    start_sink,
    text_part,
)
from tests.e2e.reminder_rig import BlackHole, RedisServer, Worker, wait_until, worker_env

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
State = ReminderDelivery.State


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.fixture
def today():
    return timezone.localdate()


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


@pytest.fixture
def workers(tmp_path):
    started: list[Worker] = []

    def start(name="w1", pool="solo", **env) -> Worker:
        worker = Worker(tmp_path, name, worker_env(**env), pool=pool).start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def heads(make_unit, make_user, city, inspector, today):
    """Create `n` units, each with a head and one item due in three days; return the heads."""

    def build(n: int):
        ran_on(today - days(1))
        people = []
        for i in range(n):
            unit = make_unit(parent=city)
            people.append(make_user(f"head{i:02d}", unit=unit, role="head"))
            assign(inspector, unit, today + days(3))
        return people

    return build


def all_sent() -> bool:
    rows = list(ReminderDelivery.objects.values_list("state", flat=True))
    return bool(rows) and all(state == State.SENT for state in rows)


@pytest.mark.parametrize("pool", ["solo", "prefork"])
def test_two_sweeps_at_once_send_one_digest_per_recipient(broker, sink, workers, heads, pool):
    people = heads(6)
    # prefork with two children, as docker-compose.yml runs the worker: four sweeps at once.
    first = workers("w1", pool=pool, redis_url=broker.url, smtp_port=sink.port)
    second = workers("w2", pool=pool, redis_url=broker.url, smtp_port=sink.port)
    for _ in range(3):  # on top of each worker's start-up sweep
        publish(reminders_sweep)
    wait_until(all_sent, timeout=60, message="every digest to be sent")
    time.sleep(3)  # let any straggling sweep finish
    assert ReminderRun.objects.count() == 2  # yesterday's marker and today's run
    assert ReminderDelivery.objects.count() == len(people)
    assert sorted(sink.keys().values()) == [1] * len(people)
    assert sorted(m["to"][0] for m in sink.messages) == sorted(p.email for p in people)
    assert "succeeded" in first.output() and "succeeded" in second.output()


def test_redis_down_loses_nothing_and_everything_goes_out_once_it_is_back(
    broker, sink, workers, heads, inspector, django_capture_on_commit_callbacks
):
    people = heads(3)
    worker = workers("w1", redis_url=broker.url, smtp_port=sink.port)
    wait_until(all_sent, timeout=60, message="the start-up sweep to send today's digests")
    assert len(sink.messages) == 3
    broker.stop()

    # A unit reports completion while Redis is down: the request succeeds and reminders pause.
    reported = services.report_submit(
        actor=people[0],
        assignment=people[0].memberships.get().unit.assignments.get(),
        body="Đã xong",
        claims_completion=True,
    )
    # The inspectorate urges another unit: the request succeeds and the mail waits in the ledger.
    urged = people[1].memberships.get().unit.assignments.get()
    client = Client(headers={"X-Forwarded-Proto": "https"})
    client.force_login(inspector, backend="django.contrib.auth.backends.ModelBackend")
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("directives:assignment-remind", args=[urged.pk]))
    assert response.status_code == 302 and time.monotonic() - started < 15
    manual = ReminderDelivery.objects.get(kind="manual")
    assert manual.state == State.PENDING
    # The sweep falls due while Redis is down: beat cannot hand it over.
    assert publish(reminders_sweep) is False

    broker.start()
    wait_until(lambda: publish(reminders_sweep), timeout=30, message="the broker to take the sweep")
    wait_until(all_sent, timeout=60, message="the manual reminder to go out")
    time.sleep(2)
    assert sorted(sink.keys().values()) == [1] * 4
    [urging] = [m for m in sink.messages if m["key"] == manual.key]
    assert urging["to"] == [people[1].email] and "Thanh tra đôn đốc" in urging["subject"]
    assert reported.assignment.state == "reported"
    assert worker.process.poll() is None


def test_smtp_down_never_hangs_a_worker_and_every_digest_goes_out_once_after_recovery(
    broker, workers, heads
):
    people = heads(3)
    port = free_port()
    hole = BlackHole(port)
    worker = workers(
        "w1", redis_url=broker.url, smtp_port=port, EMAIL_TIMEOUT=2, PCTS_REMINDER_MAX_ATTEMPTS=30
    )
    try:
        wait_until(
            # The assignments' event mails try the silent server too: wait for the reminders' tries.
            lambda: (
                hole.accepted >= 3
                and ReminderDelivery.objects.filter(last_error__icontains="time").exists()
            ),
            timeout=60,
            message="three tries against the silent server",
        )
        durations = wait_until(
            lambda: len(worker.task_durations()) >= 3 and worker.task_durations(),
            timeout=30,
            message="the tries to finish",
        )
        assert max(durations) < 2 + 3, durations  # EMAIL_TIMEOUT bounds every try
        rows = list(ReminderDelivery.objects.all())
        # Waiting for a retry, or in one right now (the worker retries every second): never
        # given up on, never marked sent.
        assert all(r.state in (State.PENDING, State.SENDING) for r in rows)
        assert any("timed out" in r.last_error or "Timeout" in r.last_error for r in rows)
        assert not any(r.sent_at for r in rows)
    finally:
        hole.stop()
    controller, sink = start_sink(port=port)
    try:
        wait_until(all_sent, timeout=90, message="delivery after the SMTP server is back")
        time.sleep(2)
        assert sorted(sink.keys().values()) == [1] * len(people)
    finally:
        controller.stop()


def test_a_worker_killed_mid_batch_is_recovered_from_the_database(tmp_path, broker, workers, heads):
    people = heads(24)
    controller, sink = start_sink(delay=0.25)
    env = dict(
        redis_url=broker.url,
        smtp_port=controller.port,
        PCTS_REMINDER_LEASE_SECONDS=4,
        PCTS_REMINDER_CHUNK_SIZE=8,
    )
    try:
        victim = workers("victim", **env)
        wait_until(lambda: len(sink.messages) >= 5, timeout=60, message="the batch to be under way")
        victim.kill()
        delivered_at_kill = len(sink.messages)
        assert ReminderDelivery.objects.filter(state=State.SENDING).exists()
        assert delivered_at_kill < len(people)

        workers("rescuer", **env)
        time.sleep(5)  # the victim's lease runs out
        publish(reminders_sweep)  # beat's next tick
        wait_until(all_sent, timeout=90, message="every digest after recovery")
        time.sleep(1)
        keys = sink.keys()
        assert set(keys) == set(ReminderDelivery.objects.values_list("key", flat=True))
        duplicates = sum(n - 1 for n in keys.values())
        # At most the one message the server had accepted when the victim died, not marked yet.
        assert duplicates <= 1, keys
    finally:
        controller.stop()


def test_a_deadline_extended_after_the_three_day_reminder_moves_the_one_day_reminder(
    broker, sink, workers, inspector, unit_a, head_a, today
):
    ran_on(today - days(1))
    assignment = assign(inspector, unit_a, today + days(3))
    workers("w1", redis_url=broker.url, smtp_port=sink.port)
    wait_until(all_sent, timeout=60, message="the 3-day reminder")
    [three_day] = sink.messages
    assert "Còn 3 ngày" in text_part(three_day["message"])

    request = services.extension_request(
        actor=head_a,
        assignment=assignment,
        requested_deadline=today + days(13),
        reason="Chờ kết quả thanh tra",
    )
    services.extension_decide(actor=inspector, request=request, approve=True)

    old_one_day = today + days(2)
    publish(reminders_sweep, [old_one_day.isoformat()])
    wait_until(
        lambda: ReminderRun.objects.filter(day=old_one_day).exists(),
        timeout=30,
        message="the sweep",
    )
    publish(reminders_send, [None])
    time.sleep(2)
    assert not ReminderDelivery.objects.filter(day=old_one_day).exists()
    assert len(sink.messages) == 1

    new_one_day = today + days(12)
    publish(reminders_sweep, [new_one_day.isoformat()])
    wait_until(lambda: len(sink.messages) == 2, timeout=30, message="the moved 1-day reminder")
    body = text_part(sink.messages[1]["message"])
    assert "Còn 1 ngày" in body
    assert f"{today + days(13):%d/%m/%Y}" in body and f"{today + days(3):%d/%m/%Y}" not in body
