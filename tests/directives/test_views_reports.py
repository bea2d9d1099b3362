"""Reports and extension requests as a unit submits them: tokens, files, dates, CSRF."""

import datetime
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.utils import ProgrammingError
from django.urls import NoReverseMatch, reverse

from directives import services
from directives.models import Attachment, ExtensionRequest, ProgressReport
from directives.report_forms import ExtensionRequestForm
from tests.directives.assignment_helpers import assign, client_for, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def files_on_disk(root):
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# --------------------------------------------------------------------------- submitting a report


def report_post(client, assignment, **data):
    payload = {
        "body": "Đã triển khai đến 100% phòng ban",
        "percent": "50",
        "submission_token": str(uuid.uuid4()),
    }
    payload.update(data)
    return client.post(reverse("directives:report-submit", args=[assignment.pk]), payload)


@pytest.mark.django_db(transaction=True)  # files are written once the report is committed
def test_focal_point_submits_a_report_with_two_files(inspector, unit_a, focal_a, media_in_tmp):
    assignment = assign(inspector, unit_a)

    response = report_post(
        client_for(focal_a),
        assignment,
        milestone="Xong bước tự kiểm tra",
        files=[pdf("Báo cáo.pdf"), pdf("Phụ lục số liệu.pdf")],
    )

    assert response.status_code == 302 and response["Location"].endswith(
        f"/nhiem-vu/{assignment.pk}/#bao-cao"
    )
    report = ProgressReport.objects.get(assignment=assignment)
    assert (report.percent, report.milestone, report.submitted_by) == (
        50,
        "Xong bước tự kiểm tra",
        focal_a,
    )
    assert sorted(report.attachments.values_list("original_name", flat=True)) == [
        "Báo cáo.pdf",
        "Phụ lục số liệu.pdf",
    ]
    assert len(files_on_disk(media_in_tmp)) == 2
    assignment.refresh_from_db()
    assert (assignment.state, assignment.progress_percent) == ("in_progress", 50)


def test_a_double_click_posts_the_same_token_and_creates_one_report(inspector, unit_a, focal_a):
    assignment = assign(inspector, unit_a)
    client = client_for(focal_a)
    token = str(uuid.uuid4())

    first = report_post(client, assignment, submission_token=token, claims_completion="on")
    second = report_post(client, assignment, submission_token=token, claims_completion="on")

    assert first.status_code == second.status_code == 302
    assert ProgressReport.objects.filter(assignment=assignment).count() == 1


def test_a_completion_claim_puts_the_assignment_awaiting_review(inspector, unit_a, focal_a):
    assignment = assign(inspector, unit_a)

    report_post(client_for(focal_a), assignment, claims_completion="on", percent="")

    assignment.refresh_from_db()
    assert (assignment.state, assignment.progress_percent) == ("reported", 100)


def test_the_report_form_draws_a_fresh_token_each_time(inspector, unit_a, focal_a):
    assignment = assign(inspector, unit_a)
    client = client_for(focal_a)
    url = reverse("directives:report-submit", args=[assignment.pk])

    tokens = {client.get(url).context["form"]["submission_token"].value() for _ in range(2)}

    assert len(tokens) == 2


@pytest.mark.parametrize(
    "upload,message",
    [
        ("text-named-pdf", "không phải tệp .pdf như tên tệp ghi"),
        ("too-large", "vượt giới hạn 1 MB"),
    ],
)
def test_a_bad_file_is_refused_and_nothing_is_saved(
    upload, message, settings, inspector, unit_a, focal_a, media_in_tmp
):
    settings.PCTS_ATTACHMENT_MAX_MB = 1
    assignment = assign(inspector, unit_a)
    if upload == "too-large":
        bad = pdf("Báo cáo.pdf", size=1_500_000)
    else:
        bad = SimpleUploadedFile(
            "Báo cáo.pdf", "Đây là văn bản thuần".encode(), content_type="application/pdf"
        )

    response = report_post(client_for(focal_a), assignment, files=[pdf("Tệp hợp lệ.pdf"), bad])

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ProgressReport.objects.filter(assignment=assignment).exists()
    assert not Attachment.objects.exists()
    assert files_on_disk(media_in_tmp) == []


def test_a_report_without_text_is_refused(inspector, unit_a, focal_a, media_in_tmp):
    assignment = assign(inspector, unit_a)

    response = report_post(client_for(focal_a), assignment, body="   ", files=[pdf()])

    assert "Nhập nội dung báo cáo." in response.content.decode()
    assert not ProgressReport.objects.exists() and files_on_disk(media_in_tmp) == []


def test_a_percent_over_one_hundred_is_refused_on_its_field(inspector, unit_a, focal_a):
    assignment = assign(inspector, unit_a)

    response = report_post(client_for(focal_a), assignment, percent="120")

    assert response.context["form"].errors["percent"] == ["Tiến độ phải từ 0 đến 100%."]
    assert not ProgressReport.objects.exists()


