"""The inspectorate reviews reports and decides extensions from one queue; nobody else reaches it."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directives import services
from directives.models import Assignment, ExtensionRequest, ReportReview

HTTPS = {"X-Forwarded-Proto": "https"}
VIETNAM = datetime.timezone(datetime.timedelta(hours=7))


def client_for(user, **kwargs) -> Client:
    """Return a client logged in as `user`, speaking HTTPS as it would behind the TLS proxy."""
    client = Client(headers=HTTPS, **kwargs)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def url(name, *args):
    return reverse(f"directives:{name}", args=args)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def on(day):
    """Travel to 9 a.m. Vietnam time on `day` (only the clock is mocked)."""
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, 9, tzinfo=VIETNAM), tick=False
    )


@pytest.fixture
def assignment_for(inspector):
    numbers = iter(range(100, 1000))

    def make(unit, *, deadline="30/06/2026", title="Tự kiểm tra việc kê khai tài sản, thu nhập"):
        directive = services.directive_create(
            actor=inspector,
            raw_symbol=f"{next(numbers)}/KH-UBND",
            issued_on=datetime.date(2026, 1, 5),
            summary="Kế hoạch phòng, chống tham nhũng năm 2026",
        )
        task = services.task_create(
            actor=inspector,
            directive=directive,
            title=title,
            lead_unit=unit,
            deadline_text=deadline,
        )
        return task.assignments.get()

    return make


def report(actor, assignment, day, *, completion=False, body="Đã tổ chức tự kiểm tra"):
    with on(day):
        return services.report_submit(
            actor=actor,
            assignment=assignment,
            body=body,
            claims_completion=completion,
            percent=None if completion else 50,
        )


def extension(actor, assignment, day, to=datetime.date(2026, 9, 30)):
    with on(day):
        return services.extension_request(
            actor=actor,
            assignment=assignment,
            requested_deadline=to,
            reason="Chờ kết quả thanh tra",
        )


# --------------------------------------------------------------------------- the queue


def test_queue_lists_completion_claims_first_then_oldest_with_unit_symbol_deadline_and_days_late(
    inspector, head_a, head_b, assignment_for, unit_a, unit_b
):
    mine, theirs = assignment_for(unit_a), assignment_for(unit_b)
    progress = report(head_b, theirs, datetime.date(2026, 3, 1))
    late_claim = report(head_a, mine, datetime.date(2026, 7, 10), completion=True)
    response = client_for(inspector).get(url("review-queue"))
    assert [r.pk for r in response.context["reports"]] == [late_claim.pk, progress.pk]
    html = response.content.decode()
    assert "Sở Nội vụ" in html and mine.task.directive.symbol in html and "30/06/2026" in html
    assert response.context["reports"][0].days_late == 10  # judged on the submission date
    assert mine.get_absolute_url() in html


def test_queue_lists_pending_extensions_oldest_first(
    inspector, head_a, head_b, assignment_for, unit_a, unit_b
):
    first = extension(head_b, assignment_for(unit_b), datetime.date(2026, 5, 1))
    second = extension(head_a, assignment_for(unit_a), datetime.date(2026, 5, 20))
    response = client_for(inspector).get(url("review-queue"))
    assert [e.pk for e in response.context["extensions"]] == [first.pk, second.pk]
    assert "30/09/2026" in response.content.decode()


def test_reviewed_reports_and_decided_extensions_leave_the_queue(
    inspector, head_a, assignment_for, unit_a
):
    assignment = assignment_for(unit_a)
    done = report(head_a, assignment, datetime.date(2026, 3, 1))
    services.report_review(actor=inspector, report=done, decision="accept")
    asked = extension(head_a, assignment, datetime.date(2026, 3, 2))
    services.extension_decide(actor=inspector, request=asked, approve=False, note="Không có căn cứ")
    response = client_for(inspector).get(url("review-queue"))
    assert list(response.context["reports"]) == [] and list(response.context["extensions"]) == []
    assert "Không có báo cáo nào chờ xem xét." in response.content.decode()


def test_queue_query_count_does_not_grow_with_rows(inspector, head_a, assignment_for, unit_a):
    client = client_for(inspector)

    def add(count):
        for _ in range(count):
            assignment = assignment_for(unit_a)
            report(head_a, assignment, datetime.date(2026, 3, 1))
            extension(head_a, assignment, datetime.date(2026, 3, 1))

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url("review-queue"))
        return len(captured), len(response.context["reports"]), len(response.context["extensions"])

    add(2)
    client.get(url("review-queue"))
    few = queries()
    add(10)
    many = queries()
    assert (few[1:], many[1:]) == ((2, 2), (12, 12))
    assert few[0] == many[0]


# --------------------------------------------------------------------------- report decisions


def test_accepting_a_completion_report_completes_the_assignment_on_its_submission_date(
    inspector, head_a, assignment_for, unit_a
):
    assignment = assignment_for(unit_a)
    claim = report(head_a, assignment, datetime.date(2026, 6, 20), completion=True)
    response = client_for(inspector).post(
        url("report-review", claim.pk), {"decision": "accept"}, follow=True
    )
    assert response.redirect_chain[-1][0] == url("review-queue")
    assert "Đã chấp nhận báo cáo của Sở Nội vụ." in messages_of(response)
    assignment.refresh_from_db()
    assert (assignment.state, assignment.completed_on) == (
        Assignment.State.COMPLETED,
        datetime.date(2026, 6, 20),
    )


def test_returning_without_a_reason_explains_and_saves_nothing(
    inspector, head_a, assignment_for, unit_a
):
    assignment = assignment_for(unit_a)
    claim = report(head_a, assignment, datetime.date(2026, 6, 20), completion=True)
    response = client_for(inspector).post(
        url("report-review", claim.pk), {"decision": "return", "reason": "  "}, follow=True
    )
    assert "Ghi lý do trả lại để đơn vị biết cần bổ sung gì." in messages_of(response)
    assert ReportReview.objects.count() == 0
    assignment.refresh_from_db()
    assert assignment.state == Assignment.State.REPORTED


def test_returning_with_a_reason_reopens_the_assignment(inspector, head_a, assignment_for, unit_a):
    assignment = assignment_for(unit_a)
    claim = report(head_a, assignment, datetime.date(2026, 6, 20), completion=True)
    response = client_for(inspector).post(
        url("report-review", claim.pk),
        {"decision": "return", "reason": "Thiếu biên bản tự kiểm tra"},
        follow=True,
    )
    assert "Đã trả lại báo cáo của Sở Nội vụ." in messages_of(response)
    assert ReportReview.objects.get().reason == "Thiếu biên bản tự kiểm tra"
    assignment.refresh_from_db()
    assert assignment.state == Assignment.State.RETURNED


def test_a_report_is_reviewed_only_once(inspector, head_a, assignment_for, unit_a):
    claim = report(head_a, assignment_for(unit_a), datetime.date(2026, 3, 1))
    client = client_for(inspector)
    client.post(url("report-review", claim.pk), {"decision": "accept"})
    response = client.post(
        url("report-review", claim.pk), {"decision": "return", "reason": "Sai"}, follow=True
    )
    assert "Báo cáo này đã được xem xét." in messages_of(response)
    assert ReportReview.objects.get().decision == "accept"


def test_decision_returns_to_a_safe_next_page_only(inspector, head_a, assignment_for, unit_a):
    first = report(head_a, assignment_for(unit_a), datetime.date(2026, 3, 1))
    second = report(head_a, assignment_for(unit_a), datetime.date(2026, 3, 2))
    client = client_for(inspector)
    back = client.post(
        url("report-review", first.pk),
        {"decision": "accept", "next": url("review-queue") + "?page=1"},
    )
    assert back.url == url("review-queue") + "?page=1"
    away = client.post(
        url("report-review", second.pk), {"decision": "accept", "next": "https://example.com/"}
    )
    assert away.url == url("review-queue")


# --------------------------------------------------------------------------- extension decisions


def test_approving_an_extension_to_another_date_moves_the_effective_deadline(
    inspector, head_a, assignment_for, unit_a
):
    assignment = assignment_for(unit_a)
    asked = extension(head_a, assignment, datetime.date(2026, 6, 1))
    response = client_for(inspector).post(
        url("extension-decide", asked.pk),
        {"decision": "approve", "deadline": "31/08/2026"},
        follow=True,
    )
    assert "Đã đồng ý gia hạn cho Sở Nội vụ đến 31/08/2026." in messages_of(response)
    assignment.refresh_from_db()
    assert (assignment.original_deadline, assignment.effective_deadline) == (
        datetime.date(2026, 6, 30),
        datetime.date(2026, 8, 31),
    )


def test_approving_without_a_date_grants_the_requested_one(
    inspector, head_a, assignment_for, unit_a
):
    asked = extension(head_a, assignment_for(unit_a), datetime.date(2026, 6, 1))
    client_for(inspector).post(
        url("extension-decide", asked.pk), {"decision": "approve", "deadline": ""}
    )
    asked.refresh_from_db()
    assert (asked.state, asked.decided_deadline) == (
        ExtensionRequest.State.APPROVED,
        datetime.date(2026, 9, 30),
    )


def test_rejecting_needs_a_reason_and_then_keeps_the_deadline(
    inspector, head_a, assignment_for, unit_a
):
    assignment = assignment_for(unit_a)
    asked = extension(head_a, assignment, datetime.date(2026, 6, 1))
    client = client_for(inspector)
    refused = client.post(
        url("extension-decide", asked.pk), {"decision": "reject", "note": ""}, follow=True
    )
    assert "Ghi lý do không đồng ý gia hạn." in messages_of(refused)
    asked.refresh_from_db()
    assert asked.state == ExtensionRequest.State.PENDING
    done = client.post(
        url("extension-decide", asked.pk),
        {"decision": "reject", "note": "Đã quá hạn nhiều lần"},
        follow=True,
    )
    assert "Đã không đồng ý gia hạn cho Sở Nội vụ." in messages_of(done)
    asked.refresh_from_db()
    assignment.refresh_from_db()
    assert (
        asked.state == ExtensionRequest.State.REJECTED
        and assignment.effective_deadline == datetime.date(2026, 6, 30)
    )


@pytest.mark.parametrize(
    "data,message",
    [
        ({"decision": "approve", "deadline": "31/13/2026"}, "tháng phải từ 1 đến 12"),
        ({"decision": "approve", "deadline": "01/06/2026"}, "Hạn mới phải sau hạn hiện tại."),
        ({"decision": "maybe"}, "Chọn đồng ý hoặc không đồng ý."),
    ],
)
def test_bad_extension_decision_explains_and_saves_nothing(
    inspector, head_a, assignment_for, unit_a, data, message
):
    asked = extension(head_a, assignment_for(unit_a), datetime.date(2026, 6, 1))
    response = client_for(inspector).post(url("extension-decide", asked.pk), data, follow=True)
    assert message in " ".join(messages_of(response))
    asked.refresh_from_db()
    assert asked.state == ExtensionRequest.State.PENDING


# --------------------------------------------------------------------------- who may decide


@pytest.mark.parametrize("persona", ["head_a", "focal_a", "outsider", "leader"])
def test_only_the_inspectorate_reaches_the_queue_and_its_decisions(
    request, persona, head_a, assignment_for, unit_a
):
    assignment = assignment_for(unit_a)
    claim = report(head_a, assignment, datetime.date(2026, 6, 20), completion=True)
    asked_for = assignment_for(unit_a)
    asked = extension(head_a, asked_for, datetime.date(2026, 6, 1))
    client = client_for(request.getfixturevalue(persona))
    assert client.get(url("review-queue")).status_code == 404
    assert client.post(url("report-review", claim.pk), {"decision": "accept"}).status_code == 404
    assert (
        client.post(url("extension-decide", asked.pk), {"decision": "approve"}).status_code == 404
    )
    assert ReportReview.objects.count() == 0
    asked.refresh_from_db()
    assert asked.state == ExtensionRequest.State.PENDING


def test_decisions_are_posts_only(inspector, head_a, assignment_for, unit_a):
    claim = report(head_a, assignment_for(unit_a), datetime.date(2026, 3, 1))
    assert client_for(inspector).get(url("report-review", claim.pk)).status_code == 405


def test_decision_without_csrf_token_is_refused(inspector, head_a, assignment_for, unit_a):
    claim = report(head_a, assignment_for(unit_a), datetime.date(2026, 3, 1))
    response = client_for(inspector, enforce_csrf_checks=True).post(
        url("report-review", claim.pk), {"decision": "accept"}
    )
    assert response.status_code == 403
    assert ReportReview.objects.count() == 0
