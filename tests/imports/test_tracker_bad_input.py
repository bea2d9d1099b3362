"""Bad tracker files: clear Vietnamese messages, nothing half-saved, nothing executed."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from directives.models import Directive, Task
from imports import services as imports
from imports.models import ImportBatch
from tests.imports.helpers import HEADINGS, row, upload, workbook_bytes

pytestmark = pytest.mark.django_db


def check(inspector, content, name="theo-doi.xlsx"):
    return imports.batch_create(actor=inspector, upload=upload(content, name))


def test_merged_header_cells_are_named_in_the_message(inspector, unit_a):
    headings = list(HEADINGS)
    headings[4:6] = ["Đơn vị thực hiện và vai trò", None]

    def merge(wb, ws):
        ws.merge_cells("E1:F1")

    batch = check(inspector, workbook_bytes([row()], headings=headings, extra=merge))
    assert batch.state == ImportBatch.State.FAILED
    assert batch.message.startswith("Thiếu cột «Đơn vị» trong dòng tiêu đề (dòng 1).")
    assert "Dòng tiêu đề có ô gộp" in batch.message
    assert Directive.objects.count() == 0


def test_a_formula_is_refused_never_computed(inspector, unit_a):
    rows = [row(), row(title="Kiểm tra", deadline="=DATE(2025,10,1)")]
    batch = check(inspector, workbook_bytes(rows))
    problem = batch.rows.get(number=3).problems[0]
    assert "công thức «=DATE(2025,10,1)»" in problem and "Paste Values" in problem
    assert batch.rows.get(number=2).problems == []


def test_a_formula_injection_text_is_kept_as_text(inspector, unit_a):
    title = '=HYPERLINK("http://evil.example","Bấm vào đây")'
    # typed with the neutralising apostrophe, as a spreadsheet keeps a formula-like text
    content = workbook_bytes([row(title="'" + title)])
    batch = check(inspector, content)
    assert batch.counts["error"] == 0
    imports.batch_apply(actor=inspector, batch=batch)
    assert Task.objects.get().title == title


def test_a_hidden_sheet_is_skipped_and_said(inspector, unit_a):
    def hidden(wb, ws):
        secret = wb.create_sheet("Cũ", 0)
        secret.append(HEADINGS)
        secret.append(row(title="Không nhập dòng này"))
        secret.sheet_state = "hidden"

    batch = check(inspector, workbook_bytes([row()], extra=hidden))
    assert batch.sheet == "Theo dõi"
    assert batch.notes == ["Bỏ qua trang tính ẩn «Cũ»."]
    assert [r.values["title"] for r in batch.rows.all()] == [row()[3]]


def test_numbers_and_dates_typed_as_text_are_read(inspector, unit_a):
    rows = [["1", "31/KH-UBND", "05/03/2025", "Tuyên truyền", "Sở Nội vụ", "Chủ trì", "25/03/2026"]]
    batch = check(inspector, workbook_bytes([r + [None] * 3 for r in rows]))
    assert batch.counts["error"] == 0, [r.problems for r in batch.rows.all()]
    imports.batch_apply(actor=inspector, batch=batch)
    assert Task.objects.get().assignments.get().effective_deadline == datetime.date(2026, 3, 25)


def test_a_corrupt_workbook_is_refused_with_a_message(inspector):
    with pytest.raises(ValidationError) as caught:
        check(inspector, b"PK\x03\x04 not really a zip")
    assert "hợp lệ" in " ".join(caught.value.messages) or "hỏng" in " ".join(caught.value.messages)
    assert ImportBatch.objects.count() == 0


def test_a_workbook_with_macros_is_refused(inspector):
    content = workbook_bytes([row()])
    handle = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(handle, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")
    with pytest.raises(ValidationError, match="chứa macro"):
        check(inspector, handle.getvalue())
    assert ImportBatch.objects.count() == 0


def test_a_file_without_the_tracker_columns_is_refused(inspector):
    batch = check(inspector, workbook_bytes([["a", "b"]], headings=["Cột A", "Cột B"]))
    assert batch.state == ImportBatch.State.FAILED
    assert "Không tìm thấy bảng nhiệm vụ" in batch.message
    assert batch.file.name == ""


def test_too_many_rows_are_refused_whole(inspector, unit_a, settings):
    settings.PCTS_IMPORT_MAX_ROWS = 3
    batch = check(inspector, workbook_bytes([row(title=f"Việc {n}") for n in range(5)]))
    assert batch.state == ImportBatch.State.FAILED
    assert "hơn 3 dòng" in batch.message
    assert batch.rows.count() == 0


def test_only_xlsx_files_are_taken(inspector):
    with pytest.raises(ValidationError, match=".xlsx"):
        check(inspector, b"%PDF-1.4\n%%EOF\n", name="theo-doi.pdf")
