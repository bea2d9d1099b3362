"""Every write to directives, tasks, assignments, reports and extensions.

Services take keyword-only arguments, run in one transaction, re-check permission and raise
ValidationError with a Vietnamese message that says what was wrong and how to fix it.
"""

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, When
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from directives import idempotency, plausibility, symbols, workflow
from directives.deadlines import Deadline
from directives.models import (
    Assignment,
    Attachment,
    Directive,
    DirectiveLink,
    ExtensionRequest,
    ProgressReport,
    ReportReview,
    Task,
)
from directives.permissions import can_manage, can_report
from directives.registry import directive_identity, same_document_keys, symbol_registry
from directives.uploads import validate_upload
from directives.working_days import resolve_deadline
from units.vietnamese import fold, format_date


class DuplicateDirective(ValidationError):
    """The directive is registered already; `existing` is the registered one.

    `typed` is the symbol as entered when it differs from the registered one only by the stroke
    of Đ (37-QD/TW for 37-QĐ/TW): the same document, refused rather than registered twice.
    """

    def __init__(self, existing: Directive, typed: str | None = None):
        self.existing = existing
        values = {"symbol": existing.symbol, "date": format_date(existing.issued_on)}
        if typed:
            message = _(
                "Văn bản %(symbol)s ngày %(date)s đã được nhập: «%(typed)s» là cùng ký hiệu, "
                "bị mất nét chữ Đ."
            ) % {**values, "typed": typed}
        else:
            message = _("Văn bản %(symbol)s ngày %(date)s đã được nhập.") % values
        super().__init__(message, code="duplicate")


# --------------------------------------------------------------------------- directives


def _require_manager(actor):
    if not can_manage(actor):
        raise PermissionDenied(_("Chỉ cán bộ Thanh tra được thực hiện thao tác này."))


def _store_attachment(*, actor, upload, directive=None, report=None) -> Attachment:
    mime, digest = validate_upload(upload)
    return Attachment.objects.create(
        file=upload,
        original_name=upload.name[:255],
        content_type=mime,
        size=upload.size,
        sha256=digest,
        directive=directive,
        report=report,
        uploaded_by=actor,
    )


@transaction.atomic
def directive_create(
    *,
    actor,
    raw_symbol: str,
    issued_on: datetime.date,
    summary: str,
    issuer_name: str = "",
    signer: str = "",
    body: str = "",
    is_classified: bool = False,
    tracking_officer=None,
    files=(),
    links=(),
    is_stub: bool = False,
) -> Directive:
    """Register a directive from its typed symbol; refuse a duplicate with the existing one."""
    _require_manager(actor)
    try:
        sym = symbols.parse_symbol(raw_symbol, registry=symbol_registry())
    except symbols.InvalidSymbol as exc:
        raise ValidationError({"raw_symbol": exc.translate(gettext)}) from exc
    identity = _free_identity(sym, issued_on)
    if not is_classified:
        plausibility.check_summary(summary)
    if is_classified and (body or files):
        raise ValidationError(
            {
                "is_classified": _(
                    "Văn bản mật không được lưu nội dung hoặc tệp trên hệ thống: chỉ ghi số, ngày, cơ quan ban hành."
                )
            }
        )
    registry = symbol_registry()
    directive = Directive(
        raw_symbol=raw_symbol.strip(),
        symbol=sym.normalized,
        symbol_kind=sym.kind,
        number=sym.number,
        symbol_year=sym.year,
        doc_type=sym.doc_type or "",
        type_name=(registry.type_name(sym.doc_type, sym.kind) if sym.doc_type else _("Công văn"))
        or "",
        issuer_code=sym.issuer,
        drafting_unit=sym.drafting_unit or "",
        track=Directive.Track.PARTY if sym.kind == "party" else Directive.Track.STATE,
        party_term=identity.party_term,
        identity_key=identity.key,
        parse_warnings=[*sym.warnings, *identity.warnings],
        issued_on=issued_on,
        issuer_name=issuer_name or registry.issuers.get(sym.issuer, "") or "",
        signer=signer,
        summary=summary if not is_classified else _("Văn bản mật – hồ sơ giấy"),
        body="" if is_classified else body,
        is_classified=is_classified,
        is_stub=is_stub,
        tracking_officer=tracking_officer,
        created_by=actor,
    )
    directive.search_text = fold(
        f"{directive.symbol} {directive.type_name} {directive.summary} {directive.issuer_name}"
    )
    try:
        with transaction.atomic():
            directive.save()
    except IntegrityError as exc:  # a concurrent insert of the same identity
        existing = Directive.objects.filter(identity_key=identity.key).first()
        if existing:
            raise DuplicateDirective(existing) from exc
        raise
    for upload in files:
        _store_attachment(actor=actor, upload=upload, directive=directive)
    for target, kind in links:
        directive_link_add(actor=actor, source=directive, target=target, kind=kind)
    return directive


