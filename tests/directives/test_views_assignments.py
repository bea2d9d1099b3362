"""The assignment page: what, who, deadlines, reports and extensions; 404 for others; cancelling."""

import datetime
import uuid

import pytest
from django.urls import reverse

from directives import services
from directives.models import ExtensionRequest, ProgressReport
from tests.directives.assignment_helpers import assign, client_for, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# --------------------------------------------------------------------------- assignment page


def test_assignment_page_shows_directive_task_unit_role_deadlines_state_and_progress(
    on_21_november_2026, inspector, unit_a, focal_a
):
    assignment = assign(
        inspector,
        unit_a,
        deadline="chậm nhất ngày 15/12/2026",
        title="Công khai kết quả tự kiểm tra",
    )
    services.report_submit(
        actor=focal_a, assignment=assignment, body="Đã công khai tại trụ sở", percent=60
    )

    html = client_for(focal_a).get(assignment.get_absolute_url()).content.decode()

    for text in (
        assignment.task.directive.symbol,
        "Công khai kết quả tự kiểm tra",
        "Sở Nội vụ",
        "Chủ trì",
        "15/12/2026",
        "“chậm nhất ngày 15/12/2026”",
        "Đang thực hiện",
        "t-in_progress",
        "60%",
        "còn 24 ngày",
    ):
        assert text in html, text


def test_assignment_page_lists_other_units_on_the_task_only_when_visible(
    inspector, unit_a, unit_b, head_a, head_b
):
    lead = assign(inspector, unit_a, coordinating=[unit_b])
    coordinating = lead.task.assignments.get(unit=unit_b)

    lead_view = client_for(head_a).get(lead.get_absolute_url()).content.decode()
    coordinating_view = client_for(head_b).get(coordinating.get_absolute_url()).content.decode()

    assert "Các đơn vị khác cùng thực hiện" in lead_view and "Sở Tài chính" in lead_view
    assert "Các đơn vị khác cùng thực hiện" not in coordinating_view
    # A coordinating unit is told which unit leads (issue 15), but never sees the lead's part.
    assert coordinating_view.count("Sở Nội vụ") == 1
    assert 'lead-unit">Sở Nội vụ</dd>' in coordinating_view
    assert lead.get_absolute_url() not in coordinating_view


def test_assignment_page_shows_reports_with_files_and_review_outcome(inspector, unit_a, focal_a):
    assignment = assign(inspector, unit_a)
    report = services.report_submit(
        actor=focal_a,
        assignment=assignment,
        body="Đã hoàn thành tự kiểm tra",
        claims_completion=True,
        files=[pdf("Biên bản tự kiểm tra.pdf")],
    )
    services.report_review(
        actor=inspector, report=report, decision="return", reason="Bổ sung danh sách người kê khai"
    )

    html = client_for(focal_a).get(assignment.get_absolute_url()).content.decode()

    attachment = report.attachments.get()
    assert "Đã hoàn thành tự kiểm tra" in html
    assert "Biên bản tự kiểm tra.pdf" in html
    assert reverse("directives:attachment-download", args=[attachment.pk]) in html
    assert "Bị trả lại" in html and "Bổ sung danh sách người kê khai" in html


def test_assignment_page_shows_extension_requests_and_decisions(inspector, unit_a, focal_a):
    assignment = assign(inspector, unit_a, deadline="31/12/2026")
    request = services.extension_request(
        actor=focal_a,
        assignment=assignment,
        requested_deadline=datetime.date(2027, 3, 31),
        reason="Chờ thanh tra chuyên ngành",
    )
    services.extension_decide(
        actor=inspector, request=request, approve=False, note="Đề nghị hoàn thành đúng hạn"
    )

    html = client_for(focal_a).get(assignment.get_absolute_url()).content.decode()

    assert "từ 31/12/2026 đến 31/03/2027" in html
    assert "Không đồng ý" in html and "Đề nghị hoàn thành đúng hạn" in html


def test_assignment_page_offers_forms_to_the_units_people_only(
    inspector, make_user, city, unit_a, focal_a
):
    chairman = make_user("chutich", unit=city, role="head")
    assignment = assign(inspector, unit_a)
    submit_url = reverse("directives:report-submit", args=[assignment.pk])

    assert submit_url in client_for(focal_a).get(assignment.get_absolute_url()).content.decode()
    for onlooker in (inspector, chairman):
        html = client_for(onlooker).get(assignment.get_absolute_url()).content.decode()
        assert submit_url not in html
        assert reverse("directives:extension-request", args=[assignment.pk]) not in html


def test_assignment_page_offers_no_extension_form_while_a_request_is_pending(
    inspector, unit_a, focal_a
):
    assignment = assign(inspector, unit_a)
    services.extension_request(
        actor=focal_a,
        assignment=assignment,
        requested_deadline=datetime.date(2027, 1, 31),
        reason="Thiếu nhân lực",
    )

    html = client_for(focal_a).get(assignment.get_absolute_url()).content.decode()

    assert reverse("directives:extension-request", args=[assignment.pk]) not in html
    assert "Chờ quyết định" in html


