"""Reverse one recorded write of an import batch; refuse when the row was used since."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from directives.models import Assignment, Directive, Task
from directives.services import corrections
from imports.models import ImportChange, ImportKey
from units.models import Unit


def _refuse(message: str):
    raise ValidationError(_("Không hoàn tác được: %(why)s") % {"why": message}, code="in_use")


def undo_change(*, actor, change: ImportChange, batch) -> None:
    """Undo `change`; the caller runs every undo of the batch in one transaction."""
    kind = change.kind
    if kind == ImportChange.Kind.KEY_CREATED:
        ImportKey.objects.filter(pk=change.object_id).delete()
    elif kind == ImportChange.Kind.ASSIGNMENT_CREATED:
        _delete_assignment(change.object_id)
    elif kind == ImportChange.Kind.TASK_CREATED:
        task = Task.objects.filter(pk=change.object_id).first()
        if task is not None:
            if task.assignments.exists():
                _refuse(_("nhiệm vụ «%(task)s» đã được giao thêm đơn vị.") % {"task": task})
            task.delete()
    elif kind == ImportChange.Kind.DIRECTIVE_CREATED:
        directive = Directive.objects.filter(pk=change.object_id).first()
        if directive is not None:
            if directive.tasks.exists() or directive.attachments.exists():
                _refuse(_("văn bản %(symbol)s đã có thêm nhiệm vụ.") % {"symbol": directive})
            directive.links_out.all().delete()
            if directive.links_in.exists():
                _refuse(
                    _("văn bản %(symbol)s đã được văn bản khác trích dẫn.") % {"symbol": directive}
                )
            directive.delete()
    elif kind == ImportChange.Kind.DEADLINE_CHANGED:
        _restore_deadline(change)
    elif kind == ImportChange.Kind.LEAD_CHANGED:
        unit = Unit.objects.filter(pk=change.before.get("unit")).first()
        task = Task.objects.get(pk=change.object_id)
        if unit is not None:
            corrections.task_change_lead(actor=actor, task=task, unit=unit)
    elif kind == ImportChange.Kind.TITLE_CHANGED:
        task = Task.objects.get(pk=change.object_id)
        corrections.task_correct_text(
            actor=actor, task=task, title=change.before["title"], description=task.description
        )


def _delete_assignment(pk: int) -> None:
    a = Assignment.objects.filter(pk=pk).select_related("task").first()
    if a is None:
        return
    if a.state != Assignment.State.ASSIGNED or a.reports.exists() or a.extension_requests.exists():
        _refuse(
            _("%(unit)s đã báo cáo hoặc xử lý nhiệm vụ «%(task)s».")
            % {"unit": a.unit, "task": a.task}
        )
    a.delete()


def _restore_deadline(change: ImportChange) -> None:
    a = Assignment.objects.select_for_update().get(pk=change.object_id)
    if a.is_closed:
        _refuse(_("phần việc của %(unit)s đã kết thúc.") % {"unit": a.unit})
    before = change.before
    a.deadline_text = before["deadline_text"]
    a.deadline_kind = before["deadline_kind"]
    a.deadline_flagged = before["deadline_flagged"]
    day = before["effective_deadline"]
    a.effective_deadline = datetime.date.fromisoformat(day) if day else None
    a.save(
        update_fields=["deadline_text", "deadline_kind", "deadline_flagged", "effective_deadline"]
    )
