"""Each document as PDF: rendered to images, counted, its text checked, compared with a golden page.

The golden PNGs (tests/documents/golden/) are the first page of each kind, reviewed by eye
against Decree 30/2020/NĐ-CP; `PCTS_WRITE_GOLDEN=1` rewrites them after a deliberate change.
"""

import datetime
import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from documents import content
from documents.pdf import render_pdf
from tests.documents.conftest import DIACRITICS, TODAY
from tests.documents.helpers import pdf_pages, pdf_text

pytestmark = pytest.mark.django_db
GOLDEN = Path(__file__).parent / "golden"


def built_documents(world, inspector):
    signing = content.signature(content.SigningForm.DEPUTY, TODAY)
    return {
        "urge_letter": content.urge_letters(
            directive=world.directive, actor=inspector, day=TODAY, signing=signing
        )[0],
        "periodic_report": content.periodic_report(
            directive=world.directive,
            actor=inspector,
            signing=signing,
            period="quarter",
            year=2026,
            period_number=1,
            role="all",
        ),
        "briefing_list": content.briefing_list(
            actor=inspector, day=TODAY, signing=signing, min_urges=2
        ),
    }


def matches_golden(name: str, page: Image.Image) -> float:
    """Return how far (mean grey level, 0–255) `page` is from its golden image."""
    page = page.convert("L")
    path = GOLDEN / f"{name}.png"
    if os.environ.get("PCTS_WRITE_GOLDEN"):
        page.save(path, optimize=True)
    golden = Image.open(path).convert("L")
    assert golden.size == page.size
    return ImageStat.Stat(ImageChops.difference(golden, page)).mean[0]


@pytest.mark.parametrize(
    ("kind", "pages"), [("urge_letter", 2), ("periodic_report", 2), ("briefing_list", 1)]
)
def test_each_pdf_renders_with_its_page_count_and_matches_its_golden_page(
    world, inspector, kind, pages
):
    document = built_documents(world, inspector)[kind]
    data = render_pdf(kind, document.fields)
    images = pdf_pages(data, scale=0.6)
    assert len(images) == pages
    assert images[0].size == (358, 506)  # A4 portrait at 0.6 × 72 dpi
    assert matches_golden(kind, images[0]) < 1.0
    text = pdf_text(data)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "KT. CHÁNH THANH TRA" in text and "Lê Thị Phó" in text
    assert "Nơi nhận:" in text and "Lưu: VT." in text


def test_every_vietnamese_diacritic_survives_the_pdf(world, inspector):
    document = built_documents(world, inspector)["urge_letter"]
    text = pdf_text(render_pdf("urge_letter", document.fields)).replace("\n", " ")
    for word in DIACRITICS.split():
        assert word in text, word


def test_hundreds_of_overdue_items_page_the_table_without_overflow(world, inspector):
    from directives.models import Assignment, Task

    for n in range(300):
        task = Task.objects.create(
            directive=world.directive,
            position=10 + n,
            title=f"Nhiệm vụ số {n} về kiểm tra, giám sát việc thực hiện quy định {DIACRITICS[:30]}",
        )
        Assignment.objects.create(
            task=task,
            unit=world.unit_a,
            role="lead",
            original_deadline=datetime.date(2026, 1, 1),
            effective_deadline=datetime.date(2026, 1, 1),
            state="in_progress",
        )
    (letter,) = content.urge_letters(
        directive=world.directive,
        actor=inspector,
        day=TODAY,
        signing=content.signature(content.SigningForm.AUTO, TODAY),
        units=[world.unit_a],
    )
    data = render_pdf("urge_letter", letter.fields)
    images = pdf_pages(data, scale=0.2)
    assert len(images) == 21
    text = pdf_text(data)
    assert "Nhiệm vụ số 299" in text
    # The heading row repeats on every page the table runs over (all but the last one here).
    assert text.count("STT") == 20
