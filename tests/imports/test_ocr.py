"""OCR of scans: a generated scanned page of Vietnamese text is read by Tesseract and its symbol found."""

import io

import pytest
from PIL import Image, ImageDraw, ImageFont

from directives.exports import FONT_DIR
from directives.intake import extract_directive
from imports import intake
from imports.document_text import document_text
from imports.models import IntakeDraft
from tests.directives.directive_helpers import client_for
from tests.imports.helpers import upload

SCAN_LINES = [
    "ỦY BAN NHÂN DÂN",
    "THÀNH PHỐ HÀ NỘI",
    "Số: 5046/UBND-TTTP",
    "Hà Nội, ngày 18 tháng 9 năm 2023",
    "V/v triển khai thực hiện Kế hoạch số 160-KH/TU",
    "của Ban Thường vụ Thành ủy",
    "1. Giao Thanh tra Thành phố chủ trì, phối hợp với Sở Nội vụ",
    "tổng hợp, báo cáo trong 05 ngày làm việc kể từ ngày ký.",
]


def scanned_page(lines=SCAN_LINES) -> Image.Image:
    """Draw the lines on a white A4 page at 200 dpi in Liberation Serif 12 pt, as a scanner gives it."""
    page = Image.new("L", (1654, 2339), 255)
    font = ImageFont.truetype(str(FONT_DIR / "LiberationSerif-Regular.ttf"), 34)
    draw = ImageDraw.Draw(page)
    for n, line in enumerate(lines):
        draw.text((150, 200 + 60 * n), line, font=font, fill=0)
    return page


def as_bytes(image: Image.Image, fmt: str) -> bytes:
    handle = io.BytesIO()
    image.save(handle, format=fmt, resolution=200)
    return handle.getvalue()


def test_a_scanned_pdf_page_is_read_and_its_symbol_found():
    found = document_text("scan.pdf", as_bytes(scanned_page(), "PDF"))
    assert found.method == "ocr" and found.pages == 1
    draft = extract_directive(found.text)
    assert draft.symbol == "5046/UBND-TTTP"
    assert "160-KH/TU" in [r.symbol for r in draft.references]


@pytest.mark.django_db
def test_a_photographed_page_opens_the_pre_filled_form(inspector, inspectorate_unit, unit_a):
    client = client_for(inspector)
    client.post("/tiep-nhan-van-ban/", {"file": upload(as_bytes(scanned_page(), "PNG"), "anh.png")})
    draft = IntakeDraft.objects.get()
    assert draft.method == "ocr"
    page = client.get(draft.get_absolute_url())
    assert page.context["form"]["raw_symbol"].value() == "5046/UBND-TTTP"


def test_the_time_limit_keeps_what_was_read_and_says_so(settings):
    settings.PCTS_OCR_TIME_LIMIT = 0
    found = document_text("scan.pdf", as_bytes(scanned_page(), "PDF"))
    assert found.text == ""
    assert found.notes[0].startswith("Hết thời gian đọc bản scan (0 giây): đã đọc 0/1 trang")


def test_only_the_first_pages_of_a_long_scan_are_read(settings):
    settings.PCTS_OCR_MAX_PAGES = 1
    blank = Image.new("L", (400, 400), 255)
    pages = [scanned_page(), blank, blank]
    handle = io.BytesIO()
    pages[0].save(handle, format="PDF", save_all=True, append_images=pages[1:], resolution=200)
    found = document_text("scan.pdf", handle.getvalue())
    assert "5046/UBND-TTTP" in found.text
    assert found.notes == ["Bản scan có 3 trang: chỉ đọc 1 trang đầu; kiểm tra phần còn lại."]


def two_page_scan(lines=SCAN_LINES) -> bytes:
    handle = io.BytesIO()
    first = scanned_page(lines)
    first.save(
        handle, format="PDF", save_all=True, append_images=[scanned_page(lines)], resolution=200
    )
    return handle.getvalue()


@pytest.mark.django_db
def test_a_long_scan_is_read_by_a_job_while_the_page_shows_its_progress(
    inspector, inspectorate_unit, unit_a, settings
):
    settings.PCTS_OCR_INLINE_PAGES = 1
    client = client_for(inspector)
    client.post("/tiep-nhan-van-ban/", {"file": upload(two_page_scan(), "scan.pdf")})
    draft = IntakeDraft.objects.get()
    assert (draft.state, draft.text) == ("reading", "")
    page = client.get(draft.get_absolute_url()).content.decode()
    assert 'id="progress-bar"' in page and 'max="2"' in page
    assert client.get(f"/tiep-nhan-van-ban/{draft.pk}/tien-do/").json() == {
        "done": 0,
        "total": 2,
        "busy": True,
    }

    intake.intake_ocr(draft.pk)  # what the Celery job runs

    draft.refresh_from_db()
    assert draft.state == "ready" and "5046/UBND-TTTP" in draft.text
    assert client.get(f"/tiep-nhan-van-ban/{draft.pk}/tien-do/").json()["busy"] is False
    form = client.get(draft.get_absolute_url()).context["form"]
    assert form["raw_symbol"].value() == "5046/UBND-TTTP"


@pytest.mark.django_db
def test_a_long_classified_scan_loses_its_file_once_read(inspector, settings):
    settings.PCTS_OCR_INLINE_PAGES = 1
    client = client_for(inspector)
    client.post(
        "/tiep-nhan-van-ban/", {"file": upload(two_page_scan(["MẬT", *SCAN_LINES]), "m.pdf")}
    )
    draft = IntakeDraft.objects.get()
    stored = draft.file.name
    intake.intake_ocr(draft.pk)
    draft.refresh_from_db()
    assert (draft.is_classified, draft.text, draft.file.name) == (True, "", "")
    assert not draft.file.storage.exists(stored)
    assert draft.header["symbol"] == "5046/UBND-TTTP"
