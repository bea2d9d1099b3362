"""The inspectorate's tracker import: upload, preview (dry run), apply, undo, error sheet, template.

Only the inspectorate (can_manage) reaches these pages; anyone else gets 404. Batches belong to
the inspectorate as a whole, as every directive it tracks does.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directives import exports
from directives.models import local_today
from directives.views.access import manager_or_404
from imports import mappings, services
from imports.error_sheet import error_sheet_response
from imports.forms import ApplyForm, MappingForm, TrackerUploadForm
from imports.models import ImportBatch, ImportRow

ROWS_PER_PAGE = 100


def _batch(request, pk) -> ImportBatch:
    manager_or_404(request.user)
    return get_object_or_404(ImportBatch, pk=pk)


@login_required
def batch_list(request):
    """List the import batches and take a new tracker file."""
    manager_or_404(request.user)
    form = TrackerUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.batch_create(actor=request.user, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            return redirect(batch)
    batches = Paginator(ImportBatch.objects.select_related("created_by"), 20)
    return render(
        request,
        "imports/batch_list.html",
        {"form": form, "page": batches.get_page(request.GET.get("page"))},
    )


@login_required
def template_download(request):
    """Send the empty template: the columns of the assignment list export, nothing else."""
    manager_or_404(request.user)
    header = exports.ExportHeader(
        title=_("Danh sách nhiệm vụ"),
        lines=[_("Mẫu nhập bảng theo dõi: mỗi dòng là phần việc của một đơn vị.")],
        made_by=str(request.user),
        made_on=local_today(),
        sheet=_("Danh sách nhiệm vụ"),
    )
    return exports.xlsx_response("mau-nhap-nhiem-vu.xlsx", header, exports.list_columns(), [])


@login_required
def batch_detail(request, pk):
    """Show what the batch would do (or did): counts, then each row with its problems."""
    batch = _batch(request, pk)
    rows = batch.rows.order_by("number")
    only = request.GET.get("loc", "")
    if only in ImportRow.Action.values:
        rows = rows.filter(action=only)
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "imports/batch_detail.html",
        {
            "batch": batch,
            "page": page,
            "only": only,
            "apply_form": ApplyForm(),
            "progress": services.progress_of(batch),
            "mapping_form": _mapping_form(batch) if batch.state == batch.State.MAPPING else None,
        },
    )


def _mapping_form(batch, data=None) -> MappingForm:
    initial = {"name": batch.mapping.name if batch.mapping else batch.original_name}
    return MappingForm(
        data,
        initial=initial,
        headings=batch.headings,
        proposed=mappings.proposed_fields(batch),
        choices=mappings.field_choices(),
    )


@login_required
def batch_mapping(request, pk):
    """Map the file's headings to PCTS columns, save the mapping for its layout, and check again."""
    batch = _batch(request, pk)
    if batch.state not in (ImportBatch.State.MAPPING, ImportBatch.State.CHECKED) or not batch.file:
        return redirect(batch)
    form = _mapping_form(batch, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mapping = mappings.mapping_save(
                actor=request.user,
                batch=batch,
                fields=form.mapped(),
                name=form.cleaned_data["name"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Đã lưu cách ghép cột «%(name)s» và kiểm tra lại tệp.") % {"name": mapping},
            )
            return redirect(batch)
    return render(request, "imports/batch_mapping.html", {"batch": batch, "form": form})


@login_required
def batch_progress(request, pk):
    """Answer the progress bar's polling: rows done, rows in all, and the batch's state."""
    batch = _batch(request, pk)
    found = services.progress_of(batch)
    return JsonResponse({**found, "state": batch.state, "busy": batch.busy})


@login_required
@require_POST
def batch_apply(request, pk):
    batch = _batch(request, pk)
    form = ApplyForm(request.POST)
    form.is_valid()
    try:
        batch = services.batch_apply(
            actor=request.user, batch=batch, skip_errors=form.cleaned_data.get("skip_errors", False)
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if batch.state == ImportBatch.State.APPLIED:
            messages.success(request, _("Đã nhập dữ liệu của lần nhập #%(n)d.") % {"n": batch.pk})
    return redirect(batch)


@login_required
@require_POST
def batch_undo(request, pk):
    batch = _batch(request, pk)
    try:
        services.batch_undo(actor=request.user, batch=batch)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã hoàn tác lần nhập #%(n)d.") % {"n": batch.pk})
    return redirect(batch)


@login_required
def batch_errors(request, pk):
    """Send the batch's rows back as Excel with an error column."""
    return error_sheet_response(_batch(request, pk))
