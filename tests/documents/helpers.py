"""Read generated documents back: python-docx for DOCX, pypdfium2 (render) and pypdf (text) for PDF."""

import io

import docx
import pypdfium2
from docx.shared import Mm
from pypdf import PdfReader


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def docx_text(document) -> str:
    """Return every paragraph of the body and of its tables (nested ones too), one per line."""
    lines = []

    def walk(container):
        for paragraph in container.paragraphs:
            lines.append(paragraph.text)
        for table in container.tables:
            for row in table.rows:
                for cell in row.cells:
                    walk(cell)

    walk(document)
    return "\n".join(lines)


def assert_decree_30_page(document) -> None:
    """Check A4, the margins of Decree 30/2020/NĐ-CP and Times New Roman throughout."""
    section = document.sections[0]
    assert round(section.page_width / Mm(1)) == 210 and round(section.page_height / Mm(1)) == 297
    assert 20 <= round(section.top_margin / Mm(1)) <= 25
    assert 20 <= round(section.bottom_margin / Mm(1)) <= 25
    assert 30 <= round(section.left_margin / Mm(1)) <= 35
    assert 15 <= round(section.right_margin / Mm(1)) <= 20
    assert document.styles["Normal"].font.name == "Times New Roman"
    fonts = {run.font.name for p in document.paragraphs for run in p.runs} - {None}
    assert fonts <= {"Times New Roman"}


def heading_cells(document) -> tuple[str, str]:
    """Return the text of the issuing body's column and of the national heading's column."""
    row = document.tables[0].rows[0]
    return row.cells[0].text, row.cells[1].text


def signature_cells(document) -> tuple[str, str]:
    """Return the Nơi nhận column and the signature column (the last table)."""
    row = document.tables[-1].rows[0]
    return row.cells[0].text, row.cells[1].text


def pdf_pages(data: bytes, *, scale: float = 0.5) -> list:
    """Render every page of a PDF to an image and return the images."""
    pdf = pypdfium2.PdfDocument(data)
    try:
        return [pdf[i].render(scale=scale).to_pil() for i in range(len(pdf))]
    finally:
        pdf.close()


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
