"""API fixtures: a token per persona, a client that sends it, and two units' worth of objects."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from api import tokens
from directives import services

PDF = b"%PDF-1.4\n%test\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def pdf(name="bao-cao.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def key_for(db):
    """Return a function making a token for a user and returning its key."""

    def make(user, *, name="Hệ thống thử", days=30):
        _token, key = tokens.token_create(actor=user, user=user, name=name, days=days)
        return key

    return make


@pytest.fixture
def api(key_for):
    """Return a function giving an APIClient authenticated as `user` with a fresh token."""

    def client_for(user):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key_for(user)}")
        return client

    return client_for


def make_part(inspector, unit, head, symbol):
    directive = services.directive_create(
        actor=inspector,
        raw_symbol=symbol,
        issued_on=datetime.date(2026, 1, 5),
        summary=f"Kế hoạch phòng, chống tham nhũng {symbol}",
    )
    task = services.task_create(
        actor=inspector,
        directive=directive,
        title=f"Tuyên truyền {symbol}",
        lead_unit=unit,
        deadline_text="31/12/2026",
    )
    assignment = task.assignments.get()
    report = services.report_submit(
        actor=head,
        assignment=assignment,
        body="Đã tổ chức hội nghị quán triệt",
        percent=10,
        files=[pdf()],
    )
    extension = services.extension_request(
        actor=head,
        assignment=assignment,
        requested_deadline=datetime.date(2027, 3, 31),
        reason="Khối lượng công việc lớn",
    )
    return {
        "directive": directive,
        "task": task,
        "assignment": assignment,
        "report": report,
        "extension": extension,
        "unit": unit,
    }


@pytest.fixture
def two_units(
    inspector,
    unit_a,
    unit_b,
    head_a,
    head_b,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    """Units A and B, each with a directive, task, assignment, report (with a file) and request."""
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        return {
            "a": make_part(inspector, unit_a, head_a, "10/KH-UBND"),
            "b": make_part(inspector, unit_b, head_b, "20/KH-UBND"),
        }
