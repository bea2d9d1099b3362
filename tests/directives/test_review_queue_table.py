"""The review queue table holds exactly the unreviewed reports; the badge stops counting at 99+."""

import datetime
import re

import pytest
from django.db import connection
from django.urls import reverse

from directives import services
from directives.awaiting import BADGE_CAP, awaiting_reports, waiting_count
from directives.models import (
    REVIEW_QUEUE_REBUILD_SQL,
    ProgressReport,
    ReportReview,
    ReviewQueueEntry,
)
from tests.directives.test_views_review import client_for, report

_numbers = iter(range(100, 1000))


@pytest.fixture
def assignment_for(inspector):
    def make(unit):
        directive = services.directive_create(
            actor=inspector,
            raw_symbol=f"{next(_numbers)}/KH-UBND",
            issued_on=datetime.date(2026, 1, 5),
            summary="Kế hoạch phòng, chống tham nhũng năm 2026",
        )
        task = services.task_create(
            actor=inspector,
            directive=directive,
            title="Tự kiểm tra",
            lead_unit=unit,
            deadline_text="30/06/2026",
        )
        return task.assignments.get()

    return make


def queued() -> set[int]:
    return set(ReviewQueueEntry.objects.values_list("report_id", flat=True))


def unreviewed_open() -> set[int]:
    """The definition the table stands for, computed the slow way."""
    return set(
        ProgressReport.objects.filter(review__isnull=True)
        .exclude(assignment__state__in=["completed", "cancelled"])
        .values_list("pk", flat=True)
    )


def test_reports_enter_and_reviews_leave_the_queue(inspector, head_a, assignment_for, unit_a):
    first, second = assignment_for(unit_a), assignment_for(unit_a)
    progress = report(head_a, first, datetime.date(2026, 3, 2))
    claim = report(head_a, second, datetime.date(2026, 3, 3), completion=True)
    assert queued() == {progress.pk, claim.pk} == unreviewed_open()
    services.report_review(
        actor=inspector, report=claim, decision=ReportReview.Decision.ACCEPT, reason=""
    )
    assert queued() == {progress.pk} == unreviewed_open()
    services.report_review(
        actor=inspector, report=progress, decision=ReportReview.Decision.RETURN, reason="Bổ sung"
    )
    assert queued() == set() == unreviewed_open()
    assert list(awaiting_reports(inspector)) == []


def test_completing_an_assignment_closes_its_waiting_reports_in_the_queue_too(
    inspector, head_a, assignment_for, unit_a
):
    assignment = assignment_for(unit_a)
    waiting = report(head_a, assignment, datetime.date(2026, 3, 2))
    claim = report(head_a, assignment, datetime.date(2026, 3, 4), completion=True)
    services.report_review(
        actor=inspector, report=claim, decision=ReportReview.Decision.ACCEPT, reason=""
    )
    assignment.refresh_from_db()
    assert assignment.state == "completed"
    assert waiting.pk not in queued()
    assert queued() == unreviewed_open() == set()


def test_the_rebuild_gives_what_the_triggers_kept(inspector, head_a, assignment_for, unit_a):
    for n in range(3):
        report(head_a, assignment_for(unit_a), datetime.date(2026, 3, 2 + n))
    kept = queued()
    with connection.cursor() as cursor:
        cursor.execute(REVIEW_QUEUE_REBUILD_SQL)
    assert queued() == kept == unreviewed_open()


def test_the_badge_shows_99_plus_past_the_cap(inspector, head_a, assignment_for, unit_a):
    assignment = assignment_for(unit_a)
    for n in range(BADGE_CAP + 2):
        services.report_submit(actor=head_a, assignment=assignment, body=f"Tiến độ {n}", percent=1)
    assert waiting_count(inspector) == BADGE_CAP + 1
    client = client_for(inspector)
    html = client.get(reverse("directives:inbox")).content.decode()
    assert re.search(r'id="review-count"[^>]*>99\+</span>', html)
    # The queue page itself counts exactly.
    page = client.get(reverse("directives:review-queue")).content.decode()
    assert re.search(
        rf"Báo cáo chờ xem xét <span class=\"badge text-bg-primary\">{BADGE_CAP + 2}</span>", page
    )
