"""Check uploaded files by name, content and size before anything is stored.

The policy (each limit a setting, listed in .env.example):

- A file's extension names one of the kinds an inspectorate exchanges (PDF, Word, Excel, JPEG,
  PNG, ZIP) and must match what its bytes are: a ZIP named `.pdf` is refused, never served as a
  PDF. The stored content type is the one of the checked kind.
- ZIP containers (DOCX, XLSX and plain ZIP) are inspected without extracting anything: their
  members' declared sizes add up to at most PCTS_ATTACHMENT_MAX_UNPACKED_MB (a 1 MB DOCX that
  inflates to 1 GiB is refused); a DOCX or XLSX has its main part and no macros; a plain ZIP
  holds only documents of the other kinds, each checked the same way (no programs, no scripts,
  no archive in an archive, no path that climbs out of the folder it is unpacked in).
- Names lose control and bidirectional characters (U+202E shows "…fdp.exe" as "…exe.pdf"), are
  put in NFC, and a long name is shortened keeping its extension.
- One report, or one directive registration, carries at most PCTS_ATTACHMENT_MAX_FILES files
  and PCTS_ATTACHMENT_MAX_TOTAL_MB in all.
"""

import hashlib
import posixpath
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MB = 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls container
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# extension -> (what its bytes must be, content type served)
KINDS = {
    ".pdf": ("pdf", "application/pdf"),
    ".docx": ("zip", DOCX),
    ".xlsx": ("zip", XLSX),
    ".doc": ("ole", "application/msword"),
    ".xls": ("ole", "application/vnd.ms-excel"),
    ".jpg": ("jpeg", "image/jpeg"),
    ".jpeg": ("jpeg", "image/jpeg"),
    ".png": ("png", "image/png"),
    ".zip": ("zip", "application/zip"),
}
# The part an Office file cannot do without; a plain ZIP has none.
MAIN_PART = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}
MAX_ARCHIVE_MEMBERS = 5000
# Names are kept in UTF-8 within what every file system takes (255 bytes), with room to spare.
MAX_NAME_BYTES = 200
# Characters a name never needs: controls, format and direction marks, line separators.
STRIPPED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Zl", "Zp"}
# Codes of the errors below: forms put them on the file field, not above the form.
UPLOAD_ERROR_CODES = {
    "too_large",
    "bad_type",
    "empty",
    "no_extension",
    "mismatch",
    "bad_archive",
    "unpacked_too_large",
    "too_many_files",
    "total_too_large",
    "classified",
}


@dataclass(frozen=True)
class CheckedUpload:
    """What the checks found: the name to keep, the content type to serve, size and digest."""

    name: str
    content_type: str
    size: int
    sha256: str


def clean_name(name: str) -> str:
    """Return a file name without control or direction characters, in NFC, at most MAX_NAME_BYTES.

    A shortened name keeps its extension: "…rất dài….pdf" stays a .pdf.
    """
    name = unicodedata.normalize("NFC", str(name or ""))
    name = "".join(ch for ch in name if unicodedata.category(ch) not in STRIPPED_CATEGORIES)
    name = " ".join(name.replace("/", " ").replace("\\", " ").split()).strip(". ")
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or " " in extension or len(extension) > 10:
        stem, extension = name, ""
    suffix = f".{extension}" if extension else ""
    while stem and len((stem + suffix).encode()) > MAX_NAME_BYTES:
        stem = stem[:-1]
    return (stem.rstrip(". ") or _("tệp")) + suffix


def extension_of(name: str) -> str:
    return posixpath.splitext(name.lower())[1]


def content_kind(head: bytes) -> str | None:
    """Say what the first bytes of a file are: pdf, zip, ole, jpeg or png (None: anything else)."""
    if head.startswith(OLE_MAGIC):
        return "ole"
    if head.startswith(ZIP_MAGIC):
        return "zip"
    kind = filetype.guess(head)
    return {"application/pdf": "pdf", "image/jpeg": "jpeg", "image/png": "png"}.get(
        kind.mime if kind else None
    )


def _refuse(message: str, code: str, **values):
    raise ValidationError(message % values, code=code)


