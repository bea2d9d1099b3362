"""Migration 0012 moves a mail's item rows onto its ledger row as arrays, in the mail's order, and back."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from directives.models import Assignment, ReminderDelivery
from directives.reminders import ledger
from tests.directives.reminder_helpers import assign, migrate_to

BEFORE = [("directives", "0011_reminder_run_completed")]
AFTER = [("directives", "0012_reminder_items_on_delivery")]


def item_rows() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT delivery_id, position, assignment_id, reason, escalation_level, deadline, days_late"
            " FROM directives_reminderitem ORDER BY delivery_id, position"
        )
        return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_item_rows_become_arrays_in_position_order_and_back(inspector, unit_a, unit_b, head_a, head_b):
    deadline = timezone.localdate() - datetime.timedelta(days=5)
    a1, a2 = assign(inspector, unit_a, deadline), assign(inspector, unit_a, None)
    b1 = assign(inspector, unit_b, deadline)
    mails = ledger.manual_reminder_send(
        actor=inspector, assignments=Assignment.objects.filter(pk__in=[a1.pk, a2.pk, b1.pk])
    )
    mail_a = next(m for m in mails if m.recipient == head_a)
    mail_b = next(m for m in mails if m.recipient == head_b)
    leaf = MigrationExecutor(connection).loader.graph.leaf_nodes("directives")
    try:
        migrate_to(BEFORE)
        # Reversed: each array element is an item row again, at its position.
        back = item_rows()
        with connection.cursor() as cursor:
            # Rows written in another order than the mail's: the arrays follow `position`.
            cursor.execute("DELETE FROM directives_reminderitem WHERE delivery_id = %s", [mail_a.pk])
            cursor.executemany(
                "INSERT INTO directives_reminderitem (delivery_id, position, assignment_id, reason,"
                " escalation_level, deadline, days_late) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [
                    (mail_a.pk, 1, a2.pk, "manual", 0, None, 0),
                    (mail_a.pk, 0, a1.pk, "overdue", 1, deadline, 5),
                ],
            )
        migrate_to(AFTER)
        moved = {
            pk: arrays
            for pk, *arrays in ReminderDelivery.objects.values_list(
                "pk", "item_assignments", "item_reasons", "item_levels", "item_deadlines", "item_days_late"
            )
        }
    finally:
        migrate_to(leaf)
    assert back == [
        (mail_a.pk, 0, a1.pk, "manual", 0, deadline, 5),
        (mail_a.pk, 1, a2.pk, "manual", 0, None, 0),
        (mail_b.pk, 0, b1.pk, "manual", 0, deadline, 5),
    ]
    assert moved == {
        mail_a.pk: [[a1.pk, a2.pk], ["overdue", "manual"], [1, 0], [deadline, None], [5, 0]],
        mail_b.pk: [[b1.pk], ["manual"], [0], [deadline], [5]],
    }
