"""/readyz, the heartbeats beat and the reminder sweep record, and the admin's stale notice."""

import datetime

import pytest
import time_machine
from celery import Celery
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from directives import tasks
from ops import heartbeat, readiness
from ops.beat import HeartbeatScheduler
from ops.models import Heartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh_heartbeats():
    heartbeat.record(heartbeat.BEAT)
    heartbeat.record(heartbeat.REMINDER_SWEEP)


@pytest.fixture(autouse=True)
def _migrations_checked_again(monkeypatch):
    monkeypatch.setattr(readiness, "_migrated", False)


def test_readyz_answers_ok_when_everything_is_fine(client, fresh_heartbeats):
    response = client.get(reverse("ops:readyz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["failed"] == []
    assert set(body["checks"]) == {"database", "redis", "migrations", "beat", "reminders-sweep"}


def test_readyz_fails_naming_beat_when_its_heartbeat_is_stale(client, fresh_heartbeats, settings):
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=121)):
        Heartbeat.objects.filter(name=heartbeat.REMINDER_SWEEP).update(at=timezone.now())
        response = client.get(reverse("ops:readyz"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["failed"] == ["beat"]
    assert body["checks"]["beat"]["age_seconds"] >= 121
    assert body["checks"]["beat"]["max_age_seconds"] == settings.PCTS_HEARTBEATS["beat"]


def test_readyz_fails_when_the_sweep_has_not_run_for_two_periods(client, fresh_heartbeats):
    later = timezone.now() + datetime.timedelta(seconds=2 * 600 + 61)
    with time_machine.travel(later):
        heartbeat.record(heartbeat.BEAT)
        body = client.get(reverse("ops:readyz")).json()
    assert body["failed"] == ["reminders-sweep"]


def test_readyz_fails_when_no_heartbeat_was_ever_recorded(client):
    response = client.get(reverse("ops:readyz"))
    assert response.status_code == 503
    assert response.json()["failed"] == ["beat", "reminders-sweep"]
    assert response.json()["checks"]["beat"]["at"] is None


def test_readyz_fails_naming_redis_when_it_does_not_answer(client, fresh_heartbeats, settings):
    from tests.directives.reminder_helpers import free_port

    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": f"redis://127.0.0.1:{free_port()}/0"}
    }
    response = client.get(reverse("ops:readyz"))
    assert response.status_code == 503
    assert response.json()["failed"] == ["redis"]
    assert "ConnectionError" in response.json()["checks"]["redis"]["error"]


def test_readyz_fails_naming_migrations_when_one_is_not_applied(client, fresh_heartbeats):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = 'ops' AND name = '0001_initial'")
    body = client.get(reverse("ops:readyz")).json()
    assert body["failed"] == ["migrations"]
    assert body["checks"]["migrations"]["pending"] == ["ops.0001_initial"]


def test_a_scheduled_sweep_records_its_heartbeat(settings):
    settings.PCTS_REMINDER_HOUR = 23
    with time_machine.travel(datetime.datetime(2026, 3, 2, 1, 0, tzinfo=datetime.UTC), tick=False):
        tasks.reminders_sweep()
        assert Heartbeat.objects.get(name=heartbeat.REMINDER_SWEEP).at == timezone.now()


def test_a_sweep_for_a_given_day_is_not_the_scheduled_one():
    tasks.reminders_sweep("2026-03-02")
    assert not Heartbeat.objects.filter(name=heartbeat.REMINDER_SWEEP).exists()


def test_each_beat_tick_records_the_beat_heartbeat(tmp_path, monkeypatch):
    monkeypatch.setattr("ops.beat.RECORD_EVERY_SECONDS", 0)
    app = Celery("heartbeat-test", broker="memory://", set_as_current=False)
    app.conf.beat_schedule = {}
    scheduler = HeartbeatScheduler(app=app, schedule_filename=str(tmp_path / "schedule"))
    try:
        scheduler.tick()
        first = Heartbeat.objects.get(name=heartbeat.BEAT).at
        with time_machine.travel(timezone.now() + datetime.timedelta(seconds=20)):
            scheduler.tick()
            assert Heartbeat.objects.get(name=heartbeat.BEAT).at > first
    finally:
        scheduler.close()


def test_the_admin_index_shows_a_stale_heartbeat(client, admin_user, fresh_heartbeats):
    Heartbeat.objects.filter(name=heartbeat.BEAT).update(
        at=timezone.now() - datetime.timedelta(hours=2)
    )
    client.force_login(admin_user)
    page = client.get("/admin/").content.decode()
    assert 'data-heartbeat="beat"' in page
    assert 'data-heartbeat="reminders-sweep"' not in page


def test_the_admin_index_has_no_notice_when_heartbeats_are_fresh(
    client, admin_user, fresh_heartbeats
):
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "data-heartbeat" not in response.content.decode()
