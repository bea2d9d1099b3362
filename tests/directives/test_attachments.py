"""Attachment downloads: only through visible_attachments(user), streamed, never inline, no public URL."""

import datetime

import pytest
from django.http import FileResponse
from django.urls import reverse

from directives import services
from tests.directives.assignment_helpers import PDF_BYTES, assign, client_for, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def report_file(inspector, unit_a, focal_a, django_capture_on_commit_callbacks):
    assignment = assign(inspector, unit_a)
    with django_capture_on_commit_callbacks(execute=True):  # files are written after commit
        report = services.report_submit(
            actor=focal_a,
            assignment=assignment,
            body="Kèm biên bản",
            percent=20,
            files=[pdf("Biên bản tự kiểm tra Đợt 1.pdf")],
        )
    return report.attachments.get()


def download(user, attachment):
    return client_for(user).get(reverse("directives:attachment-download", args=[attachment.pk]))


def test_the_units_people_download_a_report_file_under_its_vietnamese_name(
    report_file, focal_a, head_a
):
    for user in (focal_a, head_a):
        response = download(user, report_file)

        assert response.status_code == 200
        assert isinstance(response, FileResponse) and response.streaming
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == (
            "attachment; filename*=utf-8''Bi%C3%AAn%20b%E1%BA%A3n%20t%E1%BB%B1%20ki%E1%BB%83m%20tra%20%C4%90%E1%BB%A3t%201.pdf"
        )
        assert response["X-Content-Type-Options"] == "nosniff"


def test_the_inspectorate_and_leaders_download_any_report_file(report_file, inspector, leader):
    assert download(inspector, report_file).status_code == 200
    assert download(leader, report_file).status_code == 200


def test_other_units_and_outsiders_get_404_for_a_report_file(report_file, head_b, outsider):
    assert download(head_b, report_file).status_code == 404
    assert download(outsider, report_file).status_code == 404


def test_an_unknown_attachment_id_answers_404(report_file, focal_a):
    response = client_for(focal_a).get(
        reverse("directives:attachment-download", args=[report_file.pk + 1000])
    )

    assert response.status_code == 404


def test_a_directive_file_is_open_to_the_assigned_units_only(
    inspector, unit_a, focal_a, head_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        directive = services.directive_create(
            actor=inspector,
            raw_symbol="77/KH-UBND",
            issued_on=datetime.date(2026, 1, 5),
            summary="Kế hoạch kiểm tra",
            files=[pdf("Kế hoạch 77.pdf")],
        )
    assign(inspector, unit_a, directive=directive)
    attachment = directive.attachments.get()

    assert download(focal_a, attachment).status_code == 200
    assert download(head_b, attachment).status_code == 404


def test_files_are_stored_under_random_names_and_have_no_public_url(
    report_file, focal_a, media_in_tmp
):
    stored = media_in_tmp / report_file.file.name

    assert stored.read_bytes() == PDF_BYTES
    assert "Biên bản" not in report_file.file.name
    assert client_for(focal_a).get("/media/" + report_file.file.name).status_code == 404
    assert client_for(focal_a).get(report_file.file.url).status_code == 404


def test_a_file_missing_on_disk_answers_404_not_a_server_error(report_file, focal_a, media_in_tmp):
    (media_in_tmp / report_file.file.name).unlink()

    assert download(focal_a, report_file).status_code == 404


def test_download_is_get_only_and_a_foreign_file_is_404_whatever_the_method(
    report_file, focal_a, head_b
):
    url = reverse("directives:attachment-download", args=[report_file.pk])

    assert client_for(focal_a).post(url).status_code == 405
    assert client_for(head_b).post(url).status_code == 404
