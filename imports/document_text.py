"""Take the text out of a directive's file: a PDF's text layer, a Word file, or OCR of a scan.

The file has passed `directives.uploads.validate_upload` (kind matches the bytes, no macros, no
archive bomb). A PDF whose pages carry (almost) no text is a scan: its pages are rendered with
pypdfium2 and read by Tesseract (`imports.ocr`), as are JPEG and PNG images. Every refusal is
an `UnreadableDocument` with a message that says what to do.
"""

import io
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from imports import ocr
from imports.unreadable import UnreadableDocument

__all__ = [
    "DocumentText",
    "OcrDeferred",
    "UnreadableDocument",
    "document_text",
    "flag_language",
    "looks_vietnamese",
]

logger = logging.getLogger(__name__)
# A page with fewer letters than this in its text layer is taken for a scanned image.
MIN_LETTERS_PER_PAGE = 40


@dataclass
class DocumentText:
    text: str
    method: str  # "pdf", "docx", "ocr", "pasted"
    pages: int = 0
    notes: list[str] = field(default_factory=list)


class OcrDeferred(Exception):
    """The file is a scan of more pages than a request should wait for: OCR it as a job."""

    def __init__(self, pages: int):
        super().__init__(pages)
        self.pages = pages


def document_text(name: str, data: bytes, progress=None, defer_over: int | None = None):
    """Return the text of a PDF, DOCX, JPEG or PNG file (already checked by the upload rules).

    With `defer_over`, a scanned PDF of more pages raises OcrDeferred instead of being read.
    """
    return flag_language(_document_text(name, data, progress, defer_over))


def flag_language(found: DocumentText) -> DocumentText:
    """Tell the officer when the text does not look Vietnamese (nothing will be read from it)."""
    if found.text.strip() and not looks_vietnamese(found.text):
        found.notes.append(
            _("Văn bản có vẻ không viết bằng tiếng Việt: PCTS chỉ đọc được văn bản tiếng Việt.")
        )
    return found


# Letters only Vietnamese writes among the languages a directive's file may come in.
VIETNAMESE_LETTERS = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")


def looks_vietnamese(text: str) -> bool:
    """Say whether at least 3 % of a text's letters are letters only Vietnamese writes."""
    letters = [ch for ch in text.lower() if ch.isalpha()]
    if len(letters) < 50:
        return True
    marked = sum(ch in VIETNAMESE_LETTERS for ch in letters)
    return marked / len(letters) >= 0.03


def _document_text(name: str, data: bytes, progress, defer_over) -> DocumentText:
    lower = name.lower()
    if lower.endswith(".pdf"):
        return _pdf_text(data, progress, defer_over)
    if lower.endswith(".docx"):
        return _docx_text(data)
    if lower.endswith((".jpg", ".jpeg", ".png")):
        text = ocr.ocr_images([ocr.open_image(data)], progress=progress)
        return DocumentText(text=text, method="ocr", pages=1)
    raise UnreadableDocument(_("Chỉ đọc được văn bản PDF, Word (.docx) hoặc ảnh chụp (JPEG, PNG)."))


def _pdf_text(data: bytes, progress, defer_over=None) -> DocumentText:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableDocument(
                _(
                    "Tệp PDF được đặt mật khẩu: hãy mở bằng mật khẩu rồi lưu (hoặc in) ra một tệp "
                    "PDF không mật khẩu, hoặc dán nội dung văn bản."
                )
            )
        pages = len(reader.pages)
        if pages > settings.PCTS_INTAKE_MAX_PAGES:
            raise UnreadableDocument(
                _("Văn bản dài %(n)d trang, quá %(limit)d trang: hãy tải lên phần văn bản chính.")
                % {"n": pages, "limit": settings.PCTS_INTAKE_MAX_PAGES}
            )
        texts = [page.extract_text() or "" for page in reader.pages]
    except UnreadableDocument:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UnreadableDocument(
            _("Tệp PDF bị hỏng, không đọc được: hãy xuất lại tệp PDF hoặc dán nội dung văn bản.")
        ) from exc
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        if "encrypt" in str(exc).lower() or "crypt" in type(exc).__name__.lower():
            raise UnreadableDocument(
                _("Tệp PDF được mã hóa theo cách không đọc được: hãy lưu lại không mã hóa.")
            ) from exc
        raise UnreadableDocument(
            _("Tệp PDF bị hỏng, không đọc được: hãy xuất lại tệp PDF hoặc dán nội dung văn bản.")
        ) from exc
    letters = sum(sum(ch.isalpha() for ch in t) for t in texts)
    if letters >= MIN_LETTERS_PER_PAGE * max(1, pages) // 2:
        return DocumentText(text="\n".join(texts), method="pdf", pages=pages)
    if defer_over is not None and pages > defer_over:
        raise OcrDeferred(pages)
    text, notes = ocr.ocr_pdf(data, progress=progress)
    return DocumentText(text=text, method="ocr", pages=pages, notes=notes)


def _docx_text(data: bytes) -> DocumentText:
    """Read a Word file's paragraphs and tables in document order."""
    import docx
    from docx.oxml.ns import qn

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a damaged file
        raise UnreadableDocument(
            _("Tệp Word bị hỏng, không đọc được: hãy mở bằng Word và lưu lại dạng .docx.")
        ) from exc
    lines = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append("".join(t.text or "" for t in child.iter(qn("w:t"))))
        elif child.tag == qn("w:tbl"):
            lines += _table_lines(child, qn)
    return DocumentText(text="\n".join(lines), method="docx")


def _table_lines(table, qn) -> list[str]:
    """Write a table as text the intake reads.

    Decree 30 lays the heading and the signature out in two-column tables without borders: each
    cell's lines are written one after the other, left cell first. A task table (three columns or
    more) is written one row a line, cells joined by " | ", as the intake's table reader expects.
    """

    def paragraphs(cell):
        found = ("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in cell.iter(qn("w:p")))
        return [p for p in found if p.strip()]

    rows = [list(row.iter(qn("w:tc"))) for row in table.iter(qn("w:tr"))]
    if max((len(r) for r in rows), default=0) <= 2:
        return [line for row in rows for cell in row for line in paragraphs(cell)]
    return [" | ".join(" ".join(paragraphs(cell)) for cell in row) for row in rows]
