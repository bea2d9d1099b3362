"""Excel, PDF and CSV exports of the dashboard table and of drill-down lists.

Rows arrive as an iterator (a queryset read with `.iterator(chunk_size=…)`) and are written one
by one: Excel through a write-only workbook into a temporary file, PDF through table chunks fed
lazily to reportlab, CSV (UTF-8 with BOM) as a streamed response. No export holds the whole data
set in memory. Excel cells carry real numbers and dates with formats, never strings.

User text can never become a formula in the reader's spreadsheet (OWASP's CSV-injection rule):
Excel cells holding text are written as text, never as formulas, and CSV cells that start like
a formula get a neutralising apostrophe; `neutralised()` is the one rule every writer uses.
"""

import csv
import datetime
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import gettext as _t
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from units.vietnamese import format_date, format_date_line, format_number

FONT_DIR = Path(__file__).resolve().parent / "fonts"
CHUNK_ROWS = 2000  # rows fetched per database round trip
PDF_CHUNK_ROWS = 200  # rows per reportlab table; bounds the memory a PDF export holds
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    """One exported column: heading, kind (text, int, date, rate), Excel width, PDF width in mm."""

    heading: str
    kind: str = "text"
    xlsx_width: float = 12
    pdf_mm: float = 20


@dataclass(frozen=True)
class ExportHeader:
    """What sits above and below the table: title, selection lines and who made it on which day."""

    title: str
    lines: list[str]
    made_by: str
    made_on: datetime.date


# A spreadsheet reads a cell starting with one of these as a formula (OWASP: =, +, -, @, tab,
# carriage return; the full-width forms too, which some locales' Excel reads the same way).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralised(text: str) -> str:
    """Return `text` as a spreadsheet must show it: an apostrophe before a formula's first character."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def attachment_name(stem: str, made_on: datetime.date, extension: str) -> str:
    return f"{stem}-{made_on:%Y-%m-%d}.{extension}"


# --------------------------------------------------------------------------- Excel

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


# --------------------------------------------------------------------------- CSV


class _Echo:
    def write(self, value):
        return value


def csv_response(filename: str, columns: list[Column], rows: Iterable[list]):
    """Stream rows as CSV in UTF-8 with a BOM (so Excel reads the Vietnamese), dates dd/mm/yyyy."""
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow([c.heading for c in columns])
        for row in rows:
            yield writer.writerow([_csv_text(c.kind, v) for c, v in zip(columns, row, strict=True)])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _csv_text(kind: str, value) -> str:
    """Write a CSV value; text from users is neutralised, numbers and dates are ours."""
    text = _text(kind, value)
    return neutralised(text) if kind == "text" else text


def _text(kind: str, value) -> str:
    """Write a value as the Vietnamese reader expects it: 1.234, 05/02/2026, 98,63 %."""
    if value is None or value == "":
        return ""
    if kind == "date":
        return format_date(value)
    if kind == "int":
        return format_number(value)
    if kind == "rate":
        return f"{format_number(value, 2)} %"
    return str(value)


# --------------------------------------------------------------------------- PDF

_FONTS_READY = False


def register_fonts() -> None:
    """Register the vendored Liberation Serif family (metric-compatible with Times New Roman) once."""
    global _FONTS_READY
    if _FONTS_READY:
        return
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    faces = {
        "Serif": "Regular",
        "Serif-Bold": "Bold",
        "Serif-Italic": "Italic",
        "Serif-BoldItalic": "BoldItalic",
    }
    for name, face in faces.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / f"LiberationSerif-{face}.ttf")))
    addMapping("Serif", 0, 0, "Serif")
    addMapping("Serif", 1, 0, "Serif-Bold")
    addMapping("Serif", 0, 1, "Serif-Italic")
    addMapping("Serif", 1, 1, "Serif-BoldItalic")
    _FONTS_READY = True


class _LazyFlowables(list):
    """Feed reportlab's build loop from an iterator, one flowable at a time."""

    def __init__(self, source: Iterable):
        super().__init__()
        self._source = iter(source)

    def _fill(self):
        if not list.__len__(self):
            item = next(self._source, None)
            if item is not None:
                self.append(item)

    def __len__(self):
        self._fill()
        return list.__len__(self)

    def __getitem__(self, index):
        self._fill()
        return list.__getitem__(self, index)


def pdf_response(
    filename: str, header: ExportHeader, columns: list[Column], rows: Iterable[list], total_row=None
):
    """Lay out an official A4 document (landscape) into a temporary file and stream it back."""
    handle = tempfile.TemporaryFile()
    write_pdf(handle, header, columns, rows, total_row)
    handle.seek(0)
    return FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/pdf"
    )


