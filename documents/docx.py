"""DOCX: the shipped template of each kind (python-docx) and rendering any template (docxtpl).

docxtpl keeps the template a real Word document that an admin edits in Word or LibreOffice with
Jinja fields (`{{ agency }}`, `{%tr for item in unit.items %}`), which python-docx alone cannot
do without our own placeholder engine; python-docx builds the shipped template and reads the
result back in the tests. Layout follows Decree 30/2020/NĐ-CP, Appendix I: A4, margins 20 mm
top and bottom, 30 mm left, 15 mm right, Times New Roman, page numbers centred at the top from
the second page, table headings repeated on every page and fixed column widths so long text
wraps instead of running off the page.
"""

import functools
import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined, TemplateSyntaxError, UndefinedError

from documents.layouts import BODIES, Each, Grid, P, When
from documents.models import DocumentKind

FONT = "Times New Roman"
PAGE = {"width": 210, "height": 297, "top": 20, "bottom": 20, "left": 30, "right": 15}
TEXT_WIDTH_MM = PAGE["width"] - PAGE["left"] - PAGE["right"]
HEADING_LEFT_MM = 75  # the issuing body's column; the national heading takes the rest
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


class TemplateProblem(ValueError):
    """An uploaded template that cannot serve its kind; the message names what is wrong."""


# --------------------------------------------------------------------------- writing helpers


def _para(container, text="", *, size=14, bold=False, italic=False, align="justify", indent=True):
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = ALIGN[align]
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(6 if indent else 0)
    fmt.line_spacing = 1.0
    if indent:
        fmt.first_line_indent = Cm(1.27)
    if text:
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.bold = bold
        run.italic = italic
    return paragraph


def _tag(container, tag: str):
    """Write a docxtpl paragraph tag (`{%p … %}`): docxtpl drops the paragraph and keeps the tag."""
    return _para(container, "{%p " + tag + " %}", indent=False, align="left")


def _rule(container, width_mm: float, cell_mm: float):
    """Draw a short centred line under a heading (a bottom border on an indented empty paragraph)."""
    paragraph = _para(container, indent=False, align="center", size=6)
    side = Mm(max((cell_mm - width_mm) / 2, 0))
    paragraph.paragraph_format.left_indent = side
    paragraph.paragraph_format.right_indent = side
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{name}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)
    run = paragraph.add_run()
    run.font.size = Pt(2)
    return paragraph


def _fixed_table(container, rows: int, widths_mm: list[float], *, grid: bool):
    table = container.add_table(rows=rows, cols=len(widths_mm))
    if grid:
        table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # fixed layout: text wraps inside the widths given
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
    return table


def _cell(table, row: int, column: int):
    """Return a cell emptied of its default paragraph, ready for _para."""
    cell = table.cell(row, column)
    for paragraph in list(cell.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)
    return cell


def _row_flags(row, *, header=False):
    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader" if header else "w:cantSplit")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


# --------------------------------------------------------------------------- the shipped template


def _setup(document):
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE["width"]), Mm(PAGE["height"])
    section.top_margin, section.bottom_margin = Mm(PAGE["top"]), Mm(PAGE["bottom"])
    section.left_margin, section.right_margin = Mm(PAGE["left"]), Mm(PAGE["right"])
    section.header_distance = Mm(10)
    for name in ("Normal", "Table Grid"):
        style = document.styles[name]
        style.font.name = FONT
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    document.styles["Normal"].font.size = Pt(14)
    # Decree 30: the page number, centred in the top margin, from the second page on.
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    number._p.append(field)
    document.core_properties.author = "PCTS"
    document.core_properties.title = "{{ subject }}"


def _heading(document, kind: str):
    """Write the issuing body and symbol (left), the national heading and date line (right)."""
    left_mm, right_mm = HEADING_LEFT_MM, TEXT_WIDTH_MM - HEADING_LEFT_MM
    table = _fixed_table(document, 1, [left_mm, right_mm], grid=False)
    left, right = _cell(table, 0, 0), _cell(table, 0, 1)
    _para(left, "{{ parent_agency }}", size=13, align="center", indent=False)
    _para(left, "{{ agency }}", size=13, bold=True, align="center", indent=False)
    _rule(left, 22, left_mm)
    _para(left, "{{ symbol }}", size=13, align="center", indent=False)
    if kind == DocumentKind.URGE_LETTER:
        _para(left, "{{ subject }}", size=12, align="center", indent=False)
    _para(
        right,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        size=12,
        bold=True,
        align="center",
        indent=False,
    )
    _para(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, align="center", indent=False)
    _rule(right, 58, right_mm)
    _para(right, "{{ place_date }}", size=14, italic=True, align="center", indent=False)
    _para(document, indent=False)
    if kind == DocumentKind.URGE_LETTER:
        _tag(document, "if recipients|length == 1")
        _para(document, "Kính gửi: {{ recipients[0] }}.", align="center", indent=False)
        _tag(document, "else")
        _para(document, "Kính gửi:", align="center", indent=False)
        _tag(document, "for recipient in recipients")
        paragraph = _para(document, "- {{ recipient }};", align="left", indent=False)
        paragraph.paragraph_format.left_indent = Cm(5)
        _tag(document, "endfor")
        _tag(document, "endif")
        _para(document, indent=False)
    else:
        _para(document, "{{ doc_type_title }}", bold=True, align="center", indent=False)
        _para(document, "{{ subject }}", bold=True, align="center", indent=False)
        _rule(document, 40, TEXT_WIDTH_MM)
        _para(document, indent=False)


