"""The officer makes each document from the directive page or the dashboard; it is kept with who and when."""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse

from audit.models import SecurityEvent
from directives import services
from documents.models import GeneratedDocument
from tests.documents.helpers import docx_text, open_docx, pdf_pages

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def post(client, user, url, data, capture):
    client.force_login(user)
    with capture(execute=True):
        return client.post(url, data)


def test_the_directive_page_offers_the_three_documents_to_the_inspectorate(
    client, world, inspector
):
    client.force_login(inspector)
    page = client.get(world.directive.get_absolute_url()).content.decode()
    for name in ("urge-letter", "periodic-report"):
        assert reverse(f"documents:{name}", args=[world.directive.pk]) in page
    assert reverse("documents:briefing-list") + f"?directive={world.directive.pk}" in page
    dashboard = client.get(reverse("directives:dashboard")).content.decode()
    assert 'id="briefing-list-link"' in dashboard


def test_a_urge_letter_is_downloaded_and_kept_on_the_directive_with_who_and_when(
    client, world, inspector, django_capture_on_commit_callbacks
):
    url = reverse("documents:urge-letter", args=[world.directive.pk])
    response = post(
        client,
        inspector,
        url,
        {"fmt": "docx", "signing": "auto"},
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="cong-van-don-doc-160-kh-tu-2026-03-20.docx"'
    )
    assert "Kính gửi:" in docx_text(open_docx(response.content))
    (row,) = GeneratedDocument.objects.all()
    assert (row.directive, row.generated_by, row.kind, row.format) == (
        world.directive,
        inspector,
        "urge_letter",
        "docx",
    )
    assert row.generated_at.date() == datetime.date(2026, 3, 20)
    with row.file.open("rb") as stored:
        assert stored.read() == response.content
    page = client.get(world.directive.get_absolute_url()).content.decode()
    assert reverse("documents:download", args=[row.pk]) in page
    download = client.get(reverse("documents:download", args=[row.pk]))
    assert b"".join(download.streaming_content) == response.content
    assert SecurityEvent.objects.filter(kind="export", detail__document="urge_letter").exists()


def test_one_letter_per_unit_comes_as_a_zip_and_each_is_kept(
    client, world, inspector, django_capture_on_commit_callbacks
):
    url = reverse("documents:urge-letter", args=[world.directive.pk])
    data = {
        "fmt": "pdf",
        "signing": "deputy",
        "per_unit": "on",
        "units": [world.unit_a.pk, world.unit_c.pk],
    }
    response = post(client, inspector, url, data, django_capture_on_commit_callbacks)
    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert names == [
        "cong-van-don-doc-160-kh-tu-so-noi-vu-2026-03-20.pdf",
        "cong-van-don-doc-160-kh-tu-uy-ban-nhan-dan-phuong-o-cho-dua-2026-03-20.pdf",
    ]
    assert GeneratedDocument.objects.filter(format="pdf").count() == 2


def test_the_periodic_report_and_briefing_list_are_made_from_their_forms(
    client, world, inspector, django_capture_on_commit_callbacks
):
    report = post(
        client,
        inspector,
        reverse("documents:periodic-report", args=[world.directive.pk]),
        {
            "fmt": "pdf",
            "signing": "head",
            "period": "quarter",
            "year": 2026,
            "number": 1,
            "role": "lead",
        },
        django_capture_on_commit_callbacks,
    )
    assert report["Content-Disposition"].endswith('bao-cao-160-kh-tu-quy-i-2026-2026-03-20.pdf"')
    assert len(pdf_pages(report.content, scale=0.2)) == 2
    briefing = post(
        client,
        inspector,
        reverse("documents:briefing-list"),
        {"fmt": "docx", "signing": "auto", "min_urges": 3},
        django_capture_on_commit_callbacks,
    )
    assert briefing["Content-Disposition"].endswith('danh-sach-giao-ban-2026-03-20.docx"')
    assert GeneratedDocument.objects.filter(kind="briefing_list", directive=None).count() == 1


def test_a_bad_period_is_told_on_the_form_and_nothing_is_kept(
    client, world, inspector, django_capture_on_commit_callbacks
):
    response = post(
        client,
        inspector,
        reverse("documents:periodic-report", args=[world.directive.pk]),
        {
            "fmt": "docx",
            "signing": "auto",
            "period": "quarter",
            "year": 2026,
            "number": 7,
            "role": "lead",
        },
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 200
    assert "Chọn số thứ tự của kỳ từ 1 đến 4." in response.content.decode()
    assert not GeneratedDocument.objects.exists()


def test_a_classified_directives_document_is_handed_over_and_never_stored(
    client, inspector, unit_a, world, django_capture_on_commit_callbacks
):
    import time_machine

    with time_machine.travel(datetime.datetime(2025, 10, 1, 9, 0), tick=False):
        secret = services.directive_create(
            actor=inspector,
            raw_symbol="05-KH/TU",
            issued_on=datetime.date(2025, 9, 1),
            summary="",
            is_classified=True,
        )
        services.task_create(
            actor=inspector,
            directive=secret,
            title="Nhiệm vụ 1",
            lead_unit=unit_a,
            deadline_text="31/12/2025",
        )
    response = post(
        client,
        inspector,
        reverse("documents:urge-letter", args=[secret.pk]),
        {"fmt": "docx", "signing": "auto"},
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 200
    text = docx_text(open_docx(response.content))
    assert "Nhiệm vụ 1" in text and "05-KH/TU" in text
    assert not GeneratedDocument.objects.exists()
    page = client.get(secret.get_absolute_url()).content.decode()
    assert "văn bản tạo ra không được lưu trên hệ thống" in page


@pytest.mark.parametrize("persona", ["head_a", "leader", "outsider"])
def test_everyone_but_the_inspectorate_gets_404(
    client, world, request, persona, inspector, django_capture_on_commit_callbacks
):
    post(
        client,
        inspector,
        reverse("documents:urge-letter", args=[world.directive.pk]),
        {"fmt": "docx", "signing": "auto"},
        django_capture_on_commit_callbacks,
    )
    row = GeneratedDocument.objects.get()
    user = world.head_a if persona == "head_a" else request.getfixturevalue(persona)
    client.force_login(user)
    urls = [
        reverse("documents:urge-letter", args=[world.directive.pk]),
        reverse("documents:periodic-report", args=[world.directive.pk]),
        reverse("documents:briefing-list"),
        reverse("documents:download", args=[row.pk]),
        reverse("documents:default-template", args=["urge_letter"]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"fmt": "docx", "signing": "auto"}).status_code == 404, url
    assert GeneratedDocument.objects.count() == 1
