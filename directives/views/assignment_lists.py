"""The task list (/nhiem-vu/): filtered, sorted, paginated with an exact count, and exported.

Both views read the same filter set over `selectors.assignment_rows(user)`, so the file holds
exactly the rows the screen lists, in the same order.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from audit import security
from directives import exports, list_sorting, selectors
from directives.filters import AssignmentFilter
from directives.models import local_today
from directives.paging import IdFirstPaginator
from directives.permissions import visible_directives
from directives.reminders import counts
from directives.views.assignments import PAGE_SIZE, _decorate
from directives.views.common import exporting_unit
from units.vietnamese import format_date

EXPORT_FORMATS = ("xlsx", "pdf", "csv")


def _filtered(request):
    filterset = AssignmentFilter(
        request.GET or None, queryset=selectors.assignment_rows(request.user), request=request
    )
    key = list_sorting.sort_key(request.GET.get("sort"))
    rows = filterset.qs  # validates the form
    chosen = filterset.form.cleaned_data.get("timeliness") if filterset.is_bound else None
    return filterset, key, list_sorting.ordered(rows, key, chosen or ())


@login_required
@require_GET
def assignment_list(request):
    """List every visible assignment: open items first (overdue, then due soonest) or as sorted."""
    filterset, key, rows = _filtered(request)
    page = IdFirstPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    directive_id = getattr(filterset.form, "cleaned_data", {}).get("directive")
    return render(
        request,
        "directives/assignment_list.html",
        {
            "filter": filterset,
            "page": page,
            "rows": counts.annotate(_decorate(page.object_list, local_today())),
            "sorts": {link["name"]: link for link in list_sorting.header_links(key)},
            "sort": key,
            # The directive filter is a hidden field: name the document so the user sees why the list is short.
            "directive": visible_directives(request.user).filter(pk=directive_id).first()
            if directive_id
            else None,
        },
    )


@login_required
@require_GET
def assignment_list_export(request, fmt):
    """Export the filtered list as Excel, an official PDF or CSV (UTF-8 with BOM), streamed."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    filterset, _key, rows = _filtered(request)
    today = local_today()
    rows = rows.annotate(judged_deadline=F("effective_deadline"))
    unit = exporting_unit(request.user)
    header = exports.ExportHeader(
        title=_("Danh sách nhiệm vụ"),
        lines=[_("Số liệu tính đến ngày %(day)s") % {"day": format_date(today)}]
        + filterset.describe(),
        made_by=str(request.user),
        made_on=today,
        unit=unit.name if unit else "",
        unit_code=(unit.short_name or unit.code) if unit else "",
        sheet=_("Danh sách nhiệm vụ"),
    )
    name = exports.attachment_name("danh-sach-nhiem-vu", today, fmt)
    security.record(security.Kind.EXPORT, request=request, file=name, format=fmt)
    columns, body = exports.list_columns(), exports.list_rows(rows, today)
    if fmt == "xlsx":
        return exports.xlsx_response(name, header, columns, body)
    if fmt == "pdf":
        return exports.pdf_response(name, header, columns, body)
    return exports.csv_response(name, columns, body)
