"""PDF: the same layout and fields as the shipped DOCX, laid out by reportlab (no office suite needed).

The page follows the DOCX: A4, the same margins, Liberation Serif (metric-compatible with Times
New Roman, vendored with the exports), the page number centred at the top from page 2, table
headings repeated on each page. An admin's own DOCX template changes the DOCX only; the PDF keeps
the shipped layout (see README, "Official documents").
"""

import io

from jinja2 import Environment, StrictUndefined

from directives.exports import register_fonts
from documents.docx import HEADING_LEFT_MM, PAGE, TEXT_WIDTH_MM
from documents.layouts import BODIES, Each, Grid, P, When, split_loop
from documents.models import DocumentKind


def _esc(text) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Styles:
    """The paragraph styles of the document, built once per rendering."""

    def __init__(self):
        from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.lib.units import mm

        base = ParagraphStyle("base", fontName="Serif", fontSize=14, leading=17)
        self.body = ParagraphStyle(
            "body", parent=base, alignment=TA_JUSTIFY, firstLineIndent=12.7 * mm, spaceAfter=6
        )
        self.heading = ParagraphStyle("heading", parent=self.body, fontName="Serif-Bold")
        self.note = ParagraphStyle("note", parent=self.body, fontName="Serif-Italic", fontSize=12)
        self.center = ParagraphStyle("center", parent=base, alignment=TA_CENTER)

    def grid(self, size: float):
        """Return a table's heading style and its cell styles by alignment, at `size` points."""
        from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
        from reportlab.lib.styles import ParagraphStyle

        leading = size * 1.17
        cells = {
            name: ParagraphStyle(
                f"c{name}{size}", fontName="Serif", fontSize=size, leading=leading, alignment=align
            )
            for name, align in (("left", TA_LEFT), ("center", TA_CENTER), ("right", TA_RIGHT))
        }
        head = ParagraphStyle(
            f"h{size}", fontName="Serif-Bold", fontSize=size, leading=leading, alignment=TA_CENTER
        )
        return head, cells

    def centered(self, size: float, *, bold=False, italic=False):
        from reportlab.lib.enums import TA_CENTER
        from reportlab.lib.styles import ParagraphStyle

        font = (
            "Serif-BoldItalic"
            if bold and italic
            else "Serif-Bold"
            if bold
            else "Serif-Italic"
            if italic
            else "Serif"
        )
        return ParagraphStyle(
            f"c{size}{bold}{italic}",
            fontName=font,
            fontSize=size,
            leading=size * 1.25,
            alignment=TA_CENTER,
        )

    def left(self, size: float, *, bold=False, italic=False):
        from reportlab.lib.styles import ParagraphStyle

        font = "Serif-BoldItalic" if bold and italic else "Serif-Bold" if bold else "Serif"
        return ParagraphStyle(
            f"l{size}{bold}{italic}", fontName=font, fontSize=size, leading=size * 1.2
        )