# --------------------------------------------------------------------------- visibility and CSRF


@pytest.mark.parametrize(
    "url_name,method",
    [
        ("assignment-detail", "get"),
        ("assignment-detail", "post"),
        ("report-submit", "get"),
        ("report-submit", "post"),
        ("extension-request", "get"),
        ("extension-request", "post"),
    ],
)
def test_other_units_assignments_answer_404_on_every_url(
    url_name, method, inspector, unit_a, head_b, outsider
):
    assignment = assign(inspector, unit_a)
    url = reverse(f"directives:{url_name}", args=[assignment.pk])
    data = {
        "body": "x",
        "submission_token": str(uuid.uuid4()),
        "requested_deadline": "31/01/2027",
        "reason": "x",
    }

    for stranger in (head_b, outsider):
        response = getattr(client_for(stranger), method)(url, data if method == "post" else None)
        assert response.status_code == 404, stranger
    assert not ProgressReport.objects.exists() and not ExtensionRequest.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login_page(inspector, unit_a):
    assignment = assign(inspector, unit_a)

    response = client_for(None).get(assignment.get_absolute_url())

    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


# --------------------------------------------------------------------------- cancelling an assignment


def test_the_inspectorate_cancels_an_assignment_with_a_reason_the_page_and_timeline_tell(
    on_21_november_2026, inspector, unit_a, head_a
):
    assignment = assign(inspector, unit_a, title="Việc giao nhầm")
    url = reverse("directives:assignment-cancel", args=[assignment.pk])
    page = client_for(inspector).get(assignment.get_absolute_url()).content.decode()
    assert url in page  # the form is offered to the inspectorate

    response = client_for(inspector).post(
        url, {"reason": "Giao nhầm đơn vị, đúng ra là Sở Tài chính"}, follow=True
    )

    assignment.refresh_from_db()
    assert (assignment.state, assignment.cancelled_by, assignment.cancel_reason) == (
        "cancelled",
        inspector,
        "Giao nhầm đơn vị, đúng ra là Sở Tài chính",
    )
    html = response.content.decode()
    assert f"Đã hủy giao nhiệm vụ cho {unit_a}." in html
    assert "Hủy giao nhiệm vụ. Lý do: Giao nhầm đơn vị, đúng ra là Sở Tài chính" in html
    assert url not in html  # nothing left to cancel
    head_page = client_for(head_a).get(assignment.get_absolute_url()).content.decode()
    assert "Lý do: Giao nhầm đơn vị" in head_page and url not in head_page


def test_a_cancel_without_a_reason_is_refused_in_vietnamese_and_changes_nothing(
    on_21_november_2026, inspector, unit_a
):
    assignment = assign(inspector, unit_a)

    response = client_for(inspector).post(
        reverse("directives:assignment-cancel", args=[assignment.pk]),
        {"reason": "   "},
        follow=True,
    )

    assert "Ghi lý do hủy giao nhiệm vụ." in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.state == "assigned" and assignment.cancelled_at is None


def test_completed_work_cannot_be_cancelled(on_21_november_2026, inspector, unit_a, head_a):
    assignment = assign(inspector, unit_a)
    report = services.report_submit(
        actor=head_a, assignment=assignment, body="Đã xong", claims_completion=True
    )
    services.report_review(actor=inspector, report=report, decision="accept")

    response = client_for(inspector).post(
        reverse("directives:assignment-cancel", args=[assignment.pk]),
        {"reason": "Nhầm"},
        follow=True,
    )

    assert "Nhiệm vụ đã hoàn thành, không thể hủy." in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.state == "completed" and assignment.cancel_reason == ""


@pytest.mark.parametrize("who", ["head_a", "focal_a", "head_b"])
def test_units_cannot_cancel_assignments(on_21_november_2026, request, inspector, unit_a, who):
    assignment = assign(inspector, unit_a)

    response = client_for(request.getfixturevalue(who)).post(
        reverse("directives:assignment-cancel", args=[assignment.pk]), {"reason": "Không muốn làm"}
    )

    assert response.status_code == 404
    assignment.refresh_from_db()
    assert assignment.state == "assigned"


def test_cancelling_needs_the_csrf_token(on_21_november_2026, inspector, unit_a):
    assignment = assign(inspector, unit_a)
    client = client_for(inspector)
    client.handler.enforce_csrf_checks = True

    response = client.post(
        reverse("directives:assignment-cancel", args=[assignment.pk]), {"reason": "Nhầm"}
    )

    assert response.status_code == 403
    assignment.refresh_from_db()
    assert assignment.state == "assigned"