def test_a_second_completion_claim_while_one_awaits_review_is_refused(inspector, unit_a, focal_a):
    assignment = assign(inspector, unit_a)
    client = client_for(focal_a)
    report_post(client, assignment, claims_completion="on")

    response = report_post(client, assignment, claims_completion="on")

    assert "Đã có báo cáo hoàn thành đang chờ Thanh tra xem xét." in response.content.decode()
    assert ProgressReport.objects.count() == 1


def test_a_closed_assignment_takes_no_more_reports(inspector, unit_a, focal_a):
    assignment = assign(inspector, unit_a)
    services.assignment_cancel(actor=inspector, assignment=assignment, reason="Giao nhầm")

    response = report_post(client_for(focal_a), assignment)

    assert response.status_code == 302
    assert not ProgressReport.objects.exists()


def test_people_who_see_but_do_not_belong_to_the_unit_are_sent_back_without_reporting(
    inspector, make_user, city, unit_a
):
    chairman = make_user("chutich", unit=city, role="head")
    assignment = assign(inspector, unit_a)

    for user in (chairman, inspector):
        client = client_for(user)
        response = report_post(client, assignment)
        assert response.status_code == 302 and response["Location"] == assignment.get_absolute_url()
        assert (
            "Chỉ cán bộ của Sở Nội vụ mới gửi báo cáo"
            in client.get(response["Location"]).content.decode()
        )
    assert not ProgressReport.objects.exists()


def test_a_submitted_report_has_no_edit_url_and_the_database_refuses_an_update(
    inspector, unit_a, focal_a
):
    assignment = assign(inspector, unit_a)
    report = services.report_submit(
        actor=focal_a, assignment=assignment, body="Nội dung gốc", percent=30
    )

    with pytest.raises(NoReverseMatch):
        reverse("directives:report-edit", args=[report.pk])
    assert (
        client_for(focal_a).post(f"/bao-cao/{report.pk}/sua/", {"body": "Sửa"}).status_code == 404
    )
    with (
        pytest.raises(ProgrammingError, match="Cannot update or delete rows"),
        transaction.atomic(),
    ):
        ProgressReport.objects.filter(pk=report.pk).update(body="Nội dung đã sửa", percent=90)

    report.refresh_from_db()
    assert (report.body, report.percent) == ("Nội dung gốc", 30)


# --------------------------------------------------------------------------- extension requests


def extension_post(client, assignment, **data):
    payload = {"requested_deadline": "25/03/2026", "reason": "Chờ kết luận thanh tra"}
    payload.update(data)
    return client.post(reverse("directives:extension-request", args=[assignment.pk]), payload)


def test_an_extension_request_reads_the_day_before_the_month(inspector, unit_a, focal_a):
    assignment = assign(inspector, unit_a, deadline="chậm nhất ngày 15/03/2026")

    response = extension_post(client_for(focal_a), assignment)

    assert response.status_code == 302
    request = ExtensionRequest.objects.get(assignment=assignment)
    assert (request.requested_deadline, request.current_deadline) == (
        datetime.date(2026, 3, 25),
        datetime.date(2026, 3, 15),
    )
    assert request.requested_by == focal_a


@pytest.mark.parametrize(
    "typed,message",
    [
        ("31/02/2026", "tháng 2 năm 2026 chỉ có 28 ngày"),
        ("2026/25/03", "dd/mm/yyyy"),
        ("", "Nhập ngày đề nghị gia hạn"),
        ("10/03/2026", "Hạn đề nghị phải sau hạn hiện tại (15/03/2026)."),
    ],
)
def test_a_bad_requested_date_is_explained_on_its_field(typed, message, inspector, unit_a, focal_a):
    assignment = assign(inspector, unit_a, deadline="chậm nhất ngày 15/03/2026")

    response = extension_post(client_for(focal_a), assignment, requested_deadline=typed)

    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors["requested_deadline"])
    assert not ExtensionRequest.objects.exists()


def test_the_extension_form_shows_a_date_day_first():
    form = ExtensionRequestForm(initial={"requested_deadline": datetime.date(2026, 3, 1)})

    assert 'value="01/03/2026"' in str(form["requested_deadline"])


def test_an_extension_request_needs_a_reason(inspector, unit_a, focal_a):
    assignment = assign(inspector, unit_a)

    response = extension_post(
        client_for(focal_a), assignment, requested_deadline="31/01/2027", reason=" "
    )

    assert response.context["form"].errors["reason"]
    assert not ExtensionRequest.objects.exists()


# --------------------------------------------------------------------------- CSRF


@pytest.mark.parametrize("url_name", ["report-submit", "extension-request"])
def test_a_post_without_csrf_token_is_refused(url_name, inspector, unit_a, focal_a):
    assignment = assign(inspector, unit_a)
    client = client_for(focal_a, enforce_csrf_checks=True)

    response = client.post(
        reverse(f"directives:{url_name}", args=[assignment.pk]),
        {
            "body": "Báo cáo",
            "submission_token": str(uuid.uuid4()),
            "requested_deadline": "31/01/2027",
            "reason": "Lý do",
        },
    )

    assert response.status_code == 403
    assert not ProgressReport.objects.exists() and not ExtensionRequest.objects.exists()