@transaction.atomic
def directive_register(
    *,
    actor,
    raw_symbol: str,
    issued_on: datetime.date,
    summary: str,
    issuer_name: str = "",
    signer: str = "",
    body: str = "",
    is_classified: bool = False,
    tracking_officer=None,
    files=(),
    links=(),
) -> Directive:
    """Register a directive and its links to the documents it cites at once: a bad link saves nothing.

    `links` holds (symbol, kind, issued_on) triples, as the form's link rows give them.
    """
    _require_manager(actor)
    directive = directive_create(
        actor=actor,
        raw_symbol=raw_symbol,
        issued_on=issued_on,
        summary=summary,
        issuer_name=issuer_name,
        signer=signer,
        body=body,
        is_classified=is_classified,
        tracking_officer=tracking_officer,
        files=files,
    )
    for symbol, kind, link_issued_on in links:
        try:
            directive_link_add(
                actor=actor, source=directive, target=symbol, kind=kind, issued_on=link_issued_on
            )
        except ValidationError as exc:
            # The link's own errors name fields of the cited document, not of this form.
            raise ValidationError(
                _("Liên kết với %(symbol)s: %(error)s")
                % {"symbol": symbol, "error": " ".join(exc.messages)}
            ) from exc
    return directive


@transaction.atomic
def directive_update(*, actor, directive: Directive, **fields) -> Directive:
    """Edit the descriptive fields of a directive; a new issue date re-derives its identity.

    The identity of a State document holds its year, and a Party document's its term, both read
    from the issue date: a corrected date must not leave the old identity behind, nor collide
    with another registered document.
    """
    _require_manager(actor)
    allowed = {"issuer_name", "signer", "summary", "body", "tracking_officer", "issued_on"}
    for name in fields:
        if name not in allowed:
            raise ValueError(name)
    if "summary" in fields:
        plausibility.check_summary(fields["summary"])
    issued_on = fields.get("issued_on")
    if issued_on is not None and issued_on != directive.issued_on:
        _reidentify(directive, issued_on)
    for name, value in fields.items():
        setattr(directive, name, value)
    if directive.is_classified:
        directive.body = ""
    directive.is_stub = False
    directive.search_text = fold(
        f"{directive.symbol} {directive.type_name} {directive.summary} {directive.issuer_name}"
    )
    directive.save()
    return directive


def _free_identity(sym, issued_on: datetime.date, *, exclude: Directive | None = None):
    """Check the issue date against the symbol and today; return the identity, or refuse a taken one."""
    if sym.year and issued_on.year != sym.year:
        raise ValidationError(
            {
                "issued_on": _(
                    "Ký hiệu ghi năm %(y)d nhưng ngày ban hành thuộc năm %(d)d: kiểm tra lại."
                )
                % {"y": sym.year, "d": issued_on.year}
            }
        )
    if issued_on > timezone.localdate():
        raise ValidationError({"issued_on": _("Ngày ban hành không được sau ngày hôm nay.")})
    identity = directive_identity(sym, issued_on)
    taken = Directive.objects.filter(identity_key__in=same_document_keys(sym, issued_on))
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    existing = taken.order_by(Case(When(identity_key=identity.key, then=0), default=1)).first()
    if existing:
        twin = existing.identity_key != identity.key
        raise DuplicateDirective(existing, typed=sym.normalized if twin else None)
    return identity


