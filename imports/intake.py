"""Document intake: read a directive's file or text into a draft, then register it with its tasks.

Reading keeps the text (and the original file) in an IntakeDraft for the officer to check the
pre-filled form and the task proposals; registering calls `directive_register` and `task_create`
in one transaction, so a refused task saves nothing, and deletes the draft. A classified ("Mật")
document keeps only its symbol, date, type and issuer: the text and the file are dropped as soon
as the mark is read (DOMAIN.md §6), and no task is proposed.
"""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directives import services
from directives.broker import publish
from directives.intake import extract_directive, is_classified, propose_tasks
from directives.services.common import _require_manager
from directives.uploads import validate_upload
from imports import ocr
from imports.document_text import (
    DocumentText,
    OcrDeferred,
    UnreadableDocument,
    document_text,
    flag_language,
)
from imports.models import IntakeDraft

READABLE = (".pdf", ".docx", ".jpg", ".jpeg", ".png")
MAX_PASTED_CHARS = 200_000


def intake_read(*, actor, upload=None, text: str = "", progress=None) -> IntakeDraft:
    """Read an uploaded PDF, DOCX or image (or pasted text) into a draft to review."""
    _require_manager(actor)
    data = b""
    if upload is not None:
        try:
            checked = validate_upload(upload)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}, code="upload") from exc
        if not checked.name.lower().endswith(READABLE):
            raise ValidationError(
                {"file": _("Chỉ đọc được văn bản PDF, Word (.docx) hoặc ảnh chụp (JPEG, PNG).")},
                code="bad_type",
            )
        upload.seek(0)
        data = upload.read()
        name, content_type = checked.name, checked.content_type
        try:
            found = document_text(
                checked.name, data, progress=progress, defer_over=settings.PCTS_OCR_INLINE_PAGES
            )
        except OcrDeferred as exc:
            return _read_later(actor, name, content_type, data, exc.pages)
        except UnreadableDocument as exc:
            raise ValidationError({"file": str(exc)}, code="unreadable") from exc
    else:
        text = (text or "").strip()
        if not text:
            raise ValidationError({"text": _("Chọn tệp văn bản hoặc dán nội dung văn bản.")})
        if len(text) > MAX_PASTED_CHARS:
            raise ValidationError(
                {
                    "text": _("Nội dung dán vào quá dài (tối đa %(n)d ký tự).")
                    % {"n": MAX_PASTED_CHARS}
                }
            )
        found = flag_language(DocumentText(text=text, method="pasted"))
        name, content_type = "", ""
    if not found.text.strip():
        raise ValidationError({"file": EMPTY_TEXT}, code="empty_text")
    draft = IntakeDraft(created_by=actor, original_name=name, content_type=content_type)
    if data and not is_classified(found.text):
        draft.file.save("original", ContentFile(data), save=False)
    _fill(draft, found)
    draft.save()
    return draft


EMPTY_TEXT = gettext_lazy("Không đọc được chữ nào trong tệp: hãy dán nội dung văn bản.")


def _fill(draft: IntakeDraft, found: DocumentText) -> None:
    """Keep what was read; a classified document keeps only its header, never its text or file."""
    draft.method, draft.state = found.method, IntakeDraft.State.READY
    if is_classified(found.text):
        draft.is_classified, draft.header, draft.text, draft.notes = (
            True,
            _header_only(found.text),
            "",
            [],
        )
        if draft.file:
            draft.file.delete(save=False)
        draft.original_name = draft.content_type = ""
    else:
        draft.text, draft.notes = found.text, found.notes


def progress_key(draft_id: int) -> str:
    return f"imports:intake:{draft_id}"


def _read_later(actor, name, content_type, data, pages) -> IntakeDraft:
    draft = IntakeDraft(
        created_by=actor,
        original_name=name,
        content_type=content_type,
        method="ocr",
        state=IntakeDraft.State.READING,
    )
    draft.file.save("original", ContentFile(data), save=False)
    draft.save()
    cache.set(
        progress_key(draft.pk), {"done": 0, "total": min(pages, settings.PCTS_OCR_MAX_PAGES)}, 3600
    )
    transaction.on_commit(lambda: publish(OCR_TASK, [draft.pk]))
    return draft


OCR_TASK = "imports.tasks.intake_ocr"