class _Renderer:
    """Evaluate a layout's Jinja text against the fields and turn it into reportlab flowables."""

    def __init__(self, fields: dict):
        self.fields = fields
        self.env = Environment(undefined=StrictUndefined)
        self.styles = _Styles()
        self._compiled = {}

    def text(self, source: str, scope: dict) -> str:
        template = self._compiled.get(source)
        if template is None:
            template = self._compiled[source] = self.env.from_string(source)
        return template.render(scope)

    def value(self, expression: str, scope: dict):
        return self.env.compile_expression(expression)(**scope)

    def para(self, text: str, style):
        from reportlab.platypus import Paragraph

        return Paragraph(_esc(text), style)

    def body(self, elements, scope: dict):
        for element in elements:
            if isinstance(element, P):
                style = getattr(self.styles, element.style, self.styles.body)
                if element.style == "plain":
                    style = self.styles.body
                yield self.para(self.text(element.text, scope), style)
            elif isinstance(element, Each):
                name, expression = split_loop(element.loop)
                for item in self.value(expression, scope):
                    yield from self.body(element.body, {**scope, name: item})
            elif isinstance(element, When):
                chosen = element.body if self.value(element.test, scope) else element.otherwise
                yield from self.body(chosen, scope)
            elif isinstance(element, Grid):
                yield from self.grid(element, scope)

    def grid(self, grid: Grid, scope: dict):
        from reportlab.lib import colors
        from reportlab.lib.units import mm
        from reportlab.platypus import Spacer, Table, TableStyle

        name, expression = split_loop(grid.loop)
        scale = TEXT_WIDTH_MM / sum(c.mm for c in grid.columns)
        widths = [c.mm * scale * mm for c in grid.columns]
        head, cells = self.styles.grid(grid.size)
        rows = [[self.para(c.heading, head) for c in grid.columns]]
        for item in self.value(expression, scope):
            inner = {**scope, name: item}
            rows.append([self.para(self.text(c.cell, inner), cells[c.align]) for c in grid.columns])
        table = Table(rows, colWidths=widths, repeatRows=1, splitByRow=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        yield table
        yield Spacer(1, 3 * mm)

    def heading(self, kind: str):
        from reportlab.lib import colors
        from reportlab.lib.units import mm
        from reportlab.platypus import HRFlowable, Spacer, Table, TableStyle

        f, s = self.fields, self.styles
        left_mm = HEADING_LEFT_MM
        left = [
            self.para(f["parent_agency"], s.centered(13)),
            self.para(f["agency"], s.centered(13, bold=True)),
            HRFlowable(
                width=22 * mm, thickness=0.6, color=colors.black, spaceBefore=1, spaceAfter=4
            ),
            self.para(f["symbol"], s.centered(13)),
        ]
        if kind == DocumentKind.URGE_LETTER:
            left.append(self.para(f["subject"], s.centered(12)))
        right = [
            self.para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", s.centered(12, bold=True)),
            self.para("Độc lập - Tự do - Hạnh phúc", s.centered(13, bold=True)),
            HRFlowable(
                width=58 * mm, thickness=0.6, color=colors.black, spaceBefore=1, spaceAfter=4
            ),
            self.para(f["place_date"], s.centered(14, italic=True)),
        ]
        block = Table([[left, right]], colWidths=[left_mm * mm, (TEXT_WIDTH_MM - left_mm) * mm])
        block.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        yield block
        yield Spacer(1, 6 * mm)
        if kind == DocumentKind.URGE_LETTER:
            recipients = f["recipients"]
            if len(recipients) == 1:
                yield self.para(f"Kính gửi: {recipients[0]}.", s.center)
            else:
                yield self.para("Kính gửi:", s.center)
                style = s.left(14)
                style.leftIndent = 50 * mm
                for recipient in recipients:
                    yield self.para(f"- {recipient};", style)
        else:
            yield self.para(f["doc_type_title"], s.centered(14, bold=True))
            yield self.para(f["subject"], s.centered(14, bold=True))
            yield HRFlowable(width=40 * mm, thickness=0.6, color=colors.black, spaceBefore=2)
        yield Spacer(1, 5 * mm)

    def signature(self):
        from reportlab.lib.units import mm
        from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

        f, s = self.fields, self.styles
        left = [self.para("Nơi nhận:", s.left(12, bold=True, italic=True))]
        left += [self.para(f"- {copy}", s.left(11)) for copy in f["copies_to"]]
        left.append(self.para(f"- {f['filed']}", s.left(11)))
        right = [self.para(f["signing_form"], s.centered(13, bold=True))]
        if f["signer_title"]:
            right.append(self.para(f["signer_title"], s.centered(13, bold=True)))
        right += [Spacer(1, 24 * mm), self.para(f["signer_name"], s.centered(14, bold=True))]
        block = Table([[left, right]], colWidths=[80 * mm, (TEXT_WIDTH_MM - 80) * mm])
        block.setStyle(
            TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
        )
        return KeepTogether([Spacer(1, 4 * mm), block])


def render_pdf(kind: str, fields: dict) -> bytes:
    """Lay out the document of `kind` with `fields` as an A4 PDF and return its bytes."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    register_fonts()
    renderer = _Renderer(fields)
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=PAGE["left"] * mm,
        rightMargin=PAGE["right"] * mm,
        topMargin=PAGE["top"] * mm,
        bottomMargin=PAGE["bottom"] * mm,
        title=fields["subject"],
        author="PCTS",
    )

    def number_page(canvas, doc):
        canvas.setFont("Serif", 13)
        canvas.drawCentredString(
            A4[0] / 2 + (PAGE["left"] - PAGE["right"]) * mm / 2, A4[1] - 12 * mm, str(doc.page)
        )

    story = [*renderer.heading(kind), *renderer.body(BODIES[kind], fields), renderer.signature()]
    document.build(story, onLaterPages=number_page)
    return out.getvalue()
