"""The unit's side of report collection: its submissions, the fill page, Excel, versions.

Every view starts from `visible_submissions(user)` (a foreign id answers 404, whatever the
method), then hands the input to a service, which re-checks who may fill; a refusal keeps what
the user typed and saves nothing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import security
from collection import excel, fill, services
from collection.models import RoundStatus, Submission, SubmissionVersion
from collection.permissions import can_fill, visible_submissions
from collection.validation import form_fields
from directives.exports.base import ExportHeader, name_part
from directives.permissions import sees_everything
from directives.uploads import XLSX
from units.selectors import user_scope_unit_ids, user_unit_ids

PAGE_SIZE = 50
READ_METHODS = ["GET", "HEAD"]


def _visible(request, pk: int) -> Submission:
    queryset = visible_submissions(request.user).select_related("round__form", "unit__parent")
    return get_object_or_404(queryset, pk=pk)


@login_required
def my_submissions(request):
    """List the submissions of the user's units: open rounds first, then the latest periods."""
    if request.method not in READ_METHODS:
        return HttpResponseNotAllowed(READ_METHODS)
    rows = visible_submissions(request.user)
    if sees_everything(request.user):
        # The inspectorate and leaders see every unit's; this list is of their own units only.
        rows = rows.filter(unit_id__in=user_scope_unit_ids(request.user))
    rows = (
        rows.select_related("round__form", "unit")
        .annotate(
            open_first=Case(
                When(round__status=RoundStatus.OPEN, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by(
            "open_first", "-round__period_end", "round__due_on", "round__form__code", "unit__name"
        )
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "collection/submission_list.html",
        {
            "page": page,
            "has_units": bool(user_unit_ids(request.user)),
            "show_unit": len({row.unit_id for row in page.object_list}) > 1,
        },
    )


def _page(request, submission, *, items=None, errors=(), upload_errors=(), status=200):
    """Render the detail page; `items` carry the user's input when a save was refused.

    `errors` are (message, id of the input it names) pairs; `upload_errors` plain messages.
    """
    fillable = can_fill(request.user, submission)
    if items is None:
        items = fill.items_for(
            form_fields(submission.round.form),
            submission.values or {},
            posted=False,
            blank_rows=fill.BLANK_ROWS if fillable else 0,
        )
    versions = submission.versions.select_related("submitted_by").order_by("-number")
    return render(
        request,
        "collection/submission_detail.html",
        {
            "submission": submission,
            "round": submission.round,
            "form": submission.round.form,
            "items": items,
            "can_fill": fillable,
            "errors": list(errors),
            "upload_errors": list(upload_errors),
            "versions": versions,
        },
        status=status,
    )


def _refused(request, submission, exc: PermissionDenied):
    messages.warning(request, str(exc) or _("Bạn không thể sửa báo cáo này."))
    return redirect(submission)


@login_required
def submission_detail(request, pk):
    """Show one submission with its form (to fill, or read-only); POST saves a draft or sends it."""
    submission = _visible(request, pk)
    if request.method in READ_METHODS:
        return _page(request, submission)
    if request.method != "POST":
        return HttpResponseNotAllowed([*READ_METHODS, "POST"])
    send = request.POST.get("action") == "send"
    fields = form_fields(submission.round.form)
    values = fill.values_from_post(fields, request.POST)
    try:
        services.submission_save(
            actor=request.user, submission=submission, values=values, send=send
        )
    except PermissionDenied as exc:
        return _refused(request, submission, exc)
    except ValidationError as exc:
        items = fill.items_for(fields, values, posted=True)
        summary = fill.place_errors(items, exc.messages)
        return _page(request, submission, items=items, errors=summary)
    if send:
        messages.success(request, _("Đã gửi báo cáo; Thanh tra sẽ xem xét."))
    else:
        messages.success(request, _("Đã lưu nháp. Báo cáo chưa được gửi."))
    return redirect(submission)


@login_required
def submission_nothing(request, pk):
    """Send "không phát sinh" for the period (the page asks to confirm first)."""
    submission = _visible(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.submission_declare_nothing(actor=request.user, submission=submission)
    except PermissionDenied as exc:
        return _refused(request, submission, exc)
    messages.success(request, _("Đã gửi báo cáo “không phát sinh” cho kỳ này."))
    return redirect(submission)


def template_header(request, submission) -> ExportHeader:
    """The heading of the unit's own report: its unit under its parent, who made it, today."""
    unit = submission.unit
    return ExportHeader(
        title=submission.round.form.title,
        lines=[submission.round.label],
        made_by=str(request.user),
        made_on=timezone.localdate(),
        unit=unit.name,
        unit_code=unit.short_name or unit.code,
        parent=unit.parent.name if unit.parent_id else "",
        sheet=submission.round.form.code,
    )


@login_required
def submission_template(request, pk):
    """Download the form as an Excel workbook to fill, with the values kept so far."""
    submission = _visible(request, pk)
    if request.method not in READ_METHODS:
        return HttpResponseNotAllowed(READ_METHODS)
    data = excel.template_workbook(submission, template_header(request, submission))
    # "Quý IV/2026 (kỳ báo cáo PCTN …)" → quy-IV-2026: the window's dates are in the file.
    period = submission.round.label.split(" (")[0]
    parts = [submission.round.form.code, period, submission.unit.code]
    name = "bieu-mau-" + "-".join(name_part(p) for p in parts) + ".xlsx"
    security.record(security.Kind.EXPORT, request=request, file=name, format="xlsx")
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def submission_upload(request, pk):
    """Read an uploaded filled template and send its values; any error names the cell."""
    submission = _visible(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    upload = request.FILES.get("file")
    if upload is None:
        return _page(request, submission, upload_errors=[_("Hãy chọn tệp Excel (.xlsx) đã điền.")])
    try:
        services.submission_upload(actor=request.user, submission=submission, upload=upload)
    except PermissionDenied as exc:
        return _refused(request, submission, exc)
    except ValidationError as exc:
        return _page(request, submission, upload_errors=exc.messages)
    messages.success(request, _("Đã nhận biểu mẫu Excel và gửi báo cáo; Thanh tra sẽ xem xét."))
    return redirect(submission)


@login_required
def version_file(request, pk, number):
    """Stream the Excel file a unit uploaded with one version, to whoever sees the submission."""
    submission = _visible(request, pk)
    version = get_object_or_404(SubmissionVersion, submission=submission, number=number)
    if request.method not in READ_METHODS:
        return HttpResponseNotAllowed(READ_METHODS)
    if not version.file:
        raise Http404
    try:
        handle = version.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Không tìm thấy tệp trên máy chủ.")) from exc
    response = FileResponse(
        handle, as_attachment=True, filename=version.file_name or "bao-cao.xlsx", content_type=XLSX
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
