"""Every write of an import: upload and check (the dry run), apply, undo.

Checking writes only the batch and its rows. Applying plans the rows again against the database
as it is, then writes them in one transaction under `pghistory.context(import_batch=…)`, so the
audit trail of every directive, task and assignment row it writes names the batch; any error
rolls the whole batch back. Undoing reverses the recorded writes, newest first, in one
transaction. Files of PCTS_IMPORT_ASYNC_ROWS rows or more are checked and applied by a Celery
job; the progress is kept in the cache, visible outside the job's transaction.
"""

import logging

import pghistory
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from directives import events
from directives.batching import remembering
from directives.broker import publish
from directives.services.common import _require_manager
from directives.uploads import validate_upload
from imports.applying import GroupWriter
from imports.models import ColumnMapping, ImportBatch, ImportChange, ImportRow
from imports.planning import Planner, cells_as_json, counts, row_values
from imports.reader import UnmappedLayout, UnreadableWorkbook, read_workbook
from imports.undo import undo_change

logger = logging.getLogger(__name__)
CHECK_TASK = "imports.tasks.batch_check"
APPLY_TASK = "imports.tasks.batch_apply"
UNDO_TASK = "imports.tasks.batch_undo"


def progress_key(batch_id: int) -> str:
    return f"imports:progress:{batch_id}"


def set_progress(batch_id: int, done: int, total: int, stage: str) -> None:
    cache.set(progress_key(batch_id), {"done": done, "total": total, "stage": stage}, 3600)


def progress_of(batch: ImportBatch) -> dict:
    found = cache.get(progress_key(batch.pk))
    if found and batch.busy:
        return found
    return {"done": batch.total_rows, "total": batch.total_rows, "stage": batch.state}


def batch_create(*, actor, upload, run_now: bool | None = None) -> ImportBatch:
    """Store an uploaded tracker and check it (the dry run): inline, or as a job when it is large."""
    _require_manager(actor)
    try:
        checked = validate_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}, code="upload") from exc
    if not checked.name.lower().endswith(".xlsx"):
        raise ValidationError(
            {"file": _("Chỉ nhận tệp Excel .xlsx (tải tệp mẫu để xem các cột).")}, code="bad_type"
        )
    upload.seek(0)
    batch = ImportBatch(original_name=checked.name, sha256=checked.sha256, created_by=actor)
    batch.file.save("tracker.xlsx", ContentFile(upload.read()), save=False)
    batch.save()
    rows = _estimated_rows(batch)
    batch.total_rows = rows
    batch.save(update_fields=["total_rows"])
    if run_now is None:
        run_now = rows < settings.PCTS_IMPORT_ASYNC_ROWS
    if run_now:
        batch_check(batch.pk)
        batch.refresh_from_db()
    else:
        transaction.on_commit(lambda: publish(CHECK_TASK, [batch.pk]))
    return batch


def _estimated_rows(batch: ImportBatch) -> int:
    from openpyxl import load_workbook

    try:
        with batch.file.open("rb") as handle:
            workbook = load_workbook(handle, read_only=True)
            total = sum(ws.max_row or 0 for ws in workbook.worksheets)
            workbook.close()
            return total
    except Exception:  # read_workbook says what is wrong with the file
        return 0


def batch_check(batch_id: int, progress=None) -> ImportBatch:
    """Read and plan a batch's file, store every row with its action and problems; write nothing else."""
    batch = ImportBatch.objects.get(pk=batch_id)
    layouts = dict(ColumnMapping.objects.values_list("signature", "fields"))
    try:
        with batch.file.open("rb") as handle:
            sheet = read_workbook(handle, layouts)
    except UnmappedLayout as exc:
        # Another layout: the officer maps its headings (imports.mappings), the file is kept.
        batch.state, batch.message = ImportBatch.State.MAPPING, str(exc)
        batch.sheet, batch.headings, batch.mapping = exc.sheet, exc.headings, None
        batch.save(update_fields=["state", "message", "sheet", "headings", "mapping"])
        return batch
    except UnreadableWorkbook as exc:
        batch.state, batch.message = ImportBatch.State.FAILED, str(exc)
        batch.file.delete(save=False)  # nothing more will be read from it
        batch.save(update_fields=["state", "message", "file"])
        return batch
    total = len(sheet.rows)
    set_progress(batch.pk, 0, total, "checking")

    def tick(done):
        set_progress(batch.pk, done, total, "checking")
        if progress:
            progress(done, total)

    values = [(number, row_values(cells, sheet.columns)) for number, cells in sheet.rows]
    groups = Planner().plan(values, progress=tick)
    cells = {number: cells_as_json(c) for number, c in sheet.rows}
    rows = [
        ImportRow(
            batch=batch,
            number=plan.number,
            cells=cells[plan.number],
            values=plan.values,
            action="error" if plan.problems else plan.action,
            problems=plan.problems,
            notes=plan.notes,
            changes=plan.changes,
        )
        for group in groups
        for plan in group
    ]
    with transaction.atomic():
        ImportRow.objects.filter(batch=batch).delete()
        ImportRow.objects.bulk_create(sorted(rows, key=lambda r: r.number), batch_size=2000)
        batch.sheet = sheet.sheet
        batch.headings = sheet.headings
        batch.notes = sheet.notes
        batch.mapping = (
            ColumnMapping.objects.filter(signature=sheet.signature).first()
            if sheet.mapped
            else None
        )
        batch.total_rows = total
        batch.done_rows = total
        batch.counts = counts(groups)
        batch.state = ImportBatch.State.CHECKED
        batch.message = ""
        batch.save()
    if progress:
        progress(total, total)
    return batch


