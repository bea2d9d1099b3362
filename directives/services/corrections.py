"""Correct what was entered: a task's text, deadline and units, a directive's symbol and files.

One function per kind of correction; each runs in one transaction on rows it locks, refuses a
closed item (the state machine of `directives.models.workflow`), and returns what changed. The
audit trail is the pghistory events the database triggers write on every update, with the
correction's kind and reason in the event's context, so the timeline tells it and a figure
"as of" an earlier moment reads the row as it was then (`deadline_as_of`). Reminders are
planned from the current rows (`directives.reminders.planning`), so they follow at once: a
cancelled assignment leaves every plan and a moved deadline moves its reminder points.

Two staff editing one task at once: every form carries `task_version(task)`, a fingerprint of
what it showed, compared again under the task's row lock; a different one refuses with
`StaleEdit` and nothing is written, so the second officer sees the first one's change.
"""

import dataclasses
import datetime
import functools
import hashlib

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directives import confidentiality, events, symbols, workflow
from directives.attachments import attachments_add
from directives.models import CLOSED_STATES, Assignment, Attachment, Directive, Task
from directives.registry import symbol_registry
from directives.services.assignments import _assign, _checked_deadline
from directives.services.common import _require_manager
from directives.services.directives import _free_identity
from units.vietnamese import fold, format_date


class StaleEdit(ValidationError):
    """Someone else changed the task since the form was opened; nothing was written."""

    def __init__(self):
        super().__init__(
            _(
                "Nhiệm vụ vừa được người khác sửa trong lúc bạn nhập. Nội dung mới nhất được "
                "hiển thị bên dưới, những gì bạn đã nhập vẫn giữ nguyên: kiểm tra rồi lưu lại."
            ),
            code="stale",
        )


@dataclasses.dataclass(frozen=True)
class Change:
    """What one correction changed: the kind, the assignments concerned and field → (old, new)."""

    kind: str
    task: Task | None = None
    assignments: tuple[Assignment, ...] = ()
    fields: dict = dataclasses.field(default_factory=dict)


# ---------------------------------------------------------------------------- shared checks


def task_version(task: Task) -> str:
    """Return a fingerprint of the task and its assignments as they are now in the database."""
    row = Task.objects.filter(pk=task.pk).values_list("title", "description", "is_key").get()
    parts = list(
        Assignment.objects.filter(task_id=task.pk)
        .order_by("pk")
        .values_list("pk", "unit_id", "role", "state", "deadline_text", "effective_deadline")
    )
    return hashlib.sha256(repr((row, parts)).encode()).hexdigest()[:16]


def _lock(task: Task, version: str | None) -> Task:
    """Lock the task and its assignments; refuse if `version` no longer matches what is stored."""
    task = Task.objects.select_for_update().select_related("directive").get(pk=task.pk)
    list(Assignment.objects.select_for_update().filter(task=task).order_by("pk"))
    if version is not None and version != task_version(task):
        raise StaleEdit()
    return task


def _closed_message(assignment: Assignment) -> str:
    return _("Phần việc của %(unit)s đã kết thúc (%(state)s): không sửa được nữa.") % {
        "unit": assignment.unit,
        "state": assignment.get_state_display(),
    }


def _require_open_task(task: Task) -> None:
    if not task.assignments.exclude(state__in=CLOSED_STATES).exists():
        raise ValidationError(
            _("Nhiệm vụ đã hoàn thành hoặc đã hủy: không sửa được nữa."), code="closed"
        )


def _reason(subject, reason: str, message: str) -> str:
    reason = confidentiality.free_text(subject, (reason or "").strip(), required=True)
    if not reason:
        raise ValidationError({"reason": message}, code="required")
    return reason


def _tell(actor, assignments, changes: dict) -> None:
    """Tell each unit whose part changed (bell and mail, after the commit)."""
    for assignment in assignments:
        events.emit_task_changed(actor=actor, assignment=assignment, changes=changes)


def _moved(old, new) -> str:
    return f"{format_date(old) if old else '—'} → {format_date(new) if new else '—'}"


# ---------------------------------------------------------------------------- tasks


