"""A unit's reports and extension requests, and the inspectorate's decisions on them."""

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directives import confidentiality, events, idempotency, plausibility, workflow
from directives.attachments import attachments_add
from directives.models import Assignment, ExtensionRequest, ProgressReport, ReportReview
from directives.permissions import can_report
from directives.services.common import _require_manager
from units.vietnamese import format_date


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
    body, milestone = confidentiality.report_text(assignment, body, milestone)
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
    attachments_add(actor=actor, files=files, report=report)
    assignment.last_report_at = now
    if report.percent is not None:
        assignment.progress_percent = report.percent
    if claims_completion:
        workflow.transition(assignment=assignment, to=Assignment.State.REPORTED, actor=actor)
        assignment.reported_on = report.submitted_on
    elif assignment.state in (Assignment.State.ASSIGNED, Assignment.State.RETURNED):
        workflow.transition(assignment=assignment, to=Assignment.State.IN_PROGRESS, actor=actor)
    assignment.save(update_fields=["last_report_at", "progress_percent", "state", "reported_on"])
    events.emit_report_submitted(actor=actor, report=report)
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
    reason = confidentiality.free_text(
        report, reason, required=decision == ReportReview.Decision.RETURN
    )
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
            assignment.accepted_at = review.decided_at
        else:
            workflow.transition(assignment=assignment, to=Assignment.State.RETURNED, actor=actor)
            # What a past day's figures need: the claim was awaiting review until this moment.
            assignment.returned_claim_on = assignment.reported_on
            assignment.returned_at = review.decided_at
            assignment.reported_on = None
        assignment.save(
            update_fields=[
                "state",
                "completed_on",
                "progress_percent",
                "reported_on",
                "accepted_at",
                "returned_claim_on",
                "returned_at",
            ]
        )
    events.emit_report_reviewed(actor=actor, review=review)
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
    reason = confidentiality.free_text(assignment, reason, required=True)
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
    events.emit_extension_requested(actor=actor, request=request)
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
    note = confidentiality.free_text(request, note, required=not approve)
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
    request.assignment = assignment
    events.emit_extension_decided(actor=actor, request=request)
    return request


def _report_with_token(token: uuid.UUID, assignment: Assignment) -> ProgressReport | None:
    """Return the report `token` already recorded, refusing a token used on another assignment."""
    report = ProgressReport.objects.filter(submission_token=token).first()
    if report is not None and report.assignment_id != assignment.pk:
        raise ValidationError(_("Mã gửi báo cáo không hợp lệ; tải lại trang và gửi lại."))
    return report