def allowed_labels() -> str:
    return "PDF, Word (DOC, DOCX), Excel (XLS, XLSX), JPEG, PNG, ZIP"


def _check_kind(name: str, head: bytes) -> str:
    """Return the extension of `name` once its bytes are what it says, or refuse."""
    extension = extension_of(name)
    if not extension:
        _refuse(
            _("Tệp “%(name)s” không có phần mở rộng; chỉ nhận: %(allowed)s."),
            "no_extension",
            name=name,
            allowed=allowed_labels(),
        )
    if extension not in KINDS:
        _refuse(
            _("Không nhận tệp “%(name)s” (loại %(ext)s); chỉ nhận: %(allowed)s."),
            "bad_type",
            name=name,
            ext=extension,
            allowed=allowed_labels(),
        )
    if content_kind(head) != KINDS[extension][0]:
        _refuse(
            _(
                "Nội dung tệp “%(name)s” không phải tệp %(ext)s như tên tệp ghi; "
                "hãy gửi đúng tệp gốc hoặc đổi lại đúng phần mở rộng."
            ),
            "mismatch",
            name=name,
            ext=extension,
        )
    return extension


def _members(archive: zipfile.ZipFile, name: str) -> list[zipfile.ZipInfo]:
    members = archive.infolist()
    if len(members) > MAX_ARCHIVE_MEMBERS:
        _refuse(
            _("Tệp “%(name)s” chứa quá nhiều tệp con (%(count)d); tối đa %(limit)d."),
            "bad_archive",
            name=name,
            count=len(members),
            limit=MAX_ARCHIVE_MEMBERS,
        )
    for member in members:
        path = member.filename
        if member.flag_bits & 0x1:
            _refuse(
                _(
                    "Tệp “%(name)s” có mật khẩu nên không kiểm tra được; hãy gửi tệp không đặt mật khẩu."
                ),
                "bad_archive",
                name=name,
            )
        if path.startswith(("/", "\\")) or "\\" in path or ".." in path.split("/") or ":" in path:
            _refuse(
                _("Tệp “%(name)s” chứa đường dẫn không hợp lệ (%(path)s)."),
                "bad_archive",
                name=name,
                path=clean_name(path),
            )
    return members


def _check_plain_zip(archive: zipfile.ZipFile, members, name: str) -> int:
    """Check each member of a plain ZIP as a file of its own; return their declared total size."""
    total = 0
    for member in members:
        if member.is_dir():
            continue
        inner = posixpath.basename(member.filename)
        if extension_of(inner) == ".zip":
            _refuse(
                _("Tệp “%(name)s” chứa tệp nén “%(inner)s”; không nhận tệp nén lồng nhau."),
                "bad_archive",
                name=name,
                inner=clean_name(inner),
            )
        with archive.open(member) as handle:
            head = handle.read(8192)
        try:
            extension = _check_kind(inner, head)
        except ValidationError as exc:
            _refuse(
                _("Tệp “%(name)s” chứa “%(inner)s” không được nhận: %(reason)s"),
                "bad_archive",
                name=name,
                inner=clean_name(inner),
                reason=" ".join(exc.messages),
            )
        total += member.file_size
        if extension in MAIN_PART:
            # An Office file is itself a ZIP: its own members count towards the limit.
            with archive.open(member) as handle, zipfile.ZipFile(handle) as office:
                total += _check_office(office, _members(office, inner), inner, extension)
    return total


def _check_office(archive: zipfile.ZipFile, members, name: str, extension: str) -> int:
    """Check a DOCX or XLSX has its main part and no macros; return its declared unpacked size."""
    names = {member.filename for member in members}
    if MAIN_PART[extension] not in names:
        _refuse(
            _("Tệp “%(name)s” không phải tệp %(ext)s hợp lệ; hãy lưu lại bằng Word hoặc Excel."),
            "mismatch",
            name=name,
            ext=extension,
        )
    if any(posixpath.basename(n).lower() == "vbaproject.bin" for n in names):
        _refuse(
            _("Tệp “%(name)s” chứa macro; hãy lưu thành tệp %(ext)s không có macro."),
            "bad_archive",
            name=name,
            ext=extension,
        )
    return sum(member.file_size for member in members)


