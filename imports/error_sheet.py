"""The checked rows back as Excel, the file's own columns plus "Lỗi": fix the rows, upload again."""

import datetime
import tempfile

from django.http import FileResponse
from django.utils.translation import gettext as _t
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from directives.exports import XLSX_CONTENT_TYPE, neutralised
from imports.models import ImportBatch


def _cell(ws, value, bold=False):
    if isinstance(value, dict) and "date" in value:
        value = datetime.date.fromisoformat(value["date"])
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        # Text stays text, a formula typed in the tracker included (never run by the reader).
        cell.data_type = "s"
        cell.quotePrefix = neutralised(value) != value
    elif isinstance(value, datetime.date):
        cell.number_format = "DD/MM/YYYY"
    if bold:
        cell.font = Font(bold=True)
    return cell


def error_sheet_response(batch: ImportBatch) -> FileResponse:
    """Write every row of the batch with its problems in a last column, streamed from a temp file."""
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(title=(batch.sheet or "PCTS")[:31])
    width = len(batch.headings)
    ws.append([_cell(ws, h, bold=True) for h in batch.headings] + [_cell(ws, _t("Lỗi"), True)])
    for row in batch.rows.order_by("number").iterator(chunk_size=2000):
        cells = (list(row.cells) + [None] * width)[:width]
        ws.append([_cell(ws, v) for v in cells] + [_cell(ws, "; ".join(row.problems) or None)])
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"nhap-du-lieu-{batch.pk}-loi.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )
