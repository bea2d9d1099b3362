"""Read scanned pages with Tesseract (Vietnamese data, Debian's tesseract-ocr-vie).

`scripts/ocr.sh` installs Tesseract with apt-get when run as root (`make test` runs it), else
says how. PDF pages are rendered with pypdfium2 at PCTS_OCR_DPI; at most PCTS_OCR_MAX_PAGES
pages are read, within PCTS_OCR_TIME_LIMIT seconds in all: what is read by then is kept and
the officer is told how many pages were left. Tesseract runs as a subprocess with an argument
list (no shell) and reads the image from its standard input.
"""

import functools
import io
import shutil
import subprocess
import time

from django.conf import settings
from django.utils.translation import gettext as _

from imports.unreadable import UnreadableDocument


@functools.cache
def _languages(binary: str) -> frozenset[str]:
    try:
        done = subprocess.run(
            [binary, "--list-langs"], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    return frozenset(line.strip() for line in done.stdout.splitlines()[1:])


def tesseract() -> str:
    """Return the tesseract binary with Vietnamese data, or refuse with how to install it."""
    binary = shutil.which(settings.PCTS_TESSERACT)
    if binary is None or "vie" not in _languages(binary):
        raise UnreadableDocument(
            _(
                "Văn bản là bản scan (ảnh) nhưng máy chủ chưa có Tesseract với dữ liệu tiếng Việt: "
                "quản trị viên chạy scripts/ocr.sh (hoặc apt-get install tesseract-ocr "
                "tesseract-ocr-vie). Trong lúc chờ, hãy dán nội dung văn bản."
            )
        )
    return binary


def open_image(data: bytes):
    from PIL import Image

    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (Image.DecompressionBombError, OSError, ValueError) as exc:
        raise UnreadableDocument(
            _("Ảnh bị hỏng hoặc quá lớn, không đọc được: hãy chụp hoặc quét lại (300 dpi).")
        ) from exc
    return image


def _png(image) -> bytes:
    handle = io.BytesIO()
    image.convert("L").save(handle, format="PNG")
    return handle.getvalue()


def _read(binary: str, png: bytes, timeout: float) -> str:
    try:
        done = subprocess.run(
            [binary, "stdin", "stdout", "-l", "vie", "--psm", "3"],
            input=png,
            capture_output=True,
            timeout=max(timeout, 1),
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise TimeoutError from exc
    if done.returncode != 0:
        raise UnreadableDocument(
            _("Không đọc được ảnh của văn bản (OCR): hãy quét lại rõ hơn hoặc dán nội dung.")
        )
    return done.stdout.decode("utf-8", "replace")


def ocr_images(images, *, progress=None, total: int | None = None) -> str:
    """Read each image (a PIL image, or a callable returning one) within the time limit."""
    text, _notes = _ocr_pages(images, progress=progress, total=total)
    return text


def _ocr_pages(images, *, progress=None, total=None) -> tuple[str, list[str]]:
    binary = tesseract()
    deadline = time.monotonic() + settings.PCTS_OCR_TIME_LIMIT
    texts, notes = [], []
    images = list(images)
    total = total or len(images)
    for done, image in enumerate(images):
        left = deadline - time.monotonic()
        if left <= 0:
            notes.append(_time_note(done, total))
            break
        if callable(image):
            image = image()
        try:
            texts.append(_read(binary, _png(image), left))
        except TimeoutError:
            notes.append(_time_note(done, total))
            break
        if progress:
            progress(done + 1, total)
    return "\n".join(texts), notes


def _time_note(done: int, total: int) -> str:
    return _(
        "Hết thời gian đọc bản scan (%(limit)d giây): đã đọc %(done)d/%(total)d trang; "
        "kiểm tra và bổ sung phần còn lại."
    ) % {"limit": settings.PCTS_OCR_TIME_LIMIT, "done": done, "total": total}


def ocr_pdf(data: bytes, *, progress=None) -> tuple[str, list[str]]:
    """Render a scanned PDF's pages and read them; return the text and what the officer should know."""
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise UnreadableDocument(
            _("Tệp PDF bị hỏng, không đọc được: hãy xuất lại tệp PDF hoặc dán nội dung văn bản.")
        ) from exc
    try:
        count = len(pdf)
        limit = min(count, settings.PCTS_OCR_MAX_PAGES)
        scale = settings.PCTS_OCR_DPI / 72

        def render(index):
            return lambda: pdf[index].render(scale=scale, grayscale=True).to_pil()

        text, notes = _ocr_pages([render(i) for i in range(limit)], progress=progress, total=limit)
    finally:
        pdf.close()
    if count > limit:
        notes.append(
            _("Bản scan có %(n)d trang: chỉ đọc %(limit)d trang đầu; kiểm tra phần còn lại.")
            % {"n": count, "limit": limit}
        )
    return text, notes
