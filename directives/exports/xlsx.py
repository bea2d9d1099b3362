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


def xlsx_cell(
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
    ws = workbook.create_sheet(title=(header.sheet or header.title)[:31])
    for index, column in enumerate(columns):
        ws.column_dimensions[_column_letter(index)].width = column.xlsx_width
    # heading (3 rows), blank, title, lines, made by, blank, column headings
    heading_row = len(header.lines) + 8
    ws.freeze_panes = f"A{heading_row + 1}"
    _print_setup(ws, heading_row)
    national_heading(ws, header, len(columns))
    ws.append([])
    ws.append([xlsx_cell(ws, header.title.upper(), bold=True)])
    for line in header.lines:
        ws.append([xlsx_cell(ws, line, italic=True)])
    ws.append(
        [
            xlsx_cell(
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
            xlsx_cell(ws, c.heading, bold=True, border=True, fill=_HEAD_FILL, wrap=True)
            for c in columns
        ]
    )
    for row in rows:
        ws.append(
            [xlsx_cell(ws, v, kind=c.kind, border=True) for c, v in zip(columns, row, strict=True)]
        )
    if total_row is not None:
        ws.append(
            [
                xlsx_cell(ws, v, kind=c.kind, border=True, bold=True)
                for c, v in zip(columns, total_row, strict=True)
            ]
        )
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )


def _print_setup(ws, heading_row: int) -> None:
    """Print on A4 landscape, all columns on one page wide, headings repeated, "Trang x/y"."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{heading_row}:{heading_row}"
    ws.oddFooter.center.text = _t("Trang &P/&N")


def national_heading(ws, header: ExportHeader, width: int) -> None:
    """Write the agency, the user's unit and "Số:" (left) beside the national heading (right)."""
    right = max(width // 2, 1)
    code = header.unit_code or settings.PCTS_AGENCY_CODE
    parent, body = header.agency_lines()
    number = _t("Số:") + "\u00a0" * 16 + f"/BC-{code}"
    # Without a parent body the issuing body stands on the first line, bold.
    left_lines = [parent, body, number] if parent else [body, "", number]
    right_lines = [
        _t("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        _t("Độc lập - Tự do - Hạnh phúc"),
        format_date_line(header.made_on, settings.PCTS_PLACE_NAME),
    ]
    for n, (left, national) in enumerate(zip(left_lines, right_lines, strict=True)):
        row = [xlsx_cell(ws, left, bold=n == (1 if parent else 0))]
        row += [None] * (right - 1)
        row.append(xlsx_cell(ws, national, bold=n < 2, italic=n == 2))
        ws.append(row)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
