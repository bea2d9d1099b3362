"""Each kind of document opened with python-docx: page, font, heading, body, signature, Nơi nhận."""

import datetime
import re

import pytest

from documents import content
from documents.docx import default_template, render_docx
from documents.fields import SAMPLES
from documents.models import DocumentKind
from tests.documents.conftest import DIACRITICS, TODAY, urge
from tests.documents.helpers import (
    assert_decree_30_page,
    docx_text,
    heading_cells,
    open_docx,
    signature_cells,
)

pytestmark = pytest.mark.django_db


def docx_of(built):
    return open_docx(render_docx(default_template(built.kind), built.fields))


def auto_signature():
    return content.signature(content.SigningForm.AUTO, TODAY)


def test_urge_letter_for_a_whole_directive_has_the_decree_30_layout(world, inspector):
    (letter,) = content.urge_letters(
        directive=world.directive, actor=inspector, day=TODAY, signing=auto_signature()
    )
    document = docx_of(letter)
    assert_decree_30_page(document)
    left, right = heading_cells(document)
    assert left.splitlines()[:2] == ["UBND THÀNH PHỐ HÀ NỘI", "THANH TRA THÀNH PHỐ HÀ NỘI"]
    assert re.search(r"Số:\s{8,}/TTTP-…", left), "the number is left blank for the clerk"
    assert "V/v đôn đốc thực hiện nhiệm vụ quá hạn theo Kế hoạch số 160-KH/TU" in left
    assert right.splitlines()[:2] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert re.search(r"Hà Nội, ngày\s+tháng\s+năm 2026", right)
    text = docx_text(document)
    assert "Kính gửi:\n- Sở Nội vụ;\n- Sở Tài chính;\n- Ủy ban nhân dân phường Ô Chợ Dừa;" in text
    assert "Kế hoạch số 160-KH/TU ngày 6-9-2023 của Ban Thường vụ Thành ủy" in text
    assert "tính đến ngày 20/03/2026, các đơn vị còn 3 nhiệm vụ quá hạn" in text
    # Each unit's overdue items, with deadline, days late and đôn đốc received.
    rows = [[c.text for c in r.cells] for t in document.tables[1:-1] for r in t.rows]
    assert ["1", "Tự kiểm tra việc kê khai tài sản, thu nhập", "31/12/2025", "79", "4"] in rows
    assert [
        "1",
        "Tự kiểm tra việc kê khai tài sản, thu nhập (phối hợp)",
        "31/12/2025",
        "79",
        "0",
    ] in rows
    assert ["1", f"Tuyên truyền ({DIACRITICS})", "15/01/2026", "64", "3"] in rows
    copies, signer = signature_cells(document)
    assert copies.splitlines() == [
        "Nơi nhận:",
        "- Như trên;",
        "- Chánh Thanh tra (để b/c);",
        "- Lưu: VT.",
    ]
    assert signer.split("\n")[0] == "CHÁNH THANH TRA"
    assert signer.strip().splitlines()[-1] == "Nguyễn Văn Chánh"


def test_each_unit_is_named_with_its_head_the_acting_head_or_a_vacant_post(world, inspector):
    (letter,) = content.urge_letters(
        directive=world.directive, actor=inspector, day=TODAY, signing=auto_signature()
    )
    text = docx_text(docx_of(letter))
    assert "1. Sở Nội vụ – Giám đốc Trần Văn Giám: 1 nhiệm vụ quá hạn" in text
    assert "2. Sở Tài chính – chưa có người đứng đầu (khuyết): 1 nhiệm vụ quá hạn" in text
    assert (
        "3. Ủy ban nhân dân phường Ô Chợ Dừa – Đỗ Thị Quyền (quyền, phụ trách đơn vị): "
        "1 nhiệm vụ quá hạn"
    ) in text


def test_one_letter_per_unit_addresses_each_unit_alone(world, inspector):
    letters = content.urge_letters(
        directive=world.directive,
        actor=inspector,
        day=TODAY,
        signing=auto_signature(),
        units=[world.unit_a, world.unit_c],
        per_unit=True,
    )
    assert [letter.fields["recipients"] for letter in letters] == [
        ["Sở Nội vụ"],
        ["Ủy ban nhân dân phường Ô Chợ Dừa"],
    ]
    text = docx_text(docx_of(letters[0]))
    assert "Kính gửi: Sở Nội vụ." in text
    assert "đơn vị còn 1 nhiệm vụ quá hạn" in text
    assert "Sở Tài chính" not in text


