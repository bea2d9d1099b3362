"""Migration 0010 merges the bell's old per-item rows into one notification per person and mail."""

import pytest
from django.db import connection
from django.utils import timezone

from directives.models import Notification
from tests.directives.reminder_helpers import migrate_to, migrated_back, two_manual_mails

BEFORE = [("directives", "0009_ledger_redundant_indexes")]
AFTER = [("directives", "0010_notification_per_mail")]


@pytest.mark.django_db(transaction=True)
def test_per_item_rows_become_one_notification_per_person_and_mail(
    inspector, unit_a, unit_b, head_a, focal_a, head_b
):
    _deadline, (a1, a2, b1), mail_a, mail_b = two_manual_mails(
        inspector, unit_a, unit_b, head_a, head_b
    )
    Notification.objects.all().delete()
    with migrated_back():
        migrate_to(BEFORE)
        read = timezone.now()
        rows = [
            # (user, assignment, delivery, reason, escalation level, days late, read at)
            (head_a.pk, a1.pk, mail_a.pk, "manual", 0, 5, read),
            (head_a.pk, a2.pk, mail_a.pk, "manual", 0, 0, None),
            (focal_a.pk, a1.pk, mail_a.pk, "manual", 0, 5, read),
            (focal_a.pk, a2.pk, mail_a.pk, "manual", 0, 0, read),
            (head_b.pk, b1.pk, mail_b.pk, "manual", 1, 5, read),
        ]
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO directives_notification (user_id, assignment_id, delivery_id, reason,"
                " escalation_level, days_late, read_at, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, now())",
                rows,
            )
        migrate_to(AFTER)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT user_id, delivery_id, units, items, overdue, escalated, read_at IS NULL"
                " FROM directives_notification ORDER BY user_id, delivery_id"
            )
            merged = cursor.fetchall()
    assert merged == sorted(
        [
            (head_a.pk, mail_a.pk, [], 2, 1, 0, True),  # one of its rows was unread
            (focal_a.pk, mail_a.pk, [unit_a.pk], 2, 1, 0, False),
            (head_b.pk, mail_b.pk, [], 1, 1, 1, False),
        ]
    )