def _grid(document, grid: Grid):
    widths = [c.mm for c in grid.columns]
    scale = TEXT_WIDTH_MM / sum(widths)
    widths = [w * scale for w in widths]
    table = _fixed_table(document, 4, widths, grid=True)
    _row_flags(table.rows[0], header=True)
    _row_flags(table.rows[2])
    for index, column in enumerate(grid.columns):
        _para(
            _cell(table, 0, index),
            column.heading,
            size=grid.size,
            bold=True,
            align="center",
            indent=False,
        )
        _para(_cell(table, 2, index), column.cell, size=grid.size, align=column.align, indent=False)
        _cell(table, 1, index)
        _cell(table, 3, index)
    _para(table.cell(1, 0), "{%tr for " + grid.loop + " %}", indent=False, align="left")
    _para(table.cell(3, 0), "{%tr endfor %}", indent=False, align="left")
    for index in range(1, len(grid.columns)):
        _para(table.cell(1, index), indent=False)
        _para(table.cell(3, index), indent=False)
    _para(document, indent=False, size=6)


def _body(document, elements):
    for element in elements:
        if isinstance(element, P):
            bold = element.style == "heading"
            italic = element.style == "note"
            _para(document, element.text, size=12 if italic else 14, bold=bold, italic=italic)
        elif isinstance(element, Each):
            _tag(document, f"for {element.loop}")
            _body(document, element.body)
            _tag(document, "endfor")
        elif isinstance(element, When):
            _tag(document, f"if {element.test}")
            _body(document, element.body)
            if element.otherwise:
                _tag(document, "else")
                _body(document, element.otherwise)
            _tag(document, "endif")
        elif isinstance(element, Grid):
            _grid(document, element)


def _signature(document):
    """Write Nơi nhận (left) and the signing form, title and name (right)."""
    left_mm, right_mm = 80, TEXT_WIDTH_MM - 80
    _para(document, indent=False)
    table = _fixed_table(document, 1, [left_mm, right_mm], grid=False)
    left, right = _cell(table, 0, 0), _cell(table, 0, 1)
    _para(left, "Nơi nhận:", size=12, bold=True, italic=True, align="left", indent=False)
    _tag(left, "for copy in copies_to")
    _para(left, "- {{ copy }}", size=11, align="left", indent=False)
    _tag(left, "endfor")
    _para(left, "- {{ filed }}", size=11, align="left", indent=False)
    _para(right, "{{ signing_form }}", size=13, bold=True, align="center", indent=False)
    _tag(right, "if signer_title")
    _para(right, "{{ signer_title }}", size=13, bold=True, align="center", indent=False)
    _tag(right, "endif")
    for _blank in range(4):
        _para(right, indent=False)
    _para(right, "{{ signer_name }}", size=14, bold=True, align="center", indent=False)


@functools.cache
def default_template(kind: str) -> bytes:
    """Return the shipped DOCX template of `kind` (built once per process)."""
    document = Document()
    _setup(document)
    body = document._body._element
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)
    _heading(document, kind)
    _body(document, BODIES[kind])
    _signature(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- rendering and checking


def render_docx(template: bytes, fields: dict) -> bytes:
    """Fill `template` with `fields` (values escaped for Word's XML) and return the DOCX."""
    document = DocxTemplate(io.BytesIO(template))
    document.render(fields, jinja_env=Environment(autoescape=True), autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def check_template(kind: str, data: bytes) -> None:
    """Raise TemplateProblem naming the unknown field, bad syntax or unreadable file of a template."""
    from documents.fields import SAMPLES, allowed_fields

    try:
        used = DocxTemplate(io.BytesIO(data)).get_undeclared_template_variables(Environment())
    except TemplateSyntaxError as exc:
        raise TemplateProblem(
            _("Mẫu có trường viết sai cú pháp: %(error)s") % {"error": exc.message}
        ) from exc
    except Exception as exc:  # python-docx raises many kinds on a file that is not a DOCX
        raise TemplateProblem(_("Không đọc được tệp mẫu: cần một tệp DOCX.")) from exc
    unknown = sorted(used - set(allowed_fields(kind)))
    if unknown:
        raise TemplateProblem(
            _("Mẫu dùng trường không có trong danh sách của loại văn bản này: %(fields)s.")
            % {"fields": ", ".join(unknown)}
        )
    try:
        document = DocxTemplate(io.BytesIO(data))
        document.render(
            SAMPLES[kind], jinja_env=Environment(autoescape=True, undefined=StrictUndefined)
        )
    except UndefinedError as exc:
        raise TemplateProblem(
            _("Mẫu dùng trường không có: %(error)s.") % {"error": exc.message}
        ) from exc
    except TemplateSyntaxError as exc:
        raise TemplateProblem(
            _("Mẫu có trường viết sai cú pháp: %(error)s") % {"error": exc.message}
        ) from exc
