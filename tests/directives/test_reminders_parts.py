"""A day's digests are written in committed parts, each sent once committed, and resumed after a crash."""

import datetime

import pytest
import time_machine
from django.db import IntegrityError

from directives import reminders
from directives.models import Notification, ReminderDelivery, ReminderRun
from directives.reminders import ledger
from directives.reminders.planning import catch_up_start
from tests.directives.reminder_helpers import REMINDER_DAY as DAY
from tests.directives.reminder_helpers import block_digest, morning, ran_on


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.mark.django_db(transaction=True)
def test_a_planner_dying_mid_day_leaves_its_committed_parts_sent_and_the_next_sweep_resumes(
    three_heads, sink, inspector
):
    first, second, third = three_heads
    # A row holding the second digest's key makes writing the second part fail, as a planner
    # dying there would: the first part is committed by then and must still go out.
    blocker = block_digest(DAY, second, inspector)
    with time_machine.travel(morning(DAY), tick=False), pytest.raises(IntegrityError):
        reminders.run_for_day(DAY)
    assert sorted(sink.keys()) == [ledger.digest_key(DAY, first.pk)]
    run = ReminderRun.objects.get(day=DAY)
    assert run.completed_at is None and run.digests == 1
    blocker.delete()

    with time_machine.travel(morning(DAY), tick=False):
        summary = reminders.run_for_day(DAY)
    assert summary.planned and summary.digests == 2 and summary.sent == 2
    assert sink.keys() == {ledger.digest_key(DAY, head.pk): 1 for head in three_heads}
    run.refresh_from_db()
    assert run.completed_at is not None and (run.digests, run.items) == (3, 3)
    assert Notification.objects.filter(delivery__day=DAY).count() == 3
    # Complete now: a later sweep of the day writes and sends nothing more.
    with time_machine.travel(morning(DAY, 15), tick=False):
        again = reminders.run_for_day(DAY)
    assert not again.planned and again.sent == 0
    assert sum(sink.keys().values()) == 3


@pytest.mark.django_db(transaction=True)
def test_every_part_of_a_day_is_sent_once_over_one_connection(three_heads, sink):
    with time_machine.travel(morning(DAY), tick=False):
        summary = reminders.run_for_day(DAY)
    assert (summary.digests, summary.items, summary.sent) == (3, 3, 3)
    assert sink.keys() == {ledger.digest_key(DAY, head.pk): 1 for head in three_heads}
    assert sink.sessions == 1
    assert set(ReminderDelivery.objects.values_list("state", flat=True)) == {"sent"}


def test_a_day_whose_plan_never_completed_is_looked_back_over(db):
    ran_on(DAY - days(4))
    ReminderRun.objects.create(day=DAY - days(2), window_start=DAY - days(3))  # never completed
    assert catch_up_start(DAY) == DAY - days(3)


def planning_locks() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = %s"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            [ledger.PLAN_LOCK],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_the_planning_lock_ends_with_it(three_heads):
    """So that a transaction aborted half-way (no statement possible, not even an unlock) frees it."""
    from django.db import transaction

    with time_machine.travel(morning(DAY), tick=False):
        with transaction.atomic():
            assert ledger.plan_day(DAY).digests == 3
            assert planning_locks() == 1
        assert planning_locks() == 0
        ledger.plan_day(DAY)  # in autocommit: a session lock, released on the way out
        assert planning_locks() == 0


@pytest.mark.django_db(transaction=True)
def test_while_one_sweep_plans_another_does_not_wait_and_sends_what_is_committed(three_heads, sink):
    import psycopg
    from django.db import connection

    first, _second, _third = three_heads
    with time_machine.travel(morning(DAY), tick=False):
        ledger.plan_day(DAY)  # planned and committed, not sent yet
        ReminderRun.objects.filter(day=DAY).update(completed_at=None)  # as if still planning
        settings = connection.settings_dict
        with psycopg.connect(
            dbname=settings["NAME"],
            user=settings["USER"],
            host=settings["HOST"] or None,
            port=settings["PORT"] or None,
            autocommit=True,
        ) as planner:
            planner.execute("SELECT pg_advisory_lock(%s, %s)", [ledger.PLAN_LOCK, DAY.toordinal()])
            summary = reminders.run_for_day(DAY)
    assert not summary.planned and summary.sent == 3
    assert sink.keys() == {ledger.digest_key(DAY, head.pk): 1 for head in three_heads}
