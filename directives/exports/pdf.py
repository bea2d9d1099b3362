"""PDF: an official A4 document laid out by reportlab from table chunks fed lazily."""

import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import FileResponse
from django.utils.translation import gettext as _t

from directives.exports.base import Column, ExportHeader, _text
from units.vietnamese import format_date_line

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"


PDF_CHUNK_ROWS = 200  # rows per reportlab table; bounds the memory a PDF export holds


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


def _esc(text) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class _PdfStyles:
    """The paragraph styles of an official document: table cells, headings and lines."""

    cell: object
    head_cell: object
    center: object
    center_bold: object
    center_italic: object
    right_italic: object

    @classmethod
    def build(cls) -> "_PdfStyles":
        from reportlab.lib.enums import TA_CENTER, TA_RIGHT
        from reportlab.lib.styles import ParagraphStyle

        body = ParagraphStyle("body", fontName="Serif", fontSize=13, leading=16)
        cell = ParagraphStyle("cell", fontName="Serif", fontSize=10, leading=12)
        return cls(
            cell=cell,
            head_cell=ParagraphStyle(
                "head", parent=cell, fontName="Serif-Bold", alignment=TA_CENTER
            ),
            center=ParagraphStyle("cn", parent=body, alignment=TA_CENTER),
            center_bold=ParagraphStyle(
                "cb", parent=body, fontName="Serif-Bold", alignment=TA_CENTER
            ),
            center_italic=ParagraphStyle(
                "ci", parent=body, fontName="Serif-Italic", alignment=TA_CENTER
            ),
            right_italic=ParagraphStyle(
                "ri", parent=body, fontName="Serif-Italic", alignment=TA_RIGHT
            ),
        )


def _pdf_body(styles: _PdfStyles, columns, rows, total_row, table) -> Iterator:
    """Yield the table's rows as `table(chunk)` flowables of PDF_CHUNK_ROWS rows, the total row bold last."""
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    def pdf_cell(column: Column, value, bold=False):
        text = _esc(_text(column.kind, value))
        style = ParagraphStyle(
            "c",
            parent=styles.cell,
            alignment=TA_RIGHT if column.kind in ("int", "rate") else 0,
            fontName="Serif-Bold" if bold else "Serif",
        )
        return Paragraph(text, style)

    chunk = []
    for row in rows:
        chunk.append([pdf_cell(c, v) for c, v in zip(columns, row, strict=True)])
        if len(chunk) == PDF_CHUNK_ROWS:
            yield table(chunk)
            chunk = []
    if total_row is not None:
        chunk.append([pdf_cell(c, v, bold=True) for c, v in zip(columns, total_row, strict=True)])
    if chunk:
        yield table(chunk)


def _pdf_national_heading(styles: _PdfStyles, width: float, header: ExportHeader):
    """Return the agency, the user's unit and "Số:" (left) and the national motto (right)."""
    from reportlab.platypus import Paragraph, Table, TableStyle

    center_bold = styles.center_bold
    parent, body = header.agency_lines()
    left = [Paragraph(_esc(parent), styles.center)] if parent else []
    left.append(Paragraph(_esc(body), center_bold))
    code = header.unit_code or settings.PCTS_AGENCY_CODE
    left += [
        Paragraph("_______", center_bold),
        Paragraph(_esc(_t("Số:") + "\u00a0" * 16 + f"/BC-{code}"), styles.center),
    ]
    right = [
        Paragraph(_esc(_t("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")), center_bold),
        Paragraph(_esc(_t("Độc lập - Tự do - Hạnh phúc")), center_bold),
        Paragraph("_______________________", center_bold),
    ]
    block = Table([[left, right]], colWidths=[width * 0.4, width * 0.6])
    block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return block


def _pdf_signatures(styles: _PdfStyles, width: float, made_by: str):
    """Return the maker's (left) and the head of the unit's (right) signature blocks."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    center_bold, center_italic = styles.center_bold, styles.center_italic
    left = [
        Paragraph(_esc(_t("NGƯỜI LẬP BIỂU")), center_bold),
        Paragraph(_esc(_t("(Ký, ghi rõ họ tên)")), center_italic),
        Spacer(1, 22 * mm),
        Paragraph(_esc(made_by), center_bold),
    ]
    right = [
        Paragraph(_esc(_t("THỦ TRƯỞNG ĐƠN VỊ")), center_bold),
        Paragraph(_esc(_t("(Ký, ghi rõ họ tên, đóng dấu)")), center_italic),
    ]
    block = Table([[left, right]], colWidths=[width / 2, width / 2])
    block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return block


def _pdf_recipients(width: float):
    """Return the "Nơi nhận" block an official files under the signatures."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    label = ParagraphStyle("nn", fontName="Serif-BoldItalic", fontSize=12, leading=14)
    line = ParagraphStyle("nl", fontName="Serif", fontSize=11, leading=13)
    return [
        Paragraph(_esc(_t("Nơi nhận:")), label),
        Paragraph(_esc("- " + _t("Lãnh đạo đơn vị (để b/c);")), line),
        Paragraph(_esc("- " + _t("Lưu: VT.")), line),
    ]


def numbered_canvas(margin_right: float, margin_bottom: float):
    """Return a reportlab canvas class that writes "Trang x/y" once the page count is known."""
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont("Serif", 10)
                self.drawRightString(
                    self._pagesize[0] - margin_right,
                    margin_bottom / 2,
                    _t("Trang %(n)d/%(total)d") % {"n": self._pageNumber, "total": total},
                )
                super().showPage()
            super().save()

    return NumberedCanvas


def write_pdf(
    out, header: ExportHeader, columns: list[Column], rows: Iterable[list], total_row=None
) -> None:
    """Write the national heading, date line, title, table (header repeated on each page) and signatures."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
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
    styles = _PdfStyles.build()
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

    heading = Table(
        [[Paragraph(_esc(c.heading), styles.head_cell) for c in columns]], colWidths=widths
    )
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

    def later_page(canvas, doc):
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

    def story():
        yield NextPageTemplate("later")
        yield _pdf_national_heading(styles, width, header)
        yield Paragraph(
            _esc(format_date_line(header.made_on, settings.PCTS_PLACE_NAME)), styles.right_italic
        )
        yield Spacer(1, 6 * mm)
        yield Paragraph(_esc(header.title.upper()), styles.center_bold)
        for line in header.lines:
            yield Paragraph(_esc(line), styles.center_italic)
        yield Spacer(1, 5 * mm)
        yield heading
        yield TableStart(True)
        yield from _pdf_body(styles, columns, rows, total_row, _chunk_table)
        yield TableStart(False)
        yield Spacer(1, 8 * mm)
        yield _pdf_signatures(styles, width, header.made_by)
        yield from _pdf_recipients(width)

    def _chunk_table(chunk):
        table = Table(chunk, colWidths=widths, splitByRow=1)
        table.setStyle(grid)
        return table

    doc.build(_LazyFlowables(story()), canvasmaker=numbered_canvas(margin_right, margin_bottom))
