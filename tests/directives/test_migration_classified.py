"""Migration 0013 scrubs what earlier versions stored of classified directives, then holds the line."""

import datetime

import pytest
from django.db import connection

from directives import services
from tests.directives.reminder_helpers import migrate_to, migrated_back

BEFORE = [("directives", "0012_reminder_items_on_delivery")]
AFTER = [("directives", "0013_classified_metadata_only")]
SECRET = "SECRET-MARKER-7731"


@pytest.mark.django_db(transaction=True)
def test_classified_text_stored_by_earlier_versions_is_replaced_by_placeholders(
    inspector, unit_a, head_a
):
    directive = services.directive_create(
        actor=inspector,
        raw_symbol="904/KH-TTTP",
        issued_on=datetime.date(2026, 1, 5),
        summary="",
        is_classified=True,
    )
    task = services.task_create(
        actor=inspector,
        directive=directive,
        title="x",
        lead_unit=unit_a,
        deadline_text="chậm nhất ngày 15/12/2026",
    )
    assignment = task.assignments.get()
    with migrated_back():
        migrate_to(BEFORE)
        with connection.cursor() as cursor:
            # What an edit, a task and a report stored before: the real text.
            cursor.execute(
                "UPDATE directives_directive SET summary = %s, signer = %s, search_text = %s"
                " WHERE id = %s",
                [SECRET, SECRET, SECRET.lower(), directive.pk],
            )
            cursor.execute(
                "UPDATE directives_task SET title = %s, description = %s WHERE id = %s",
                [SECRET, SECRET, task.pk],
            )
            cursor.execute(
                "UPDATE directives_assignment SET deadline_text = %s WHERE id = %s",
                [f"chậm nhất ngày 15/12/2026 {SECRET}", assignment.pk],
            )
            cursor.execute(
                "INSERT INTO directives_progressreport (assignment_id, submitted_by_id,"
                " submitted_at, submitted_on, body, milestone, claims_completion, submission_token)"
                " VALUES (%s, %s, now(), '2026-03-02', %s, %s, false, gen_random_uuid())",
                [assignment.pk, head_a.pk, SECRET, SECRET],
            )
            cursor.execute(
                "INSERT INTO directives_extensionrequest (assignment_id, requested_by_id,"
                " requested_at, current_deadline, requested_deadline, reason, state, decision_note)"
                " VALUES (%s, %s, now(), '2026-12-15', '2027-01-31', %s, 'pending', '')",
                [assignment.pk, head_a.pk, SECRET],
            )
        migrate_to(AFTER)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT summary, signer, search_text FROM directives_directive WHERE id = %s",
                [directive.pk],
            )
            kept_directive = cursor.fetchone()
            cursor.execute(
                "SELECT title, description FROM directives_task WHERE id = %s", [task.pk]
            )
            kept_task = cursor.fetchone()
            cursor.execute(
                "SELECT deadline_text FROM directives_assignment WHERE id = %s", [assignment.pk]
            )
            kept_deadline = cursor.fetchone()
            cursor.execute("SELECT body, milestone FROM directives_progressreport")
            kept_reports = cursor.fetchall()
            cursor.execute("SELECT reason FROM directives_extensionrequest")
            kept_reasons = cursor.fetchall()
    assert kept_directive == (
        "Văn bản mật – hồ sơ giấy",
        "",
        "904/kh-tttp ke hoach van ban mat – ho so giay thanh tra thanh pho",
    )
    assert kept_task == ("Nhiệm vụ 1", "")
    assert kept_deadline == ("15/12/2026",)
    assert kept_reports == [("Nội dung lưu tại hồ sơ giấy (văn bản mật).", "")]
    assert kept_reasons == [("Nội dung lưu tại hồ sơ giấy (văn bản mật).",)]