def _claim(batch: ImportBatch, old: str, new: str) -> bool:
    """Move the batch from `old` to `new` with one conditional UPDATE: a second click does nothing."""
    return ImportBatch.objects.filter(pk=batch.pk, state=old).update(state=new) == 1


def batch_apply(
    *, actor, batch: ImportBatch, skip_errors: bool = False, run_now=None, progress=None
):
    """Apply a checked batch; a batch is applied once (a repeated request changes nothing)."""
    _require_manager(actor)
    if batch.state != ImportBatch.State.CHECKED:
        raise ValidationError(_("Lần nhập này không ở trạng thái chờ nhập."), code="state")
    if batch.counts.get("error") and not skip_errors:
        raise ValidationError(
            _("Còn %(n)d dòng có lỗi: sửa tệp rồi tải lên lại, hoặc chọn «bỏ qua các dòng lỗi».")
            % {"n": batch.counts["error"]},
            code="errors",
        )
    ImportBatch.objects.filter(pk=batch.pk).update(skip_errors=skip_errors)
    if run_now is None:
        run_now = batch.total_rows < settings.PCTS_IMPORT_ASYNC_ROWS
    if run_now:
        return apply_rows(batch.pk, actor.pk, progress=progress)
    if not _claim(batch, ImportBatch.State.CHECKED, ImportBatch.State.APPLYING):
        raise ValidationError(_("Lần nhập này đang được nhập hoặc đã nhập."), code="state")
    transaction.on_commit(lambda: publish(APPLY_TASK, [batch.pk, actor.pk]))
    batch.refresh_from_db()
    return batch


def apply_rows(batch_id: int, actor_id: int, progress=None) -> ImportBatch:
    """Plan the batch's rows again and write them, all or nothing; on failure the batch stays checked."""
    from units.models import User

    actor = User.objects.get(pk=actor_id)
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
            if batch.state not in (ImportBatch.State.CHECKED, ImportBatch.State.APPLYING):
                raise ValidationError(_("Lần nhập này đã được nhập."), code="state")
            _write(batch, actor, progress)
    except Exception as exc:
        message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        ImportBatch.objects.filter(pk=batch_id, state=ImportBatch.State.APPLYING).update(
            state=ImportBatch.State.CHECKED
        )
        ImportBatch.objects.filter(pk=batch_id).update(message=message[:2000])
        if not isinstance(exc, ValidationError):
            logger.exception("import batch %s failed", batch_id)
        raise
    return ImportBatch.objects.get(pk=batch_id)


def _write(batch: ImportBatch, actor, progress) -> None:
    rows = list(batch.rows.order_by("number").values_list("number", "values"))
    total = len(rows)
    set_progress(batch.pk, 0, total, "applying")
    groups = Planner().plan(rows)
    bad = sum(1 for g in groups for p in g if p.problems)
    if bad and not batch.skip_errors:
        raise ValidationError(
            _("Dữ liệu đã thay đổi từ lúc kiểm tra: %(n)d dòng có lỗi. Hãy kiểm tra lại.")
            % {"n": bad},
            code="errors",
        )
    writer = GroupWriter(actor=actor, batch=batch)
    done = 0
    gather = settings.PCTS_IMPORT_DIGEST
    with (
        pghistory.context(import_batch=batch.pk),
        events.publishing_once(gather=gather),
        remembering(),
    ):
        for group in groups:
            done += len(group)
            if any(p.problems for p in group) or all(p.action == "unchanged" for p in group):
                continue
            writer.write(group)
            if done % 200 < len(group):
                set_progress(batch.pk, done, total, "applying")
                if progress:
                    progress(done, total)
    ImportChange.objects.bulk_create(writer.changes, batch_size=2000)
    batch.state = ImportBatch.State.APPLIED
    batch.applied_at = timezone.now()
    batch.counts = {**counts(groups), "written": len(writer.changes)}
    batch.message = ""
    batch.save(update_fields=["state", "applied_at", "counts", "message"])
    # The rows hold what was read; the file itself is not needed once applied.
    stored = batch.file.name
    if stored:
        ImportBatch.objects.filter(pk=batch.pk).update(file="")
        storage = batch.file.storage
        transaction.on_commit(lambda: storage.delete(stored))
    if progress:
        progress(total, total)


@transaction.atomic
def batch_undo(*, actor, batch: ImportBatch) -> ImportBatch:
    """Reverse everything the batch wrote, newest first, or nothing when one part cannot be undone."""
    _require_manager(actor)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.state != ImportBatch.State.APPLIED:
        raise ValidationError(_("Chỉ hoàn tác được một lần nhập đã nhập."), code="state")
    changes = list(batch.changes.order_by("-id"))
    try:
        with pghistory.context(import_batch=batch.pk, import_undo=True):
            for change in changes:
                undo_change(actor=actor, change=change, batch=batch)
    except ProtectedError as exc:
        raise ValidationError(
            _("Không hoàn tác được: dữ liệu đã nhập đã được dùng tiếp (đôn đốc, báo cáo…)."),
            code="in_use",
        ) from exc
    batch.state = ImportBatch.State.UNDONE
    batch.undone_at = timezone.now()
    batch.save(update_fields=["state", "undone_at"])
    return batch