def _check_archive(upload, name: str, extension: str) -> None:
    """Inspect a ZIP container's members without extracting; refuse what the policy refuses."""
    limit_mb = settings.PCTS_ATTACHMENT_MAX_UNPACKED_MB
    try:
        with zipfile.ZipFile(upload) as archive:
            members = _members(archive, name)
            if extension in MAIN_PART:
                total = _check_office(archive, members, name, extension)
            else:
                total = _check_plain_zip(archive, members, name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        raise ValidationError(
            _("Tệp “%(name)s” bị hỏng hoặc không đọc được.") % {"name": name}, code="bad_archive"
        ) from exc
    finally:
        upload.seek(0)
    if total > limit_mb * MB:
        _refuse(
            _(
                "Tệp “%(name)s” khi giải nén ra %(size).0f MB, vượt giới hạn %(limit)d MB. "
                "Hãy chia nhỏ tệp."
            ),
            "unpacked_too_large",
            name=name,
            size=total / MB,
            limit=limit_mb,
        )


def _digest(upload) -> tuple[bytes, str]:
    upload.seek(0)
    head = upload.read(8192)
    digest = hashlib.sha256(head)
    for chunk in iter(lambda: upload.read(1 << 16), b""):
        digest.update(chunk)
    upload.seek(0)
    return head, digest.hexdigest()


def validate_upload(upload) -> CheckedUpload:
    """Raise ValidationError unless the file is an allowed kind, as named, within the limits."""
    name = clean_name(upload.name)
    limit_mb = settings.PCTS_ATTACHMENT_MAX_MB
    if upload.size > limit_mb * MB:
        _refuse(
            _(
                "Tệp “%(name)s” dung lượng %(size).1f MB, vượt giới hạn %(limit)d MB. Hãy nén hoặc chia nhỏ tệp."
            ),
            "too_large",
            name=name,
            size=upload.size / MB,
            limit=limit_mb,
        )
    if upload.size == 0:
        _refuse(_("Tệp “%(name)s” rỗng."), "empty", name=name)
    head, digest = _digest(upload)
    extension = _check_kind(name, head)
    if KINDS[extension][0] == "zip":
        _check_archive(upload, name, extension)
    return CheckedUpload(
        name=name, content_type=KINDS[extension][1], size=upload.size, sha256=digest
    )


def validate_uploads(files) -> list[CheckedUpload]:
    """Check the files sent at once (one report, one registration): the quota, then each file.

    Every file's errors are told together, so the user fixes them in one go.
    """
    files = list(files)
    most, total_mb = settings.PCTS_ATTACHMENT_MAX_FILES, settings.PCTS_ATTACHMENT_MAX_TOTAL_MB
    if len(files) > most:
        _refuse(
            _("Mỗi lần gửi tối đa %(limit)d tệp (đã chọn %(count)d tệp)."),
            "too_many_files",
            limit=most,
            count=len(files),
        )
    total = sum(upload.size for upload in files)
    if total > total_mb * MB:
        _refuse(
            _(
                "Các tệp gửi cùng lúc tổng cộng %(size).1f MB, vượt giới hạn %(limit)d MB mỗi lần gửi."
            ),
            "total_too_large",
            size=total / MB,
            limit=total_mb,
        )
    checked, errors = [], []
    for upload in files:
        try:
            checked.append(validate_upload(upload))
        except ValidationError as exc:
            errors.extend(exc.error_list)
    if errors:
        raise ValidationError(errors)
    return checked


def upload_help_text() -> str:
    """Tell the user the limits before they pick files."""
    return _(
        "PDF, Word, Excel, ảnh hoặc ZIP chứa các tệp đó; mỗi tệp tối đa %(size)d MB, "
        "mỗi lần gửi tối đa %(count)d tệp, tổng %(total)d MB."
    ) % {
        "size": settings.PCTS_ATTACHMENT_MAX_MB,
        "count": settings.PCTS_ATTACHMENT_MAX_FILES,
        "total": settings.PCTS_ATTACHMENT_MAX_TOTAL_MB,
    }
