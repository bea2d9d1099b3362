"""Generate official documents and keep them on the directive's record; admins' templates."""

import functools
import hashlib
import io
import logging
import zipfile
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from directives.models import local_today
from directives.permissions import can_manage
from documents.content import Built
from documents.docx import TemplateProblem, check_template, default_template, render_docx
from documents.models import CONTENT_TYPES, DocumentTemplate, GeneratedDocument
from documents.pdf import render_pdf
from units.vietnamese import slugify_vi

logger = logging.getLogger(__name__)
TEMPLATE_MAX_BYTES = 5 * 1024 * 1024


@dataclass
class Output:
    """One generated file: its name, type and bytes, and its stored row (None for a classified directive)."""

    name: str
    content_type: str
    data: bytes
    stored: GeneratedDocument | None = None


def active_template(kind: str) -> DocumentTemplate | None:
    """Return the admin's newest active template of `kind`, or None for the shipped one."""
    return (
        DocumentTemplate.objects.filter(kind=kind, is_active=True)
        .order_by("-uploaded_at", "-pk")
        .first()
    )


def template_bytes(kind: str) -> tuple[bytes, DocumentTemplate | None]:
    """Return the bytes of the template in force for `kind` and its row (None: shipped)."""
    row = active_template(kind)
    if row is None:
        return default_template(kind), None
    with row.file.open("rb") as handle:
        return handle.read(), row


def file_name(stem: str, fmt: str) -> str:
    """Name a file after what it holds and the day: cong-van-don-doc-160-kh-tu-2026-03-20.docx."""
    return f"{slugify_vi(stem)[:120]}-{local_today():%Y-%m-%d}.{fmt}"


def render(built: Built, fmt: str) -> tuple[bytes, DocumentTemplate | None]:
    """Return the document as DOCX (the template in force) or PDF (the shipped layout)."""
    if fmt == "pdf":
        return render_pdf(built.kind, built.fields), None
    template, row = template_bytes(built.kind)
    try:
        return render_docx(template, built.fields), row
    except Exception as exc:  # an admin's template that passed the checks can still fail in Jinja
        logger.exception("template %s failed", row.pk if row else "shipped")
        raise ValidationError(
            _("Mẫu văn bản đang dùng bị lỗi (%(error)s); quản trị viên cần sửa hoặc tắt mẫu.")
            % {"error": exc}
        ) from exc


@transaction.atomic
def documents_generate(*, actor, built: list[Built], fmt: str, parameters: dict) -> list[Output]:
    """Render each document and keep it on its directive's record with who made it and when.

    A classified directive's documents are handed to the officer only: nothing is stored
    (DOMAIN.md §6). The bytes are written to the storage once the rows are committed.
    """
    if not can_manage(actor):
        raise PermissionDenied(_("Chỉ cán bộ Thanh tra được tạo văn bản."))
    if fmt not in ("docx", "pdf"):
        raise ValidationError(_("Định dạng không hỗ trợ."))
    outputs = []
    for document in built:
        data, template = render(document, fmt)
        output = Output(file_name(document.stem, fmt), CONTENT_TYPES[fmt], data)
        directive = document.directive
        if directive is None or not directive.is_classified:
            output.stored = _store(actor, document, fmt, output, template, parameters)
        outputs.append(output)
    return outputs


def _store(actor, document: Built, fmt, output: Output, template, parameters) -> GeneratedDocument:
    row = GeneratedDocument(
        kind=document.kind,
        format=fmt,
        directive=document.directive,
        title=document.title[:500],
        original_name=output.name,
        size=len(output.data),
        sha256=hashlib.sha256(output.data).hexdigest(),
        template=template,
        parameters=parameters,
        generated_by=actor,
    )
    row.file.name = row.file.field.generate_filename(row, output.name)
    row.save()
    transaction.on_commit(
        functools.partial(_write, row.pk, row.file.name, output.data), robust=True
    )
    return row


def _write(pk: int, name: str, data: bytes) -> None:
    storage = GeneratedDocument._meta.get_field("file").storage
    saved = storage.save(name, ContentFile(data))
    if saved != name:
        GeneratedDocument.objects.filter(pk=pk).update(file=saved)


def zip_outputs(outputs: list[Output], stem: str) -> Output:
    """Bundle several generated files (one letter per unit) into one ZIP to download."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for output in outputs:
            archive.writestr(output.name, output.data)
    return Output(file_name(stem, "zip"), CONTENT_TYPES["zip"], buffer.getvalue())


def template_check_upload(kind: str, upload) -> bytes:
    """Read an uploaded template and check it for `kind`; raise ValidationError naming the problem."""
    if upload.size > TEMPLATE_MAX_BYTES:
        raise ValidationError(_("Tệp mẫu tối đa 5 MB."))
    if not upload.name.lower().endswith(".docx"):
        raise ValidationError(_("Tệp mẫu phải là tệp DOCX (Word)."))
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        check_template(kind, data)
    except TemplateProblem as exc:
        raise ValidationError(str(exc)) from exc
    return data
