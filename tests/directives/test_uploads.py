"""The upload policy: kinds that match their names, inspected archives, clean names, quotas, no orphans."""

import datetime
import io
import unicodedata
import uuid
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from directives import services
from directives.models import Attachment, Directive, ProgressReport
from directives.uploads import clean_name, validate_upload
from tests.directives.assignment_helpers import PDF_BYTES, assign, client_for, pdf

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def files_on_disk(root):
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx(extra: dict[str, bytes] | None = None, *, document: bytes = b"<w:document/>") -> bytes:
    return zipped(
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": document, **(extra or {})}
    )


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def refusal(name: str, content: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload(name, content))
    return " ".join(caught.value.messages)


# --------------------------------------------------------------------------- kinds and archives


def test_a_docx_a_zip_of_documents_and_a_png_are_accepted_with_their_own_content_types():
    assert validate_upload(upload("Báo cáo.docx", docx())).content_type.endswith(
        "wordprocessingml.document"
    )
    archive = zipped({"ho-so/bien-ban.pdf": PDF_BYTES, "ho-so/anh.png": PNG_BYTES})
    assert validate_upload(upload("Hồ sơ.zip", archive)).content_type == "application/zip"
    assert validate_upload(upload("Ảnh.PNG", PNG_BYTES)).content_type == "image/png"


def test_a_zip_holding_a_program_is_refused():
    archive = zipped({"bien-ban.pdf": PDF_BYTES, "setup.exe": b"MZ\x90\x00" + b"\x00" * 60})
    assert "“setup.exe” không được nhận" in refusal("Hồ sơ.zip", archive)


def test_a_zip_named_pdf_is_refused_not_served_as_a_pdf():
    message = refusal("tai-lieu.pdf", zipped({"setup.exe": b"MZ"}))
    assert "không phải tệp .pdf như tên tệp ghi" in message


def test_a_pdf_named_docx_and_a_zip_named_docx_are_refused():
    assert "không phải tệp .docx" in refusal("Báo cáo.docx", PDF_BYTES)
    assert "không phải tệp .docx hợp lệ" in refusal("Báo cáo.docx", zipped({"a.pdf": PDF_BYTES}))


def test_a_docx_that_inflates_past_the_limit_is_refused(settings):
    settings.PCTS_ATTACHMENT_MAX_UNPACKED_MB = 2
    bomb = docx(document=b"\x00" * (3 * 1024 * 1024))
    assert len(bomb) < 100_000
    assert "khi giải nén ra 3 MB, vượt giới hạn 2 MB" in refusal("Báo cáo.docx", bomb)


def test_a_docx_bomb_inside_a_zip_counts_towards_the_limit(settings):
    settings.PCTS_ATTACHMENT_MAX_UNPACKED_MB = 2
    bomb = docx(document=b"\x00" * (3 * 1024 * 1024))
    assert "vượt giới hạn 2 MB" in refusal("Hồ sơ.zip", zipped({"Báo cáo.docx": bomb}))


def test_an_office_file_with_macros_a_nested_zip_and_a_climbing_path_are_refused():
    assert "chứa macro" in refusal("Bảng.docx", docx({"word/vbaProject.bin": b"\x00"}))
    assert "tệp nén lồng nhau" in refusal("Hồ sơ.zip", zipped({"trong.zip": zipped({})}))
    assert "đường dẫn không hợp lệ" in refusal("Hồ sơ.zip", zipped({"../../x.pdf": PDF_BYTES}))


def test_a_file_without_extension_or_of_another_kind_is_refused():
    assert "không có phần mở rộng" in refusal("baocao", PDF_BYTES)
    assert "loại .html" in refusal("trang.html", b"<html></html>")


# --------------------------------------------------------------------------- names


def test_direction_and_control_characters_are_stripped_from_names():
    assert clean_name("bao-cao\u202efdp.exe") == "bao-caofdp.exe"
    assert clean_name("Báo\u200b cáo\x00\t.pdf") == "Báo cáo.pdf"
    assert "loại .exe" in refusal("anh-chup\u202egnp.exe", PNG_BYTES)


def test_a_name_typed_on_a_mac_is_kept_in_nfc():
    assert clean_name(unicodedata.normalize("NFD", "Biên bản.pdf")) == "Biên bản.pdf"


def test_a_very_long_name_is_shortened_keeping_its_extension():
    name = clean_name("Báo cáo kết quả tự kiểm tra " * 12 + ".pdf")
    assert name.endswith(".pdf") and len(name.encode()) <= 200
    assert validate_upload(upload("Đ" * 300 + ".pdf", PDF_BYTES)).name.endswith("Đ.pdf")


# --------------------------------------------------------------------------- through the forms


