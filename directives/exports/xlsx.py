"""Excel: a write-only workbook written row by row into a temporary file."""

import tempfile
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.http import FileResponse
from django.utils.translation import gettext as _t
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from directives.exports.base import Column, ExportHeader, neutralised
from units.vietnamese import format_date_line

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="DDE3EA")
_NUMBER_FORMATS = {"int": "#,##0", "date": "DD/MM/YYYY", "rate": "0.00%"}


def _xlsx_value(kind: str, value):
    if value is None or value == "":
        return None
    if kind == "rate":
        # Store the fraction so Excel's own percent format shows 98,63 % in a Vietnamese locale.
        return float(Decimal(value) / 100)
    return value


def _xlsx_cell(
    ws, value, *, bold=False, italic=False, kind="text", border=False, fill=None, wrap=False
):
    cell = WriteOnlyCell(ws, value=_xlsx_value(kind, value))
    if isinstance(cell.value, str):
        # openpyxl turns a string starting with "=" into a live formula: keep every string text,
        # and mark the formula-like ones so Excel keeps them text even once the cell is edited.
        cell.data_type = "s"
        cell.quotePrefix = neutralised(cell.value) != cell.value
    cell.font = Font(name="Times New Roman", size=12, bold=bold, italic=italic)
    if kind in _NUMBER_FORMATS:
        cell.number_format = _NUMBER_FORMATS[kind]
    if border:
        cell.border = _BORDER
    if fill is not None:
        cell.fill = fill
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def xlsx_response(
    filename: str, header: ExportHeader, columns: list[Column], rows: Iterable[list], total_row=None
):
    """Write rows into a write-only workbook on a temporary file and stream that file back."""
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(title=header.title[:31])
    for index, column in enumerate(columns):
        ws.column_dimensions[_column_letter(index)].width = column.xlsx_width
    first_data_row = len(header.lines) + 6  # agency, title, lines, made by, blank, heading
    ws.freeze_panes = f"A{first_data_row}"
    ws.append([_xlsx_cell(ws, settings.PCTS_INSTALLATION_NAME.upper(), bold=True)])
    ws.append([_xlsx_cell(ws, header.title, bold=True)])
    for line in header.lines:
        ws.append([_xlsx_cell(ws, line, italic=True)])
    ws.append(
        [
            _xlsx_cell(
                ws,
                _t("Người lập: %(name)s, %(date)s")
                % {
                    "name": header.made_by,
                    "date": format_date_line(header.made_on, settings.PCTS_PLACE_NAME),
                },
                italic=True,
            )
        ]
    )
    ws.append([])
    ws.append(
        [
            _xlsx_cell(ws, c.heading, bold=True, border=True, fill=_HEAD_FILL, wrap=True)
            for c in columns
        ]
    )
    for row in rows:
        ws.append(
            [_xlsx_cell(ws, v, kind=c.kind, border=True) for c, v in zip(columns, row, strict=True)]
        )
    if total_row is not None:
        ws.append(
            [
                _xlsx_cell(ws, v, kind=c.kind, border=True, bold=True)
                for c, v in zip(columns, total_row, strict=True)
            ]
        )
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
