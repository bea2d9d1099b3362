"""Migration 0012 moves a mail's item rows onto its ledger row as arrays, in the mail's order, and back."""

import pytest
from django.db import connection

from directives.models import ReminderDelivery
from tests.directives.reminder_helpers import migrate_to, migrated_back, two_manual_mails

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
def test_item_rows_become_arrays_in_position_order_and_back(
    inspector, unit_a, unit_b, head_a, head_b
):
    deadline, (a1, a2, b1), mail_a, mail_b = two_manual_mails(
        inspector, unit_a, unit_b, head_a, head_b
    )
    with migrated_back():
        migrate_to(BEFORE)
        # Reversed: each array element is an item row again, at its position.
        back = item_rows()
        with connection.cursor() as cursor:
            # Rows written in another order than the mail's: the arrays follow `position`.
            cursor.execute(
                "DELETE FROM directives_reminderitem WHERE delivery_id = %s", [mail_a.pk]
            )
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
                "pk",
                "item_assignments",
                "item_reasons",
                "item_levels",
                "item_deadlines",
                "item_days_late",
            )
        }
    assert back == [
        (mail_a.pk, 0, a1.pk, "manual", 0, deadline, 5),
        (mail_a.pk, 1, a2.pk, "manual", 0, None, 0),
        (mail_b.pk, 0, b1.pk, "manual", 0, deadline, 5),
    ]
    assert moved == {
        mail_a.pk: [[a1.pk, a2.pk], ["overdue", "manual"], [1, 0], [deadline, None], [5, 0]],
        mail_b.pk: [[b1.pk], ["manual"], [0], [deadline], [5]],
    }
