"""Check uploaded files by content and size before anything is stored."""

import hashlib

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Content types an inspectorate exchanges: PDF scans, Word/Excel files, images of signed pages.
ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/msword": "DOC",
    "application/vnd.ms-excel": "XLS",
    "application/x-ole-storage": "DOC/XLS",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "application/zip": "ZIP",
}


def sniff(upload) -> tuple[str, str]:
    """Return (content type, sha256) of an upload, read from its bytes, not its name."""
    upload.seek(0)
    head = upload.read(8192)
    kind = filetype.guess(head)
    digest = hashlib.sha256()
    digest.update(head)
    for chunk in iter(lambda: upload.read(1 << 16), b""):
        digest.update(chunk)
    upload.seek(0)
    if kind is None:
        if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # legacy .doc/.xls container
            return "application/x-ole-storage", digest.hexdigest()
        return "application/octet-stream", digest.hexdigest()
    mime = kind.mime
    if mime == "application/zip" and upload.name.lower().endswith((".docx", ".xlsx")):
        # filetype reports OOXML as zip when the first entry is not [Content_Types].xml.
        mime = (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            if upload.name.lower().endswith(".docx")
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    return mime, digest.hexdigest()


def validate_upload(upload) -> tuple[str, str]:
    """Raise ValidationError unless the file's content is an allowed type within the size limit."""
    limit_mb = settings.PCTS_ATTACHMENT_MAX_MB
    if upload.size > limit_mb * 1024 * 1024:
        raise ValidationError(
            _(
                "Tệp “%(name)s” dung lượng %(size).1f MB, vượt giới hạn %(limit)d MB. Hãy nén hoặc chia nhỏ tệp."
            )
            % {"name": upload.name, "size": upload.size / 1024 / 1024, "limit": limit_mb},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": upload.name}, code="empty")
    mime, digest = sniff(upload)
    if mime not in ALLOWED_TYPES:
        raise ValidationError(
            _(
                "Tệp “%(name)s” không phải PDF, Word, Excel hoặc ảnh (nội dung thực tế: %(mime)s). "
                "Chỉ chấp nhận các định dạng: %(allowed)s."
            )
            % {
                "name": upload.name,
                "mime": mime,
                "allowed": ", ".join(sorted(set(ALLOWED_TYPES.values()))),
            },
            code="bad_type",
        )
    return mime, digest
