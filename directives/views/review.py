"""The inspectorate's review queue: reports awaiting review and pending extension requests."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directives import awaiting, services
from directives.forms import AssignmentCancelForm, ExtensionDecideForm, ReportReviewForm
from directives.models import (
    Assignment,
    ExtensionRequest,
    ReportReview,
    days_late,
)
from directives.permissions import visible_assignments, visible_extension_requests, visible_reports
from directives.views.access import manager_or_404
from units.vietnamese import format_date

PAGE_SIZE = 30


def reports_awaiting_review(user):
    """Return unreviewed reports on open assignments: completion claims first, oldest first."""
    return (
        awaiting.awaiting_reports(user)
        .select_related("assignment__unit", "assignment__task__directive", "submitted_by")
        .prefetch_related("attachments")
        .order_by("-claims_completion", "submitted_at", "pk")
    )


def pending_extensions(user):
    """Return extension requests awaiting a decision, oldest first."""
    return (
        awaiting.awaiting_extensions(user)
        .select_related("assignment__unit", "assignment__task__directive", "requested_by")
        .annotate(lead_deadline=lead_deadline(OuterRef("assignment__task_id")))
        .order_by("requested_at", "pk")
    )


def lead_deadline(task_id):
    """Return the lead unit's current deadline of the task `task_id` as a subquery."""
    return Subquery(
        Assignment.objects.filter(task_id=task_id, role=Assignment.Role.LEAD).values(
            "effective_deadline"
        )[:1]
    )


def past_lead_deadline(assignment, day) -> datetime.date | None:
    """Return the lead's deadline when `day` for a coordinating unit lies after it, else None.

    A coordinating unit's deadline may differ from the lead's, but the lead compiles the
    coordinators' contributions, so one later than the lead's own deadline earns a warning.
    """
    if assignment.role != Assignment.Role.COORDINATING or day is None:
        return None
    lead = (
        Assignment.objects.filter(task_id=assignment.task_id, role=Assignment.Role.LEAD)
        .values_list("effective_deadline", flat=True)
        .first()
    )
    return lead if lead and day > lead else None


def _late(deadline, day) -> int:
    """Return how many days `day` is past `deadline` (0 when on time or without deadline)."""
    return max(days_late(deadline, day) or 0, 0)


@login_required
def review_queue(request):
    """List what awaits the inspectorate's decision."""
    manager_or_404(request.user)
    today = timezone.localdate()
    reports = Paginator(reports_awaiting_review(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for report in reports:
        # A completion counts from its submission date, so lateness is judged on that day.
        day = report.submitted_on if report.claims_completion else today
        report.days_late = _late(report.assignment.effective_deadline, day)
    extensions = Paginator(pending_extensions(request.user), PAGE_SIZE).get_page(
        request.GET.get("epage")
    )
    for extension in extensions:
        extension.days_late = _late(extension.assignment.effective_deadline, today)
        extension.past_lead = (
            extension.assignment.role == Assignment.Role.COORDINATING
            and extension.lead_deadline is not None
            and extension.requested_deadline > extension.lead_deadline
        )
    return render(
        request,
        "directives/review_queue.html",
        {
            "reports": reports,
            "extensions": extensions,
            "accept": ReportReview.Decision.ACCEPT,
            "return_": ReportReview.Decision.RETURN,
        },
    )


def _back(request):
    """Return to the page the decision was made on (the queue unless a safe `next` says otherwise)."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return redirect(target)
    return redirect("directives:review-queue")


def _form_error(form) -> str:
    return " ".join(message for errors in form.errors.values() for message in errors)


@login_required
@require_POST
def report_review(request, pk):
    """Accept a report or return it with a reason."""
    manager_or_404(request.user)
    report = get_object_or_404(
        visible_reports(request.user).select_related("assignment__unit"), pk=pk
    )
    form = ReportReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_error(form))
        return _back(request)
    try:
        review = services.report_review(
            actor=request.user,
            report=report,
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(request)
    if review.decision == ReportReview.Decision.ACCEPT:
        text = _("Đã chấp nhận báo cáo của %(unit)s.")
    else:
        text = _("Đã trả lại báo cáo của %(unit)s.")
    messages.success(request, text % {"unit": report.assignment.unit})
    return _back(request)


@login_required
@require_POST
def reports_accept(request):
    """Accept the ticked reports, each through the same service and checks as a single accept.

    A report the user may not see is skipped as if it did not exist; one the service refuses
    (already reviewed, its assignment closed…) is named with the reason, the others still pass.
    """
    manager_or_404(request.user)
    ids = [int(v) for v in request.POST.getlist("reports") if v.isdigit()]
    reports = visible_reports(request.user).select_related("assignment__unit").filter(pk__in=ids)
    accepted, refused = 0, []
    for report in reports.order_by("pk"):
        try:
            services.report_review(
                actor=request.user, report=report, decision=ReportReview.Decision.ACCEPT
            )
        except ValidationError as exc:
            refused.append(f"{report.assignment.unit}: {' '.join(exc.messages)}")
        else:
            accepted += 1
    if accepted:
        messages.success(request, _("Đã chấp nhận %(n)s báo cáo.") % {"n": accepted})
    elif not refused:
        messages.error(request, _("Chưa chọn báo cáo nào để chấp nhận."))
    for text in refused:
        messages.error(request, _("Không chấp nhận được: %(why)s") % {"why": text})
    return _back(request)


@login_required
@require_POST
def extension_decide(request, pk):
    """Approve an extension (to the requested or another date) or reject it with a reason."""
    manager_or_404(request.user)
    extension = get_object_or_404(
        visible_extension_requests(request.user).select_related("assignment__unit"), pk=pk
    )
    form = ExtensionDecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_error(form))
        return _back(request)
    data = form.cleaned_data
    try:
        decided = services.extension_decide(
            actor=request.user,
            request=extension,
            approve=data["decision"] == "approve",
            deadline=data["deadline"],
            note=data["note"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(request)
    if decided.state == ExtensionRequest.State.APPROVED:
        text = _("Đã đồng ý gia hạn cho %(unit)s đến %(date)s.") % {
            "unit": extension.assignment.unit,
            "date": format_date(decided.decided_deadline),
        }
        lead = past_lead_deadline(extension.assignment, decided.decided_deadline)
        if lead:
            messages.warning(request, past_lead_warning(lead))
    else:
        text = _("Đã không đồng ý gia hạn cho %(unit)s.") % {"unit": extension.assignment.unit}
    messages.success(request, text)
    return _back(request)


@login_required
@require_POST
def assignment_cancel(request, pk):
    """Withdraw one unit's assignment, with the reason the timeline will tell."""
    manager_or_404(request.user)
    assignment = get_object_or_404(visible_assignments(request.user).select_related("unit"), pk=pk)
    form = AssignmentCancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_error(form))
        return redirect(assignment)
    try:
        services.assignment_cancel(
            actor=request.user, assignment=assignment, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(assignment)
    messages.success(request, _("Đã hủy giao nhiệm vụ cho %(unit)s.") % {"unit": assignment.unit})
    return redirect(assignment)


def past_lead_warning(lead) -> str:
    return _(
        "Lưu ý: hạn mới của đơn vị phối hợp sau hạn của đơn vị chủ trì (%(date)s); đơn vị chủ "
        "trì cần tổng hợp phần việc này trước hạn của mình."
    ) % {"date": format_date(lead)}