@transaction.atomic
def task_correct_text(
    *, actor, task: Task, title: str, description: str, is_key: bool | None = None, version=None
) -> Change:
    """Correct a task's title and content, and whether it is a key task (nhiệm vụ trọng tâm)."""
    _require_manager(actor)
    task = _lock(task, version)
    _require_open_task(task)
    title, description = confidentiality.task_text(
        task.directive, task.position, title.strip(), description.strip()
    )
    if not title:
        raise ValidationError({"title": _("Nhập tên nhiệm vụ.")})
    fields = {
        name: (getattr(task, name), value)
        for name, value in (
            ("title", title),
            ("description", description),
            ("is_key", task.is_key if is_key is None else bool(is_key)),
        )
        if getattr(task, name) != value
    }
    if fields:
        with pghistory.context(correction="task_text"):
            for name, (_old, new) in fields.items():
                setattr(task, name, new)
            task.save(update_fields=list(fields))
    return Change(kind="task_text", task=task, fields=fields)


@transaction.atomic
def task_correct_deadline(
    *, actor, task: Task, deadline_text: str, reason: str, units=None, version=None
) -> Change:
    """Give the task's open assignments (or those of `units` only) a corrected deadline.

    The phrase is read by the deadline parser; the original deadline stays on each row and the
    reason goes with the history event. A closed part keeps its deadline (the trigger holds it).
    """
    _require_manager(actor)
    task = _lock(task, version)
    reason = _reason(task.directive, reason, _("Ghi lý do điều chỉnh thời hạn."))
    if not deadline_text.strip():
        raise ValidationError({"deadline_text": _("Nhập thời hạn mới.")})
    deadline = confidentiality.neutral_deadline(
        task.directive, _checked_deadline(deadline_text, task.directive)
    )
    targets = task.assignments.select_related("unit").order_by("pk")
    if units:
        targets = targets.filter(unit__in=units)
    targets = list(targets)
    closed = [a for a in targets if a.state in CLOSED_STATES]
    if units and closed:
        raise ValidationError(_closed_message(closed[0]), code="closed")
    targets = [a for a in targets if a.state not in CLOSED_STATES]
    if not targets:
        raise ValidationError(
            _("Nhiệm vụ đã hoàn thành hoặc đã hủy: không sửa được nữa."), code="closed"
        )
    changed = []
    fields = {}
    with pghistory.context(correction="deadline", reason=reason):
        for assignment in targets:
            old = assignment.effective_deadline
            assignment.deadline_text = deadline.text
            assignment.deadline_kind = deadline.kind
            assignment.deadline_flagged = deadline.flagged
            assignment.effective_deadline = deadline.due
            assignment.save(
                update_fields=[
                    "deadline_text",
                    "deadline_kind",
                    "deadline_flagged",
                    "effective_deadline",
                ]
            )
            changed.append(assignment)
            fields[assignment.pk] = (old, deadline.due)
    for assignment in changed:
        old, new = fields[assignment.pk]
        _tell(actor, [assignment], {_("Thời hạn"): _moved(old, new), _("Lý do"): reason})
    return Change(kind="deadline", task=task, assignments=tuple(changed), fields=fields)


@transaction.atomic
def task_add_unit(
    *, actor, task: Task, unit, role: str, deadline_text: str = "", version=None
) -> Change:
    """Assign the task to one more unit; as lead, the current lead becomes coordinating."""
    _require_manager(actor)
    task = _lock(task, version)
    _require_open_task(task)
    if role not in Assignment.Role.values:
        raise ValidationError({"role": _("Chọn vai trò chủ trì hoặc phối hợp.")})
    if task.assignments.filter(unit=unit).exists():
        raise ValidationError({"unit": _("Đơn vị này đã được giao nhiệm vụ.")})
    if not deadline_text.strip():
        lead = task.assignments.filter(role=Assignment.Role.LEAD).first()
        deadline_text = lead.deadline_text if lead else ""
    deadline = confidentiality.neutral_deadline(
        task.directive, _checked_deadline(deadline_text, task.directive)
    )
    with pghistory.context(correction="unit_added"):
        assignment = _assign(
            actor=actor,
            task=task,
            unit=unit,
            role=Assignment.Role.COORDINATING,
            deadline=deadline,
        )
        if role == Assignment.Role.LEAD:
            _swap_lead(task, assignment)
    # The new unit is told by _assign (events.emit_assigned).
    return Change(kind="unit_added", task=task, assignments=(assignment,), fields={"role": role})