def _reidentify(directive: Directive, issued_on: datetime.date) -> None:
    """Give `directive` the identity its symbol has with the issue date `issued_on`, or refuse."""
    sym = symbols.parse_symbol(directive.symbol, registry=symbol_registry())
    identity = _free_identity(sym, issued_on, exclude=directive)
    directive.identity_key = identity.key
    directive.party_term = identity.party_term
    directive.parse_warnings = [*sym.warnings, *identity.warnings]


@transaction.atomic
def directive_link_add(
    *, actor, source: Directive, target, kind: str, issued_on=None
) -> DirectiveLink:
    """Link two directives; `target` may be a Directive or a symbol (a stub is created if new)."""
    _require_manager(actor)
    if kind not in DirectiveLink.Kind.values:
        raise ValidationError(_("Loại liên kết không hợp lệ."))
    if isinstance(target, str):
        target = directive_find_or_stub(actor=actor, raw_symbol=target, issued_on=issued_on)
    if target.pk == source.pk:
        raise ValidationError(_("Văn bản không thể liên kết với chính nó."))
    link, _created = DirectiveLink.objects.get_or_create(source=source, target=target, kind=kind)
    return link


def directive_find_or_stub(*, actor, raw_symbol: str, issued_on=None) -> Directive:
    """Return the registered directive for a cited symbol, or create a stub to complete later."""
    sym = symbols.parse_symbol(raw_symbol, registry=symbol_registry())
    day = issued_on or (datetime.date(sym.year, 1, 1) if sym.year else None)
    if day is not None:
        found = Directive.objects.filter(identity_key__in=same_document_keys(sym, day)).first()
        if found:
            return found
    else:
        found = (
            Directive.objects.filter(symbol__iexact=sym.normalized).order_by("-issued_on").first()
        )
        if found:
            return found
        day = timezone.localdate()
    return directive_create(
        actor=actor,
        raw_symbol=raw_symbol,
        issued_on=day,
        is_stub=True,
        summary=_("(Văn bản được trích dẫn, chưa nhập đầy đủ)"),
    )


# --------------------------------------------------------------------------- tasks & assignments


