"""Write one planned task group through the directives services, recording each write for undo.

Every write is a service call (directive_create, task_create, assignment_add and the
corrections), so the completed tally, the events and the audit trail are what they would be had
an officer typed the rows in; each is recorded as an ImportChange with what it replaced.
"""

from django.utils.translation import gettext as _

from directives import services
from directives.models import Assignment
from directives.services import corrections
from imports.models import ImportChange, ImportKey

PLACEHOLDER_SUMMARY = "(Nhập từ bảng theo dõi: bổ sung trích yếu)"


class GroupWriter:
    """Apply task groups of one batch; remembers the directives it created on the way."""

    def __init__(self, *, actor, batch):
        self.actor = actor
        self.batch = batch
        self.created_directives = {}
        self.changes: list[ImportChange] = []

    def record(self, kind: str, object_id: int, before: dict | None = None) -> None:
        self.changes.append(
            ImportChange(batch=self.batch, kind=kind, object_id=object_id, before=before or {})
        )

    def reason(self) -> str:
        return _("Cập nhật từ bảng theo dõi (lần nhập #%(n)d)") % {"n": self.batch.pk}

    def write(self, group) -> None:
        first = group[0]
        directive = first.directive or self.created_directives.get(first.identity)
        if directive is None:
            directive = services.directive_create(
                actor=self.actor,
                raw_symbol=first.values["symbol"],
                issued_on=first.issued_on,
                summary=first.values.get("summary") or _(PLACEHOLDER_SUMMARY),
                issuer_name=first.values.get("issuer_name", ""),
            )
            self.record(ImportChange.Kind.DIRECTIVE_CREATED, directive.pk)
            self.created_directives[first.identity] = directive
        if first.task is None:
            task = self._create_task(directive, group)
        else:
            task = self._update_task(first.task, group)
        if first.key_is_stable and not ImportKey.objects.filter(key=first.task_key).exists():
            key = ImportKey.objects.create(key=first.task_key, task=task, batch=self.batch)
            self.record(ImportChange.Kind.KEY_CREATED, key.pk)

    def _create_task(self, directive, group):
        lead = next(p for p in group if p.role == Assignment.Role.LEAD)
        others = [p for p in group if p is not lead]
        # Parts with the lead's deadline are assigned with the task, as the task form does;
        # a part with its own deadline is added after, as "giao thêm" does.
        together = [p for p in others if p.deadline_text == lead.deadline_text]
        task = services.task_create(
            actor=self.actor,
            directive=directive,
            title=lead.values["title"],
            lead_unit=lead.unit,
            coordinating_units=[p.unit for p in together],
            deadline_text=lead.deadline_text,
        )
        self.record(ImportChange.Kind.TASK_CREATED, task.pk)
        for assignment in task.assignments.order_by("pk"):
            self.record(ImportChange.Kind.ASSIGNMENT_CREATED, assignment.pk)
        for plan in others:
            if plan in together:
                continue
            assignment = services.assignment_add(
                actor=self.actor,
                task=task,
                unit=plan.unit,
                role=Assignment.Role.COORDINATING,
                deadline_text=plan.deadline_text,
            )
            self.record(ImportChange.Kind.ASSIGNMENT_CREATED, assignment.pk)
        return task

    def _update_task(self, task, group):
        first = group[0]
        if first.key_is_stable and task.title != first.values["title"]:
            before = {"title": task.title}
            corrections.task_correct_text(
                actor=self.actor,
                task=task,
                title=first.values["title"],
                description=task.description,
            )
            self.record(ImportChange.Kind.TITLE_CHANGED, task.pk, before)
        for plan in group:
            a = plan.assignment
            if a is None:
                change = corrections.task_add_unit(
                    actor=self.actor,
                    task=task,
                    unit=plan.unit,
                    role=Assignment.Role.COORDINATING,
                    deadline_text=plan.deadline_text,
                )
                self.record(ImportChange.Kind.ASSIGNMENT_CREATED, change.assignments[0].pk)
            elif (
                plan.deadline is not None
                and not a.is_closed
                and a.state != Assignment.State.CANCELLED
                and a.effective_deadline != plan.deadline.due
            ):
                before = {
                    "deadline_text": a.deadline_text,
                    "deadline_kind": a.deadline_kind,
                    "deadline_flagged": a.deadline_flagged,
                    "effective_deadline": a.effective_deadline.isoformat()
                    if a.effective_deadline
                    else None,
                }
                corrections.task_correct_deadline(
                    actor=self.actor,
                    task=task,
                    deadline_text=plan.deadline_text,
                    reason=self.reason(),
                    units=[plan.unit],
                )
                self.record(ImportChange.Kind.DEADLINE_CHANGED, a.pk, before)
        lead = next((p for p in group if p.role == Assignment.Role.LEAD), None)
        current = task.assignments.filter(role=Assignment.Role.LEAD).first()
        if lead is not None and (current is None or current.unit_id != lead.unit.pk):
            corrections.task_change_lead(actor=self.actor, task=task, unit=lead.unit)
            self.record(
                ImportChange.Kind.LEAD_CHANGED,
                task.pk,
                {"unit": current.unit_id if current else None},
            )
        return task