@transaction.atomic
def task_remove_unit(*, actor, assignment: Assignment, reason: str, version=None) -> Change:
    """Cancel one unit's part of a task, with a reason; the lead unit is changed, never removed."""
    _require_manager(actor)
    task = _lock(assignment.task, version)
    assignment = Assignment.objects.select_related("unit").get(pk=assignment.pk)
    reason = _reason(assignment, reason, _("Ghi lý do gỡ đơn vị khỏi nhiệm vụ."))
    if assignment.state in CLOSED_STATES:
        raise ValidationError(_closed_message(assignment), code="closed")
    if assignment.role == Assignment.Role.LEAD:
        raise ValidationError(
            _(
                "%(unit)s là đơn vị chủ trì duy nhất của nhiệm vụ: hãy chọn đơn vị chủ trì khác "
                "trước khi gỡ đơn vị này."
            )
            % {"unit": assignment.unit},
            code="only_lead",
        )
    with pghistory.context(correction="unit_removed", reason=reason):
        workflow.transition(assignment=assignment, to=Assignment.State.CANCELLED, actor=actor)
        assignment.cancel_reason = reason
        assignment.cancelled_at = timezone.now()
        assignment.cancelled_by = actor
        assignment.save(update_fields=["state", "cancel_reason", "cancelled_at", "cancelled_by"])
    _tell(actor, [assignment], {_("Đơn vị không còn được giao nhiệm vụ"): reason})
    return Change(
        kind="unit_removed", task=task, assignments=(assignment,), fields={"reason": reason}
    )


@transaction.atomic
def task_change_lead(*, actor, task: Task, unit, version=None) -> Change:
    """Make `unit` (already coordinating, still open) the lead; the former lead coordinates."""
    _require_manager(actor)
    task = _lock(task, version)
    _require_open_task(task)
    new = task.assignments.select_related("unit").filter(unit=unit).first()
    if new is None:
        raise ValidationError({"unit": _("Đơn vị này chưa được giao nhiệm vụ: thêm đơn vị trước.")})
    if new.state in CLOSED_STATES:
        raise ValidationError(_closed_message(new), code="closed")
    if new.role == Assignment.Role.LEAD:
        raise ValidationError({"unit": _("Đơn vị này đã là đơn vị chủ trì.")})
    with pghistory.context(correction="lead_changed"):
        old = _swap_lead(task, new)
    _tell(
        actor,
        [a for a in (old, new) if a is not None],
        {_("Đơn vị chủ trì"): f"{old.unit if old else '—'} → {new.unit}"},
    )
    return Change(
        kind="lead_changed",
        task=task,
        assignments=tuple(a for a in (old, new) if a is not None),
        fields={"lead": (old.unit if old else None, new.unit)},
    )


def _swap_lead(task: Task, new: Assignment) -> Assignment | None:
    """Demote the current lead, then promote `new`: one lead per task at every statement."""
    old = task.assignments.select_related("unit").filter(role=Assignment.Role.LEAD).first()
    if old is not None:
        old.role = Assignment.Role.COORDINATING
        old.save(update_fields=["role"])
    new.role = Assignment.Role.LEAD
    new.save(update_fields=["role"])
    return old


# ---------------------------------------------------------------------------- flagged deadlines