def intake_ocr(draft_id: int) -> IntakeDraft | None:
    """Read a long scan's pages (the job); a rerun of a draft already read does nothing."""
    draft = IntakeDraft.objects.filter(pk=draft_id, state=IntakeDraft.State.READING).first()
    if draft is None:
        return None

    def tick(done, total):
        cache.set(progress_key(draft_id), {"done": done, "total": total}, 3600)

    try:
        with draft.file.open("rb") as handle:
            text, notes = ocr.ocr_pdf(handle.read(), progress=tick)
    except UnreadableDocument as exc:
        draft.state, draft.message = IntakeDraft.State.FAILED, str(exc)
    else:
        found = flag_language(DocumentText(text=text, method="ocr", notes=notes))
        if found.text.strip():
            _fill(draft, found)
        else:
            draft.state, draft.message = IntakeDraft.State.FAILED, str(EMPTY_TEXT)
    if draft.state == IntakeDraft.State.FAILED and draft.file:
        draft.file.delete(save=False)
    draft.save()
    return draft


def intake_progress(draft: IntakeDraft) -> dict:
    found = cache.get(progress_key(draft.pk)) or {"done": 0, "total": 0}
    return {**found, "busy": draft.state == IntakeDraft.State.READING}


def _header_only(text: str) -> dict:
    draft = extract_directive(text)
    return {
        "symbol": draft.symbol or "",
        "issued_on": draft.issued_on.isoformat() if draft.issued_on else "",
        "issuer_name": draft.issuer_name or "",
        "type_name": draft.type_name or "",
    }


def draft_initial(draft: IntakeDraft):
    """Return the registration form's initial values and the draft the extractor read."""
    if draft.is_classified:
        h = draft.header
        issued = datetime.date.fromisoformat(h["issued_on"]) if h.get("issued_on") else None
        return {
            "raw_symbol": h.get("symbol", ""),
            "issued_on": issued,
            "issuer_name": h.get("issuer_name", ""),
            "is_classified": True,
        }, None
    found = extract_directive(draft.text)
    return {
        "raw_symbol": found.symbol or "",
        "issued_on": found.issued_on,
        "issuer_name": found.issuer_name or "",
        "signer": found.signer or "",
        "summary": found.summary or "",
        "body": draft.text,
    }, found


def draft_proposals(draft: IntakeDraft, units) -> list[dict]:
    """Return the task proposals as form initial values: matched units as units, the rest as written."""
    if draft.is_classified:
        return []
    by_name = {u.name: u for u in units}
    proposals = []
    for p in propose_tasks(draft.text, list(by_name)):
        lead = by_name.get(p.lead) if p.lead else None
        coordinating = [by_name[name] for name in p.coordinating if name in by_name]
        unmatched = [n for n in [p.lead, *p.coordinating] if n and n not in by_name]
        proposals.append(
            {
                "include": True,
                "title": p.title[:500],
                "lead_unit": lead.pk if lead else None,
                "coordinating_units": [u.pk for u in coordinating],
                "deadline_text": p.deadline_text or "",
                "written": "; ".join(unmatched),
            }
        )
    return proposals


@transaction.atomic
def intake_register(*, actor, draft: IntakeDraft, fields: dict, tasks: list[dict], links=()):
    """Register the directive with its original file and assign the accepted tasks, all or nothing."""
    _require_manager(actor)
    if draft.state != IntakeDraft.State.READY:
        raise ValidationError(_("Văn bản chưa đọc xong."), code="state")
    classified = draft.is_classified or fields.get("is_classified", False)
    files = list(fields.get("attachments") or [])
    if draft.file and not classified:
        with draft.file.open("rb") as handle:
            files.insert(
                0, SimpleUploadedFile(draft.original_name, handle.read(), draft.content_type)
            )
    directive = services.directive_register(
        actor=actor,
        raw_symbol=fields["raw_symbol"],
        issued_on=fields["issued_on"],
        summary=(fields.get("summary") or "").strip(),
        issuer_name=(fields.get("issuer_name") or "").strip(),
        signer="" if classified else (fields.get("signer") or "").strip(),
        body="" if classified else (fields.get("body") or "").strip(),
        is_classified=classified,
        tracking_officer=fields.get("tracking_officer"),
        files=[] if classified else files,
        links=links,
    )
    for number, task in enumerate([] if classified else tasks, start=1):
        try:
            services.task_create(
                actor=actor,
                directive=directive,
                title=task["title"],
                lead_unit=task["lead_unit"],
                coordinating_units=task.get("coordinating_units") or (),
                deadline_text=task.get("deadline_text") or "",
            )
        except ValidationError as exc:
            raise ValidationError(
                _("Nhiệm vụ %(n)d: %(error)s") % {"n": number, "error": " ".join(exc.messages)}
            ) from exc
    stored = draft.file.name if draft.file else ""
    draft.delete()
    if stored:
        storage = IntakeDraft._meta.get_field("file").storage
        transaction.on_commit(lambda: storage.delete(stored))
    return directive
