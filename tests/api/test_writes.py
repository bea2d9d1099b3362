"""Writes through the API go through the web's services: scoped, audited with the token's name."""

import datetime

import pytest

from api.models import ApiToken
from audit.models import AuditEvent
from directives.models import (
    Assignment,
    Directive,
    Event,
    ExtensionRequest,
    ProgressReport,
)
from tests.api.conftest import pdf

pytestmark = pytest.mark.django_db


def test_staff_register_a_directive_and_a_duplicate_answers_409(api, inspector):
    client = api(inspector)
    body = {"raw_symbol": "31/KH-UBND", "issued_on": "2026-01-05", "summary": "Kế hoạch PCTN"}
    response = client.post("/api/v1/directives/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["symbol"] == "31/KH-UBND"
    again = client.post("/api/v1/directives/", body, format="json")
    assert again.status_code == 409
    assert again.json()["existing"] == response.json()["id"]


def test_a_unit_may_not_register_a_directive(api, head_a):
    body = {"raw_symbol": "31/KH-UBND", "issued_on": "2026-01-05", "summary": "Kế hoạch PCTN"}
    assert api(head_a).post("/api/v1/directives/", body, format="json").status_code == 403
    assert not Directive.objects.exists()


def test_a_unit_submits_a_report_with_files(api, two_units, head_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    part = two_units["a"]["assignment"]
    response = api(head_a).post(
        f"/api/v1/assignments/{part.pk}/reports/",
        {
            "body": "Đã hoàn thành tuyên truyền",
            "percent": 60,
            "files": [pdf("a.pdf"), pdf("b.pdf")],
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    names = sorted(f["original_name"] for f in response.json()["attachments"])
    assert names == ["a.pdf", "b.pdf"]
    part.refresh_from_db()
    assert part.progress_percent == 60
    assert Event.objects.filter(kind=Event.Kind.REPORT_SUBMITTED, assignment=part).count() == 2


def test_a_refused_upload_says_why(api, two_units, head_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    exe = SimpleUploadedFile("x.exe", b"MZ\x90\x00binary", content_type="application/octet-stream")
    part = two_units["a"]["assignment"]
    response = api(head_a).post(
        f"/api/v1/assignments/{part.pk}/reports/",
        {"body": "Báo cáo kèm tệp lạ", "files": [exe]},
        format="multipart",
    )
    assert response.status_code == 400
    assert ProgressReport.objects.filter(assignment=part).count() == 1


def test_a_report_on_another_units_part_answers_404(api, two_units, head_a):
    part = two_units["b"]["assignment"]
    body = {"body": "Báo cáo hộ"}
    assert api(head_a).post(f"/api/v1/assignments/{part.pk}/reports/", body).status_code == 404
    assert ProgressReport.objects.filter(assignment=part).count() == 1


def test_the_inspectorate_accepts_a_completion_report(api, two_units, head_a, inspector):
    part = two_units["a"]["assignment"]
    report = api(head_a).post(
        f"/api/v1/assignments/{part.pk}/reports/",
        {"body": "Hoàn thành toàn bộ nhiệm vụ", "claims_completion": True},
        format="json",
    )
    assert report.status_code == 201
    pk = report.json()["id"]
    # The unit's own token may not review: the decision answers 404, as the web's page does.
    assert (
        api(head_a).post(f"/api/v1/reports/{pk}/review/", {"decision": "accept"}).status_code == 404
    )
    review = api(inspector).post(f"/api/v1/reports/{pk}/review/", {"decision": "accept"})
    assert review.status_code == 200, review.json()
    assert review.json()["review"]["decision"] == "accept"
    part.refresh_from_db()
    assert part.state == Assignment.State.COMPLETED
    assert part.completed_on == ProgressReport.objects.get(pk=pk).submitted_on


def test_a_return_without_reason_is_refused_with_the_field(api, two_units, inspector):
    report = two_units["a"]["report"]
    response = api(inspector).post(f"/api/v1/reports/{report.pk}/review/", {"decision": "return"})
    assert response.status_code == 400
    assert "reason" in response.json()


def test_an_extension_is_asked_and_decided(api, two_units, head_a, inspector):
    pending = two_units["a"]["extension"]
    decided = api(inspector).post(
        f"/api/v1/extensions/{pending.pk}/decision/",
        {"approve": True, "deadline": "2027-02-28"},
        format="json",
    )
    assert decided.status_code == 200, decided.json()
    assert decided.json()["state"] == "approved"
    part = two_units["a"]["assignment"]
    part.refresh_from_db()
    assert part.effective_deadline == datetime.date(2027, 2, 28)
    asked = api(head_a).post(
        f"/api/v1/assignments/{part.pk}/extensions/",
        {"requested_deadline": "2027-06-30", "reason": "Chờ số liệu của các phường"},
        format="json",
    )
    assert asked.status_code == 201, asked.json()
    assert ExtensionRequest.objects.filter(assignment=part, state="pending").count() == 1


def test_writes_are_audited_with_the_tokens_name(api, two_units, head_a):
    part = two_units["a"]["assignment"]
    response = api(head_a).post(
        f"/api/v1/assignments/{part.pk}/reports/", {"body": "Báo cáo qua API"}, format="json"
    )
    token = ApiToken.objects.get(user=head_a)
    row = AuditEvent.objects.filter(
        table_name="directives_progressreport", row_pk=str(response.json()["id"]), op="I"
    ).get()
    assert row.context["api_token"] == token.name == "Hệ thống thử"
    assert row.context["api_token_id"] == token.pk
    assert row.actor_id == head_a.pk