def report_post(client, assignment, files):
    return client.post(
        reverse("directives:report-submit", args=[assignment.pk]),
        {"body": "Kèm hồ sơ", "submission_token": str(uuid.uuid4()), "files": files},
    )


@pytest.mark.django_db
def test_a_report_takes_at_most_the_configured_number_of_files(
    settings, inspector, unit_a, focal_a, media_in_tmp
):
    settings.PCTS_ATTACHMENT_MAX_FILES = 3
    assignment = assign(inspector, unit_a)

    response = report_post(
        client_for(focal_a), assignment, [pdf(f"Phụ lục {n}.pdf") for n in range(4)]
    )

    assert "Mỗi lần gửi tối đa 3 tệp (đã chọn 4 tệp)" in response.content.decode()
    assert not ProgressReport.objects.exists() and files_on_disk(media_in_tmp) == []


@pytest.mark.django_db
def test_a_report_takes_at_most_the_configured_total_size(
    settings, inspector, unit_a, focal_a, media_in_tmp
):
    settings.PCTS_ATTACHMENT_MAX_TOTAL_MB = 1
    assignment = assign(inspector, unit_a)
    files = [pdf("Phần 1.pdf", size=600_000), pdf("Phần 2.pdf", size=600_000)]

    response = report_post(client_for(focal_a), assignment, files)

    assert "vượt giới hạn 1 MB mỗi lần gửi" in response.content.decode()
    assert not ProgressReport.objects.exists()


@pytest.mark.django_db
def test_the_report_form_tells_the_limits(inspector, unit_a, focal_a):
    assignment = assign(inspector, unit_a)
    html = client_for(focal_a).get(reverse("directives:report-submit", args=[assignment.pk]))
    assert "mỗi lần gửi tối đa 10 tệp, tổng 50 MB" in html.content.decode()


@pytest.mark.django_db
def test_the_stored_name_is_the_cleaned_one(inspector, unit_a, focal_a):
    report = services.report_submit(
        actor=focal_a,
        assignment=assign(inspector, unit_a),
        body="Kèm biên bản",
        files=[pdf("Biên bản\u202e.pdf")],
    )
    assert report.attachments.get().original_name == "Biên bản.pdf"


# --------------------------------------------------------------------------- after commit, orphans


@pytest.mark.django_db(transaction=True)
def test_a_refused_registration_leaves_no_file_on_disk(inspector, media_in_tmp):
    with pytest.raises(ValidationError):
        services.directive_register(
            actor=inspector,
            raw_symbol="88/KH-UBND",
            issued_on=datetime.date(2026, 1, 5),
            summary="Kế hoạch kiểm tra",
            files=[pdf("Kế hoạch 88.pdf")],
            # The document cannot cite itself: the link is refused after the file was taken.
            links=[("88/KH-UBND", "implements", datetime.date(2026, 1, 5))],
        )

    assert not Directive.objects.exists() and not Attachment.objects.exists()
    assert files_on_disk(media_in_tmp) == []


@pytest.mark.django_db(transaction=True)
def test_a_registration_writes_its_file_once_committed(inspector, media_in_tmp):
    directive = services.directive_register(
        actor=inspector,
        raw_symbol="89/KH-UBND",
        issued_on=datetime.date(2026, 1, 5),
        summary="Kế hoạch kiểm tra",
        files=[pdf("Kế hoạch 89.pdf")],
    )

    stored = media_in_tmp / directive.attachments.get().file.name
    assert files_on_disk(media_in_tmp) == [stored] and stored.read_bytes() == PDF_BYTES


@pytest.mark.django_db
def test_cleanup_removes_orphans_keeps_attached_files_and_names_missing_ones(
    inspector, unit_a, focal_a, media_in_tmp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_submit(
            actor=focal_a,
            assignment=assign(inspector, unit_a),
            body="Kèm biên bản",
            files=[pdf("Biên bản.pdf"), pdf("Phụ lục.pdf")],
        )
    kept, lost = report.attachments.order_by("pk")
    (media_in_tmp / lost.file.name).unlink()
    orphan = media_in_tmp / "attachments/2025/11/0123456789abcdef"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(PDF_BYTES)

    dry = io.StringIO()
    call_command("cleanup_attachments", "--dry-run", stdout=dry)
    assert "would delete attachments/2025/11/0123456789abcdef" in dry.getvalue()
    assert "1 orphan files; nothing deleted" in dry.getvalue()
    assert orphan.exists()

    out = io.StringIO()
    call_command("cleanup_attachments", stdout=out)
    assert "1 orphan files deleted" in out.getvalue()
    assert f"attachment {lost.pk} (Phụ lục.pdf): file {lost.file.name} is missing" in out.getvalue()
    assert not orphan.exists() and files_on_disk(media_in_tmp) == [media_in_tmp / kept.file.name]