@transaction.atomic
def assignment_confirm_flagged(*, actor, assignment: Assignment, deadline_text: str = "") -> Change:
    """Confirm a computed deadline as it is, or adjust it to `deadline_text`; the flag goes."""
    _require_manager(actor)
    assignment = (
        Assignment.objects.select_for_update()
        .select_related("task__directive")
        .get(pk=assignment.pk)
    )
    if assignment.state in CLOSED_STATES:
        raise ValidationError(_closed_message(assignment), code="closed")
    old = assignment.effective_deadline
    update = ["deadline_flagged"]
    assignment.deadline_flagged = False
    if deadline_text.strip():
        deadline = confidentiality.neutral_deadline(
            assignment.task.directive,
            _checked_deadline(deadline_text, assignment.task.directive),
        )
        if deadline.flagged:
            raise ValidationError(
                {"deadline_text": _("Nhập một ngày hoặc cụm thời hạn có ngày cụ thể.")}
            )
        assignment.deadline_text = deadline.text
        assignment.deadline_kind = deadline.kind
        assignment.effective_deadline = deadline.due
        update += ["deadline_text", "deadline_kind", "effective_deadline"]
    with pghistory.context(correction="deadline_confirmed"):
        assignment.save(update_fields=update)
    fields = {"deadline": (old, assignment.effective_deadline)}
    if old != assignment.effective_deadline:
        _tell(actor, [assignment], {_("Thời hạn"): _moved(old, assignment.effective_deadline)})
    return Change(kind="deadline_confirmed", assignments=(assignment,), fields=fields)


# ---------------------------------------------------------------------------- directives


@transaction.atomic
def directive_correct_symbol(
    *, actor, directive: Directive, raw_symbol: str, issued_on: datetime.date | None = None
) -> Change:
    """Correct a directive's mistyped symbol in place: re-parsed, identity re-checked, links kept.

    The duplicate refusal applies as on registration, the lost stroke of Đ included. With
    `issued_on` the identity is checked against that (corrected) date, which is saved with it.
    """
    _require_manager(actor)
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    registry = symbol_registry()
    try:
        sym = symbols.parse_symbol(raw_symbol, registry=registry)
    except symbols.InvalidSymbol as exc:
        raise ValidationError({"raw_symbol": exc.translate(_)}) from exc
    issued_on = issued_on or directive.issued_on
    if sym.normalized == directive.symbol:
        return Change(kind="symbol")
    identity = _free_identity(sym, issued_on, exclude=directive)
    directive.issued_on = issued_on
    old = directive.symbol
    directive.raw_symbol = raw_symbol.strip()
    directive.symbol = sym.normalized
    directive.symbol_kind = sym.kind
    directive.number = sym.number
    directive.symbol_year = sym.year
    directive.doc_type = sym.doc_type or ""
    directive.type_name = (
        registry.type_name(sym.doc_type, sym.kind) if sym.doc_type else _("Công văn")
    ) or ""
    directive.issuer_code = sym.issuer
    directive.drafting_unit = sym.drafting_unit or ""
    directive.track = Directive.Track.PARTY if sym.kind == "party" else Directive.Track.STATE
    directive.party_term = identity.party_term
    directive.identity_key = identity.key
    directive.parse_warnings = [*sym.warnings, *identity.warnings]
    directive.search_text = fold(
        f"{directive.symbol} {directive.type_name} {directive.summary} {directive.issuer_name}"
    )
    with pghistory.context(correction="symbol"):
        directive.save()
    return Change(kind="symbol", fields={"symbol": (old, directive.symbol)})


@transaction.atomic
def directive_attachments_change(*, actor, directive: Directive, add=(), remove=()) -> Change:
    """Add files to a directive (checked by the attachment policy) and remove some of its own."""
    _require_manager(actor)
    removed = list(Attachment.objects.filter(directive=directive, pk__in=[a.pk for a in remove]))
    names = [row.file.name for row in removed]
    Attachment.objects.filter(pk__in=[row.pk for row in removed]).delete()
    added = attachments_add(actor=actor, files=add, directive=directive)
    storage = Attachment._meta.get_field("file").storage
    for name in names:
        transaction.on_commit(functools.partial(storage.delete, name), robust=True)
    return Change(
        kind="attachments",
        fields={
            "added": [a.original_name for a in added],
            "removed": [a.original_name for a in removed],
        },
    )


# ---------------------------------------------------------------------------- history


def deadline_as_of(assignment: Assignment, moment: datetime.datetime) -> datetime.date | None:
    """Return the deadline `assignment` had at `moment`, read from its pghistory events.

    Each update writes an event with the row's values and `pgh_created_at`, so a correction
    made later does not change what a figure computed "as of" an earlier moment showed.
    """
    event = assignment.events.filter(pgh_created_at__lte=moment).order_by("-pgh_id").first()
    return event.effective_deadline if event else None