def test_a_unit_with_nothing_overdue_gets_no_letter_but_a_message(world, inspector, make_unit):
    quiet = make_unit("Sở Xây dựng")
    with pytest.raises(Exception) as refused:
        content.urge_letters(
            directive=world.directive,
            actor=inspector,
            day=TODAY,
            signing=auto_signature(),
            units=[quiet],
        )
    assert "Không có nhiệm vụ quá hạn nào của Sở Xây dựng tính đến ngày 20/03/2026" in str(
        refused.value
    )


@pytest.mark.parametrize(
    ("form", "lines"),
    [
        (content.SigningForm.HEAD, ["CHÁNH THANH TRA", "Nguyễn Văn Chánh"]),
        (content.SigningForm.DEPUTY, ["KT. CHÁNH THANH TRA", "PHÓ CHÁNH THANH TRA", "Lê Thị Phó"]),
        (content.SigningForm.ON_BEHALF, ["TL. CHÁNH THANH TRA", "CHÁNH VĂN PHÒNG"]),
    ],
)
def test_the_signature_block_has_the_signing_form_and_who_holds_the_post(
    world, inspector, form, lines
):
    (letter,) = content.urge_letters(
        directive=world.directive,
        actor=inspector,
        day=TODAY,
        signing=content.signature(form, TODAY),
    )
    _, signer = signature_cells(docx_of(letter))
    assert [line for line in signer.splitlines() if line.strip()] == lines


def test_an_acting_head_on_the_day_signs_q(world, inspector, make_user, inspectorate_unit):
    make_user(
        "quyen.chanh",
        unit=inspectorate_unit,
        role="acting_head",
        full_name="Vũ Văn Quyền",
        valid_from=datetime.date(2026, 3, 1),
    )
    signing = content.signature(content.SigningForm.AUTO, TODAY)
    assert (signing.signing_form, signing.signer_name) == ("Q. CHÁNH THANH TRA", "Vũ Văn Quyền")
    before = content.signature(content.SigningForm.AUTO, datetime.date(2026, 2, 1))
    assert (before.signing_form, before.signer_name) == ("CHÁNH THANH TRA", "Nguyễn Văn Chánh")


def test_periodic_report_has_the_dashboards_counts_and_the_overdue_lists(world, inspector):
    report = content.periodic_report(
        directive=world.directive,
        actor=inspector,
        signing=content.signature(content.SigningForm.DEPUTY, TODAY),
        period="quarter",
        year=2026,
        period_number=1,
        role="all",
    )
    document = docx_of(report)
    assert_decree_30_page(document)
    left, _ = heading_cells(document)
    assert re.search(r"Số:\s{8,}/BC-TTTP", left)
    text = docx_text(document)
    assert "BÁO CÁO\nKết quả thực hiện Kế hoạch số 160-KH/TU Quý I/2026" in text
    assert "số liệu từ ngày 01/01/2026 đến ngày 31/03/2026, tính đến ngày 20/03/2026" in text
    assert "Kế hoạch số 160-KH/TU có 3 nhiệm vụ giao cho 3 đơn vị" in text
    assert "- Quá hạn chưa hoàn thành: 3;" in text
    assert "- Đang thực hiện trong hạn: 0 (trong đó sắp đến hạn 0);" in text, (
        "due in December: not in Q1"
    )
    assert "tỷ lệ hoàn thành đúng hạn: 0,00 %" in text
    tables = [[[c.text for c in r.cells] for r in t.rows] for t in document.tables[1:-1]]
    units, items, overdue_units = tables
    assert units[0][1] == "Đơn vị" and len(units) == 4
    assert [
        "3",
        "Tuyên truyền (" + DIACRITICS + ")",
        "Ủy ban nhân dân phường Ô Chợ Dừa",
        "15/01/2026",
        "64",
        "3",
    ] in items
    assert ["1", "Sở Nội vụ", "Giám đốc Trần Văn Giám", "1", "79"] in overdue_units
    copies, signer = signature_cells(document)
    assert "- UBND thành phố Hà Nội (để b/c);" in copies.splitlines()
    assert signer.splitlines()[:2] == ["KT. CHÁNH THANH TRA", "PHÓ CHÁNH THANH TRA"]


