"""A unit's journey: its inbox, the assignment list and page, reports, extensions and files.

Every view starts from the user's visible assignments (foreign ids answer 404), checks what the
user may do, hands input to a form and the write to a service, then redirects.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from directives import selectors, services, timeline
from directives.forms import AssignmentCancelForm
from directives.models import (
    OPEN_STATES,
    Assignment,
    ExtensionRequest,
    Timeliness,
    days_late,
    local_today,
)
from directives.paging import IdFirstPaginator
from directives.permissions import (
    can_manage,
    can_report,
    sees_as_lead_only,
    sees_everything,
    visible_attachments,
)
from directives.reminders import counts
from directives.report_forms import ExtensionRequestForm, ReportForm
from units.selectors import user_scope_unit_ids, user_unit_ids

PAGE_SIZE = 50
# Views of one object look it up before checking the method, so a foreign id answers 404 to any method.
READ_METHODS = ["GET", "HEAD"]


def _decorate(rows, today: datetime.date):
    """Add what a row shows besides its columns: the timeliness label and days left (or late)."""
    rows = list(rows)
    for row in rows:
        row.timeliness_label = Timeliness(row.timeliness).label
        row.extended = bool(
            row.original_deadline and row.effective_deadline != row.original_deadline
        )
        counting = row.state in OPEN_STATES and row.state != Assignment.State.REPORTED
        late = days_late(row.effective_deadline, today) if counting else None
        row.days_left = None if late is None else -late
        row.days_late = late if late is not None and late > 0 else None
    return rows


def _visible_assignment(request, pk: int) -> Assignment:
    return get_object_or_404(selectors.assignment_rows(request.user), pk=pk)


def _assignment_to_act_on(request, pk: int) -> Assignment:
    """Return an assignment for a write URL; one the user reads only as the task's lead unit is 404."""
    assignment = _visible_assignment(request, pk)
    if sees_as_lead_only(request.user, assignment):
        raise Http404
    return assignment


def _refusal(request, assignment: Assignment):
    """Send back to the assignment page, saying why, whoever may see but not act on it.

    The page is visible to them, so a redirect with the reason is kinder than an error page;
    users who may not see it never get here (404).
    """
    if assignment.unit_id not in user_unit_ids(request.user):
        message = _(
            "Chỉ cán bộ của %(unit)s mới gửi báo cáo hoặc đề nghị gia hạn cho nhiệm vụ này."
        ) % {"unit": assignment.unit}
    elif not assignment.is_open:
        message = _("Nhiệm vụ đã kết thúc (%(state)s), không nhận thêm báo cáo hoặc đề nghị.") % {
            "state": assignment.get_state_display()
        }
    else:
        return None
    messages.warning(request, message)
    return redirect(assignment)


@login_required
@require_GET
def inbox(request):
    """List the assignments of the user's own units, most urgent first."""
    include_closed = request.GET.get("closed") == "1"
    rows = selectors.inbox(request.user, include_closed=include_closed)
    page = IdFirstPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "directives/inbox.html",
        {
            "page": page,
            "rows": _decorate(page.object_list, local_today()),
            "include_closed": include_closed,
            "has_units": bool(user_scope_unit_ids(request.user)),
            "sees_everything": sees_everything(request.user),
        },
    )


@login_required
def assignment_detail(request, pk):
    """Show one assignment: what, who, deadlines, reports, extensions, timeline, and the unit's forms."""
    assignment = _visible_assignment(request, pk)
    if request.method not in READ_METHODS:
        return HttpResponseNotAllowed(READ_METHODS)
    _decorate([assignment], local_today())
    counts.with_history(counts.annotate([assignment]))
    classified = assignment.task.directive.is_classified
    extensions = list(selectors.assignment_extensions(assignment))
    reportable = can_report(request.user, assignment)
    may_extend = (
        reportable
        and assignment.effective_deadline is not None
        and not any(e.state == ExtensionRequest.State.PENDING for e in extensions)
    )
    return render(
        request,
        "directives/assignment_detail.html",
        {
            "assignment": assignment,
            "directive": assignment.task.directive,
            "partners": _decorate(
                selectors.assignment_partners(request.user, assignment), local_today()
            ),
            "lead_unit": selectors.task_lead_unit(assignment.task_id)
            if assignment.role == Assignment.Role.COORDINATING
            else None,
            "reports": selectors.assignment_reports(assignment),
            "extensions": extensions,
            "timeline": timeline.build_timeline(assignment),
            "report_form": ReportForm(classified=classified) if reportable else None,
            "extension_form": ExtensionRequestForm(classified=classified) if may_extend else None,
            "can_manage": can_manage(request.user),
            "briefing_after": counts.briefing_threshold(),
            "cancel_form": AssignmentCancelForm()
            if can_manage(request.user) and assignment.is_open
            else None,
        },
    )


def _apply_service_errors(form, exc: ValidationError) -> None:
    """Put a service's error on its field when the form has one, else above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
@require_http_methods(["GET", "POST"])
def report_submit(request, pk):
    """Show the report form (GET) or record a report with its files (POST)."""
    assignment = _assignment_to_act_on(request, pk)
    if refused := _refusal(request, assignment):
        return refused
    classified = assignment.task.directive.is_classified
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES, classified=classified)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.report_submit(
                    actor=request.user,
                    assignment=assignment,
                    body=form.text("body"),
                    percent=data["percent"],
                    milestone=form.text("milestone"),
                    claims_completion=data["claims_completion"],
                    files=form.text("files"),
                    submission_token=data["submission_token"],
                )
            except ValidationError as exc:
                _apply_service_errors(form, exc)
            else:
                messages.success(request, _("Đã gửi báo cáo."))
                return redirect(
                    reverse("directives:assignment-detail", args=[assignment.pk]) + "#bao-cao"
                )
    else:
        form = ReportForm(classified=classified)
    return render(
        request,
        "directives/report_form.html",
        {"assignment": assignment, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def extension_request(request, pk):
    """Show the extension form (GET) or record an extension request (POST)."""
    assignment = _assignment_to_act_on(request, pk)
    if refused := _refusal(request, assignment):
        return refused
    classified = assignment.task.directive.is_classified
    if request.method == "POST":
        form = ExtensionRequestForm(request.POST, classified=classified)
        if form.is_valid():
            try:
                services.extension_request(
                    actor=request.user,
                    assignment=assignment,
                    requested_deadline=form.cleaned_data["requested_deadline"],
                    reason=form.cleaned_data.get("reason", ""),
                )
            except ValidationError as exc:
                _apply_service_errors(form, exc)
            else:
                messages.success(request, _("Đã gửi đề nghị gia hạn; Thanh tra sẽ xem xét."))
                return redirect(
                    reverse("directives:assignment-detail", args=[assignment.pk]) + "#gia-han"
                )
    else:
        form = ExtensionRequestForm(classified=classified)
    return render(
        request, "directives/extension_form.html", {"assignment": assignment, "form": form}
    )


@login_required
def attachment_download(request, pk):
    """Stream a file the user may see, under its original name, never rendered inline."""
    attachment = get_object_or_404(visible_attachments(request.user), pk=pk)
    if request.method not in READ_METHODS:
        return HttpResponseNotAllowed(READ_METHODS)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Không tìm thấy tệp trên máy chủ.")) from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