@transaction.atomic
def task_create(
    *,
    actor,
    directive: Directive,
    title: str,
    description: str = "",
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
    deadline = _checked_deadline(deadline_text, directive)
    position = (
        directive.tasks.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    task = Task.objects.create(
        directive=directive,
        position=position,
        title=title.strip(),
        description=description,
        created_by=actor,
    )
    _assign(actor=actor, task=task, unit=lead_unit, role=Assignment.Role.LEAD, deadline=deadline)
    for unit in coordinating:
        _assign(
            actor=actor, task=task, unit=unit, role=Assignment.Role.COORDINATING, deadline=deadline
        )
    return task


def _checked_deadline(deadline_text: str, directive: Directive) -> Deadline | None:
    if not deadline_text.strip():
        return None
    deadline = resolve_deadline(deadline_text, issued_on=directive.issued_on)
    if deadline.due:
        plausibility.check_deadline(deadline.due, directive.issued_on, field="deadline_text")
    return deadline


def _assign(*, actor, task: Task, unit, role: str, deadline: Deadline | None) -> Assignment:
    if not unit.is_active_on(timezone.localdate()):
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
    return Assignment.objects.create(
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
        deadline=_checked_deadline(deadline_text, task.directive),
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
    reason = reason.strip()
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


# --------------------------------------------------------------------------- reports


@transaction.atomic
def report_submit(
    *,
    actor,
    assignment: Assignment,
    body: str,
    percent: int | None = None,
    milestone: str = "",
    claims_completion: bool = False,
    files=(),
    submission_token: uuid.UUID | None = None,
) -> ProgressReport:
    """Record a unit's progress report; a resubmitted token returns the first report (double click).

    Repeats, even concurrent ones, get the first report (directives.idempotency), answered
    before the checks: the first report may have changed what they allow (a completion claim).
    """
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    token = submission_token or uuid.uuid4()
    if first := _report_with_token(token, assignment):
        return first
    if not can_report(actor, assignment):
        if assignment.state in (Assignment.State.COMPLETED, Assignment.State.CANCELLED):
            raise ValidationError(
                _("Nhiệm vụ đã kết thúc (%(state)s), không nhận thêm báo cáo.")
                % {"state": assignment.get_state_display()}
            )
        raise PermissionDenied
    if not body.strip():
        raise ValidationError({"body": _("Nhập nội dung báo cáo.")})
    plausibility.check_report_body(body.strip())
    if percent is not None and not 0 <= percent <= 100:
        raise ValidationError({"percent": _("Tiến độ phải từ 0 đến 100%.")})
    if claims_completion and assignment.state == Assignment.State.REPORTED:
        raise ValidationError(_("Đã có báo cáo hoàn thành đang chờ Thanh tra xem xét."))
    now = timezone.now()
    report, created = idempotency.first_or_write(
        lambda: _report_with_token(token, assignment),
        lambda: ProgressReport.objects.create(
            assignment=assignment,
            submitted_by=actor,
            submitted_at=now,
            submitted_on=timezone.localdate(now),
            body=body.strip(),
            percent=100 if claims_completion else percent,
            milestone=milestone.strip(),
            claims_completion=claims_completion,
            submission_token=token,
        ),
    )
    if not created:
        return report
    for upload in files:
        _store_attachment(actor=actor, upload=upload, report=report)
    assignment.last_report_at = now
    if report.percent is not None:
        assignment.progress_percent = report.percent
    if claims_completion:
        workflow.transition(assignment=assignment, to=Assignment.State.REPORTED, actor=actor)
        assignment.reported_on = report.submitted_on
    elif assignment.state in (Assignment.State.ASSIGNED, Assignment.State.RETURNED):
        workflow.transition(assignment=assignment, to=Assignment.State.IN_PROGRESS, actor=actor)
    assignment.save(update_fields=["last_report_at", "progress_percent", "state", "reported_on"])
    return report


def _report_with_token(token: uuid.UUID, assignment: Assignment) -> ProgressReport | None:
    """Return the report `token` already recorded, refusing a token used on another assignment."""
    report = ProgressReport.objects.filter(submission_token=token).first()
    if report is not None and report.assignment_id != assignment.pk:
        raise ValidationError(_("Mã gửi báo cáo không hợp lệ; tải lại trang và gửi lại."))
    return report


@transaction.atomic
def report_review(
    *, actor, report: ProgressReport, decision: str, reason: str = ""
) -> ReportReview:
    """Accept a report (completing the assignment if it claims completion) or return it with a reason.

    Only an open assignment's reports are judged: once it is completed or cancelled, its result
    stands (its unreviewed reports were closed with it).
    """
    _require_manager(actor)
    if decision not in ReportReview.Decision.values:
        raise ValidationError(_("Chọn chấp nhận hoặc trả lại."))
    if decision == ReportReview.Decision.RETURN and not reason.strip():
        raise ValidationError({"reason": _("Ghi lý do trả lại để đơn vị biết cần bổ sung gì.")})
    assignment = Assignment.objects.select_for_update().get(pk=report.assignment_id)
    if assignment.is_closed:
        raise ValidationError(
            _("Nhiệm vụ đã kết thúc (%(state)s): báo cáo không còn chờ xem xét.")
            % {"state": assignment.get_state_display()},
            code="closed",
        )
    if ReportReview.objects.filter(report=report).exists():
        raise ValidationError(_("Báo cáo này đã được xem xét."))
    review = ReportReview.objects.create(
        report=report,
        decision=decision,
        reason=reason.strip(),
        reviewer=actor,
        decided_at=timezone.now(),
    )
    if report.claims_completion:
        if decision == ReportReview.Decision.ACCEPT:
            workflow.transition(assignment=assignment, to=Assignment.State.COMPLETED, actor=actor)
            # The completion date is the accepted report's submission date: slow review never makes a unit late.
            assignment.completed_on = report.submitted_on
            assignment.progress_percent = 100
        else:
            workflow.transition(assignment=assignment, to=Assignment.State.RETURNED, actor=actor)
            assignment.reported_on = None
        assignment.save(update_fields=["state", "completed_on", "progress_percent", "reported_on"])
    return review


# --------------------------------------------------------------------------- extensions


@transaction.atomic
def extension_request(
    *, actor, assignment: Assignment, requested_deadline: datetime.date, reason: str
) -> ExtensionRequest:
    """Ask the inspectorate to move an assignment's deadline."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if not can_report(actor, assignment):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Nêu lý do đề nghị gia hạn.")})
    if assignment.effective_deadline is None:
        raise ValidationError(_("Nhiệm vụ thường xuyên, không có thời hạn để gia hạn."))
    if requested_deadline <= assignment.effective_deadline:
        raise ValidationError(
            {
                "requested_deadline": _("Hạn đề nghị phải sau hạn hiện tại (%(d)s).")
                % {"d": format_date(assignment.effective_deadline)}
            }
        )
    plausibility.check_deadline(
        requested_deadline, assignment.task.directive.issued_on, field="requested_deadline"
    )
    if assignment.extension_requests.filter(state=ExtensionRequest.State.PENDING).exists():
        raise ValidationError(_("Đã có một đề nghị gia hạn đang chờ quyết định."))
    request = ExtensionRequest.objects.create(
        assignment=assignment,
        requested_by=actor,
        current_deadline=assignment.effective_deadline,
        requested_deadline=requested_deadline,
        reason=reason.strip(),
    )
    return request


@transaction.atomic
def extension_decide(
    *,
    actor,
    request: ExtensionRequest,
    approve: bool,
    deadline: datetime.date | None = None,
    note: str = "",
) -> ExtensionRequest:
    """Approve (possibly to another date) or reject an extension; approval moves the effective deadline.

    Only an open assignment's deadline moves: a completed one keeps the timeliness it was judged
    with (its pending request was closed with it).
    """
    _require_manager(actor)
    # The assignment first, as every decision on it locks it: a concurrent cancel waits or is waited for.
    assignment = Assignment.objects.select_for_update().get(pk=request.assignment_id)
    request = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    if assignment.is_closed or request.state == ExtensionRequest.State.CLOSED:
        raise ValidationError(
            _("Nhiệm vụ đã kết thúc (%(state)s): đề nghị gia hạn đã đóng, không còn quyết định.")
            % {"state": assignment.get_state_display()},
            code="closed",
        )
    if request.state != ExtensionRequest.State.PENDING:
        raise ValidationError(_("Đề nghị này đã được quyết định."))
    if not approve and not note.strip():
        raise ValidationError({"note": _("Ghi lý do không đồng ý gia hạn.")})
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.decision_note = note.strip()
    if approve:
        new_deadline = deadline or request.requested_deadline
        if assignment.effective_deadline and new_deadline <= assignment.effective_deadline:
            raise ValidationError({"deadline": _("Hạn mới phải sau hạn hiện tại.")})
        plausibility.check_deadline(
            new_deadline, assignment.task.directive.issued_on, field="deadline"
        )
        request.state = ExtensionRequest.State.APPROVED
        request.decided_deadline = new_deadline
        assignment.effective_deadline = new_deadline
        assignment.save(update_fields=["effective_deadline"])
    else:
        request.state = ExtensionRequest.State.REJECTED
    request.save()
    return request