def test_briefing_list_keeps_items_urged_more_than_n_times_with_the_head_on_each_day(
    world, inspector
):
    briefing = content.briefing_list(
        actor=inspector, day=TODAY, signing=auto_signature(), min_urges=3
    )
    document = docx_of(briefing)
    assert_decree_30_page(document)
    text = docx_text(document)
    assert (
        "Tính đến ngày 20/03/2026, 1 nhiệm vụ của 1 đơn vị đã quá hạn, đã được đôn đốc trên 3 lần"
        in text
    )
    (items,) = [[[c.text for c in r.cells] for r in t.rows] for t in document.tables[1:-1]]
    assert len(items) == 2
    row = items[1]
    assert row[:6] == [
        "1",
        "Tự kiểm tra việc kê khai tài sản, thu nhập (160-KH/TU)",
        "Sở Nội vụ: Giám đốc Trần Văn Giám",
        "31/12/2025",
        "79",
        "4",
    ]
    assert row[6] == (
        "31/12/2025 – Phạm Văn Cũ; 07/01/2026 – Trần Văn Giám; 14/01/2026 – Trần Văn Giám; "
        "21/01/2026 – Trần Văn Giám"
    )
    lower = content.briefing_list(actor=inspector, day=TODAY, signing=auto_signature(), min_urges=2)
    assert lower.fields["item_count"] == "2"


def test_the_urge_count_is_one_per_manual_dondoc_and_never_a_daily_reminder(world, inspector):
    urge(world.overdue_b, datetime.date(2026, 2, 1), recipient=inspector, reason="overdue")
    urge(world.overdue_b, datetime.date(2026, 2, 2), recipient=inspector, kind="manual")
    failed = urge(world.overdue_b, datetime.date(2026, 2, 8), recipient=inspector, kind="manual")
    failed.state = "failed"
    failed.save()
    counts = content.urge_days([world.overdue_a.pk, world.overdue_b.pk, world.overdue_c.pk])
    assert {k: len(v) for k, v in counts.items()} == {
        world.overdue_a.pk: 4,
        world.overdue_b.pk: 1,
        world.overdue_c.pk: 3,
    }


def test_hundreds_of_overdue_items_make_one_table_whose_heading_repeats(world, inspector):
    from directives.models import Assignment, Task

    for n in range(300):
        task = Task.objects.create(
            directive=world.directive, position=10 + n, title=f"Nhiệm vụ {n} {DIACRITICS[:20]}"
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
        signing=auto_signature(),
        units=[world.unit_a],
    )
    document = docx_of(letter)
    table = document.tables[1]
    assert len(table.rows) == 302
    header = table.rows[0]._tr.trPr
    assert (
        header is not None
        and header.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader")
        is not None
    )
    layout = table._tbl.tblPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblLayout"
    )
    assert (
        layout is not None
        and layout.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}type")
        == "fixed"
    )


def test_the_fields_built_match_the_documented_samples(world, inspector):
    """Every key a builder writes is documented (and sampled), so a checked template always renders."""

    def shape(value):
        if isinstance(value, dict):
            return {k: shape(v) for k, v in value.items()}
        if isinstance(value, list):
            return [shape(value[0])] if value else []
        return type(value).__name__

    signing = auto_signature()
    built = {
        DocumentKind.URGE_LETTER: content.urge_letters(
            directive=world.directive, actor=inspector, day=TODAY, signing=signing
        )[0],
        DocumentKind.PERIODIC_REPORT: content.periodic_report(
            directive=world.directive, actor=inspector, signing=signing, period="year", year=2026
        ),
        DocumentKind.BRIEFING_LIST: content.briefing_list(
            actor=inspector, day=TODAY, signing=signing
        ),
    }
    for kind, document in built.items():
        assert shape(document.fields) == shape(SAMPLES[kind]), kind