def write_pdf(
    out, header: ExportHeader, columns: list[Column], rows: Iterable[list], total_row=None
) -> None:
    """Write the national heading, date line, title, table (header repeated on each page) and signatures."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        BaseDocTemplate,
        Flowable,
        Frame,
        NextPageTemplate,
        PageTemplate,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )

    register_fonts()
    page = landscape(A4)
    margin_left, margin_right, margin_top, margin_bottom = 25 * mm, 15 * mm, 20 * mm, 18 * mm
    width = page[0] - margin_left - margin_right
    body = ParagraphStyle("body", fontName="Serif", fontSize=13, leading=16)
    cell = ParagraphStyle("cell", fontName="Serif", fontSize=10, leading=12)
    head_cell = ParagraphStyle("head", parent=cell, fontName="Serif-Bold", alignment=TA_CENTER)
    center_bold = ParagraphStyle("cb", parent=body, fontName="Serif-Bold", alignment=TA_CENTER)
    center_italic = ParagraphStyle("ci", parent=body, fontName="Serif-Italic", alignment=TA_CENTER)
    right_italic = ParagraphStyle("ri", parent=body, fontName="Serif-Italic", alignment=TA_RIGHT)
    scale = width / sum(c.pdf_mm * mm for c in columns)
    widths = [c.pdf_mm * mm * scale for c in columns]
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONTNAME", (0, 0), (-1, -1), "Serif"),
            ("FONTSIZE", (0, 0), (-1, -1), 10),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
    )

    def esc(text) -> str:
        return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    def pdf_cell(column: Column, value, bold=False):
        text = esc(_text(column.kind, value))
        style = ParagraphStyle(
            "c",
            parent=cell,
            alignment=TA_RIGHT if column.kind in ("int", "rate") else 0,
            fontName="Serif-Bold" if bold else "Serif",
        )
        return Paragraph(text, style)

    heading = Table([[Paragraph(esc(c.heading), head_cell) for c in columns]], colWidths=widths)
    heading.setStyle(grid)
    heading.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#DDE3EA"))]))
    _, heading_height = heading.wrap(width, page[1])

    class TableStart(Flowable):
        """Mark where the table begins: from the next page on, each page repeats the column heading."""

        def __init__(self, active: bool):
            super().__init__()
            self.active = active

        def wrap(self, *args):
            return 0, 0

        def draw(self):
            self.canv._doctemplate.repeat_heading = self.active

    def number_page(canvas, doc):
        canvas.setFont("Serif", 10)
        canvas.drawRightString(
            page[0] - margin_right, margin_bottom / 2, _t("Trang %(n)d") % {"n": doc.page}
        )

    def later_page(canvas, doc):
        number_page(canvas, doc)
        if getattr(doc, "repeat_heading", False):
            heading.drawOn(canvas, margin_left, page[1] - margin_top - heading_height)

    frame_height = page[1] - margin_top - margin_bottom
    doc = BaseDocTemplate(
        out,
        pagesize=page,
        title=header.title,
        author=header.made_by,
        leftMargin=margin_left,
        rightMargin=margin_right,
        topMargin=margin_top,
        bottomMargin=margin_bottom,
    )
    doc.repeat_heading = False
    doc.addPageTemplates(
        [
            PageTemplate(
                "first",
                [
                    Frame(
                        margin_left,
                        margin_bottom,
                        width,
                        frame_height,
                        id="f",
                        showBoundary=0,
                        leftPadding=0,
                        rightPadding=0,
                        topPadding=0,
                        bottomPadding=0,
                    )
                ],
                onPage=number_page,
            ),
            PageTemplate(
                "later",
                [
                    Frame(
                        margin_left,
                        margin_bottom,
                        width,
                        frame_height - heading_height,
                        id="l",
                        leftPadding=0,
                        rightPadding=0,
                        topPadding=0,
                        bottomPadding=0,
                    )
                ],
                onPage=later_page,
            ),
        ]
    )

    def national_heading():
        agency = esc(settings.PCTS_INSTALLATION_NAME.upper())
        left = [Paragraph(agency, center_bold), Paragraph("_______", center_bold)]
        right = [
            Paragraph(esc(_t("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")), center_bold),
            Paragraph(esc(_t("Độc lập - Tự do - Hạnh phúc")), center_bold),
            Paragraph("_______________________", center_bold),
        ]
        block = Table([[left, right]], colWidths=[width * 0.4, width * 0.6])
        block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return block

    def signatures():
        left = [
            Paragraph(esc(_t("NGƯỜI LẬP BIỂU")), center_bold),
            Paragraph(esc(_t("(Ký, ghi rõ họ tên)")), center_italic),
            Spacer(1, 22 * mm),
            Paragraph(esc(header.made_by), center_bold),
        ]
        right = [
            Paragraph(esc(_t("THỦ TRƯỞNG ĐƠN VỊ")), center_bold),
            Paragraph(esc(_t("(Ký, ghi rõ họ tên, đóng dấu)")), center_italic),
        ]
        block = Table([[left, right]], colWidths=[width / 2, width / 2])
        block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return block

    def story():
        yield NextPageTemplate("later")
        yield national_heading()
        yield Paragraph(
            esc(format_date_line(header.made_on, settings.PCTS_PLACE_NAME)), right_italic
        )
        yield Spacer(1, 6 * mm)
        yield Paragraph(esc(header.title.upper()), center_bold)
        for line in header.lines:
            yield Paragraph(esc(line), center_italic)
        yield Spacer(1, 5 * mm)
        yield heading
        yield TableStart(True)
        chunk = []
        for row in rows:
            chunk.append([pdf_cell(c, v) for c, v in zip(columns, row, strict=True)])
            if len(chunk) == PDF_CHUNK_ROWS:
                yield _chunk_table(chunk)
                chunk = []
        if total_row is not None:
            chunk.append(
                [pdf_cell(c, v, bold=True) for c, v in zip(columns, total_row, strict=True)]
            )
        if chunk:
            yield _chunk_table(chunk)
        yield TableStart(False)
        yield Spacer(1, 8 * mm)
        yield signatures()

    def _chunk_table(chunk):
        table = Table(chunk, colWidths=widths, splitByRow=1)
        table.setStyle(grid)
        return table

    doc.build(_LazyFlowables(story()))


def rows_in_chunks(queryset) -> Iterator:
    """Read a queryset in server-side chunks, never as one list."""
    return queryset.iterator(chunk_size=CHUNK_ROWS)


# --------------------------------------------------------------------------- what is exported


def table_columns() -> list[Column]:
    """Return the columns of the per-unit ranking table."""
    from directives.dashboard import CATEGORIES

    counted = [Column(str(c.label), "int", 13, 17) for c in CATEGORIES]
    return [
        Column(_t("Xếp hạng"), "int", 9, 13),
        Column(_t("Đơn vị"), "text", 40, 60),
        *counted,
        Column(_t("Tỷ lệ hoàn thành"), "rate", 13, 19),
        Column(_t("Tỷ lệ hoàn thành đúng hạn"), "rate", 13, 19),
    ]


def _counts_row(counts) -> list:
    from directives.dashboard import CATEGORY_KEYS, rounded_rate

    values = [counts.value(key) for key in CATEGORY_KEYS]
    return [*values, rounded_rate(counts.completion_rate), rounded_rate(counts.on_time_rate)]


def table_rows(summary) -> Iterator[list]:
    """Yield one row per ranked unit: rank, name, counts, rates rounded as the dashboard shows them."""
    for row in summary.rows:
        yield [row.rank, row.unit.name, *_counts_row(row.counts)]


def table_total_row(summary) -> list:
    return [None, _t("Tổng cộng"), *_counts_row(summary.totals)]


def list_columns() -> list[Column]:
    """Return the columns of a drill-down list export."""
    return [
        Column(_t("STT"), "int", 7, 10),
        Column(_t("Số, ký hiệu"), "text", 16, 24),
        Column(_t("Ngày ban hành"), "date", 12, 20),
        Column(_t("Nhiệm vụ"), "text", 50, 70),
        Column(_t("Đơn vị"), "text", 30, 40),
        Column(_t("Vai trò"), "text", 10, 16),
        Column(_t("Hạn hiện hành"), "date", 12, 20),
        Column(_t("Ngày hoàn thành"), "date", 12, 20),
        Column(_t("Tình hình thực hiện"), "text", 22, 30),
        Column(_t("Số ngày quá hạn"), "int", 10, 15),
    ]


def list_rows(queryset, as_of: datetime.date) -> Iterator[list]:
    """Yield one row per assignment, read from the database in chunks."""
    from directives.models import Timeliness, days_late

    labels = dict(Timeliness.choices)
    completed = (Timeliness.COMPLETED_ON_TIME, Timeliness.COMPLETED_LATE)
    for number, a in enumerate(rows_in_chunks(queryset), start=1):
        directive = a.task.directive
        late_days = (
            days_late(a.effective_deadline, as_of) if a.timeliness == Timeliness.OVERDUE else None
        )
        yield [
            number,
            directive.symbol,
            directive.issued_on,
            a.task.title,
            a.unit.name,
            a.get_role_display(),
            a.effective_deadline,
            a.completed_on if a.timeliness in completed else None,
            str(labels[a.timeliness]),
            late_days,
        ]
