"""Split a directive into tasks, assign units, confirm deadlines and cancel assignments."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directives import confidentiality, events, plausibility, workflow
from directives.deadlines import Deadline
from directives.models import Assignment, Directive, Task
from directives.services.common import _require_manager
from directives.working_days import resolve_deadline


@transaction.atomic
def task_create(
    *,
    actor,
    directive: Directive,
    title: str,
    description: str = "",
    is_key: bool = False,
    lead_unit,
    coordinating_units=(),
    deadline_text: str = "",
) -> Task:
    """Create a task and assign it at once: one lead unit, any number coordinating, one deadline."""
    _require_manager(actor)
    if directive.is_stub:
        raise ValidationError(_("Hãy bổ sung thông tin văn bản trước khi giao nhiệm vụ."))
    if lead_unit is None:
        raise ValidationError({"lead_unit": _("Chọn một đơn vị chủ trì.")})
    coordinating = [u for u in coordinating_units if u.pk != lead_unit.pk]
    if len({u.pk for u in coordinating}) != len(coordinating):
        raise ValidationError({"coordinating_units": _("Một đơn vị được chọn hai lần.")})
    deadline = confidentiality.neutral_deadline(
        directive, _checked_deadline(deadline_text, directive)
    )
    position = (
        directive.tasks.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    title, description = confidentiality.task_text(directive, position, title.strip(), description)
    task = Task.objects.create(
        directive=directive,
        position=position,
        title=title,
        description=description,
        is_key=is_key,
        created_by=actor,
    )
    parts = [(lead_unit, Assignment.Role.LEAD)]
    parts += [(unit, Assignment.Role.COORDINATING) for unit in coordinating]
    _assign_all(actor=actor, task=task, parts=parts, deadline=deadline)
    return task


def _checked_deadline(deadline_text: str, directive: Directive) -> Deadline | None:
    if not deadline_text.strip():
        return None
    deadline = resolve_deadline(deadline_text, issued_on=directive.issued_on)
    if deadline.due:
        plausibility.check_deadline(deadline.due, directive.issued_on, field="deadline_text")
    return deadline


def _assign(*, actor, task: Task, unit, role: str, deadline: Deadline | None) -> Assignment:
    return _assign_all(actor=actor, task=task, parts=[(unit, role)], deadline=deadline)[0]


def _assign_all(*, actor, task: Task, parts, deadline: Deadline | None) -> list[Assignment]:
    """Give each (unit, role) of `parts` its part of `task`, one insert and one event each, written together."""
    today = timezone.localdate()
    for unit, _role in parts:
        if not unit.is_active_on(today):
            successor = (
                " " + _("Đơn vị kế thừa: %(unit)s.") % {"unit": unit.successor}
                if unit.successor_id
                else ""
            )
            raise ValidationError(
                {
                    "lead_unit": _("Đơn vị “%(unit)s” đã giải thể, không thể giao nhiệm vụ mới.")
                    % {"unit": unit}
                    + successor
                }
            )
    assignments = [
        Assignment(
            task=task,
            unit=unit,
            role=role,
            deadline_text=deadline.text if deadline else "",
            deadline_kind=deadline.kind if deadline else "",
            deadline_flagged=deadline.flagged if deadline else False,
            original_deadline=deadline.due if deadline else None,
            effective_deadline=deadline.due if deadline else None,
            assigned_by=actor,
        )
        for unit, role in parts
    ]
    if len(assignments) == 1:
        assignments[0].save()
    else:
        assignments = Assignment.objects.bulk_create(assignments)
    events.emit_assigned_many(actor=actor, assignments=assignments)
    return assignments


def assignment_create_dated(
    *, actor, task: Task, unit, role: str, due, deadline_text: str
) -> Assignment:
    """Give `unit` its part of `task` with a deadline computed elsewhere (a periodic occurrence's).

    The caller holds the transaction and has checked who may do this: the beat job that opens
    occurrences acts without a user.
    """
    deadline = Deadline(text=deadline_text[:255], due=due, kind="periodic")
    return _assign(actor=actor, task=task, unit=unit, role=role, deadline=deadline)


@transaction.atomic
def assignment_add(*, actor, task: Task, unit, role: str, deadline_text: str = "") -> Assignment:
    """Add one more unit to an existing task."""
    _require_manager(actor)
    if task.assignments.filter(unit=unit).exists():
        raise ValidationError({"unit": _("Đơn vị này đã được giao nhiệm vụ.")})
    if role == Assignment.Role.LEAD and task.assignments.filter(role=Assignment.Role.LEAD).exists():
        raise ValidationError(
            {"role": _("Nhiệm vụ đã có đơn vị chủ trì; chỉ thêm đơn vị phối hợp.")}
        )
    return _assign(
        actor=actor,
        task=task,
        unit=unit,
        role=role,
        deadline=confidentiality.neutral_deadline(
            task.directive, _checked_deadline(deadline_text, task.directive)
        ),
    )


@transaction.atomic
def assignment_confirm_deadline(*, actor, assignment: Assignment) -> Assignment:
    """Clear the "please confirm" flag of a computed deadline."""
    _require_manager(actor)
    Assignment.objects.filter(pk=assignment.pk).update(deadline_flagged=False)
    assignment.refresh_from_db()
    return assignment


@transaction.atomic
def assignment_cancel(*, actor, assignment: Assignment, reason: str) -> Assignment:
    """Withdraw a unit's assignment (given in error, or the task no longer applies to it).

    The reason, who and when are kept on the assignment and told in its timeline; a cancelled
    assignment leaves every count, list and reminder, and its pending extension request and
    unreviewed reports are closed with it. Completed work cannot be withdrawn.
    """
    _require_manager(actor)
    reason = confidentiality.free_text(assignment, reason.strip(), required=True)
    if not reason:
        raise ValidationError({"reason": _("Ghi lý do hủy giao nhiệm vụ.")})
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.state == Assignment.State.COMPLETED:
        raise ValidationError(_("Nhiệm vụ đã hoàn thành, không thể hủy."))
    if assignment.state == Assignment.State.CANCELLED:
        raise ValidationError(_("Nhiệm vụ này đã được hủy giao trước đó."))
    workflow.transition(assignment=assignment, to=Assignment.State.CANCELLED, actor=actor)
    assignment.cancel_reason = reason
    assignment.cancelled_at = timezone.now()
    assignment.cancelled_by = actor
    assignment.save(update_fields=["state", "cancel_reason", "cancelled_at", "cancelled_by"])
    return assignment
