"""The overdue dashboard, its drill-down list, exports and the pickers' JSON endpoints.

Who reaches these pages: leaders, the inspectorate and admins (everything) and unit heads (their
unit and its subtree). Anyone else, including an outsider with no unit, gets 404: the dashboard
is not theirs to know about.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _t

from audit import security
from directives import exports
from directives.dashboard import (
    CATEGORIES,
    briefing_cell,
    can_view_dashboard,
    chart_data,
    dashboard_assignments,
    is_past,
    list_rows,
    summarize,
)
from directives.dashboard_filters import (
    DashboardFilter,
    DashboardListFilter,
    directive_label,
    issuer_choices,
)
from directives.forms import PickerSearchForm
from directives.models import local_today
from directives.paging import IdFirstPaginator
from directives.permissions import visible_directives
from directives.reminders import counts
from directives.views.common import exporting_unit
from directives.views.limits import json_helper
from units.vietnamese import fold

TABLE_PAGE_SIZE = 50
LIST_PAGE_SIZE = 50
PICKER_LIMIT = 20


def _filterset(request, filterset_class=DashboardFilter):
    """Return the request's filter set over the user's dashboard scope, or 404 for other users."""
    if not can_view_dashboard(request.user):
        raise Http404
    return filterset_class(
        request.GET, queryset=dashboard_assignments(request.user), request=request
    )


@login_required
def dashboard(request):
    """Show tiles, the ranked per-unit table and the charts for the selected period and filters."""
    filterset = _filterset(request)
    summary = summarize(filterset, trend=True)
    table_page = Paginator(summary.rows, TABLE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": filterset,
        "summary": summary,
        "categories": CATEGORIES,
        "table_page": table_page,
        "charts": chart_data(summary, summary.trend),
        "briefing": briefing_cell(filterset, summary.drilldown),
        "selection": filterset.selection_query(),
        "as_of": filterset.judged_on,
        "as_of_past": is_past(filterset.judged_on),
    }
    return render(request, "directives/dashboard.html", context)


@login_required
def dashboard_list(request):
    """List exactly the assignments one dashboard number counts, with that exact count."""
    filterset = _filterset(request, DashboardListFilter)
    page = IdFirstPaginator(list_rows(filterset), LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": filterset,
        "page": page,
        # Each row's đôn đốc as of the list's day, with the head accountable on each of them.
        "rows": counts.with_history(counts.annotate(page.object_list, until=filterset.judged_on)),
        "as_of": filterset.judged_on,
        "selection": filterset.selection_query(),
    }
    return render(request, "directives/dashboard_list.html", context)


def _header(request, filterset, title: str, sheet: str) -> exports.ExportHeader:
    user = request.user
    unit = exporting_unit(user)
    return exports.ExportHeader(
        title=title,
        lines=filterset.describe(),
        made_by=str(user),
        made_on=local_today(),
        unit=unit.name if unit else "",
        unit_code=(unit.short_name or unit.code) if unit else "",
        parent=unit.parent.name if unit and unit.parent_id else "",
        sheet=sheet,
    )


def _file_name(stem: str, filterset, fmt: str) -> str:
    """Name the file after the selection: tong-hop-quy-IV-2026.pdf, or up to which day it counts."""
    data = filterset.form.cleaned_data if filterset.is_valid() else {}
    parts = []
    if data.get("directive"):
        parts.append(data["directive"].symbol)
    if filterset.window is not None:
        parts.append(filterset.window.label)
    else:
        parts.append(f"den-ngay-{filterset.judged_on:%Y-%m-%d}")
    return exports.selection_name(stem, parts, fmt)


@login_required
def dashboard_export(request, fmt):
    """Export the ranked per-unit table as Excel or an official PDF."""
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    filterset = _filterset(request)
    summary = summarize(filterset)
    header = _header(
        request,
        filterset,
        _t("Tổng hợp kết quả thực hiện nhiệm vụ theo đơn vị"),
        _t("Tổng hợp theo đơn vị"),
    )
    name = _file_name("tong-hop", filterset, fmt)
    args = (
        name,
        header,
        exports.table_columns(),
        exports.table_rows(summary),
        exports.table_total_row(summary),
    )
    security.record(security.Kind.EXPORT, request=request, file=name, format=fmt)
    if fmt == "xlsx":
        return exports.xlsx_response(*args)
    return exports.pdf_response(*args)


@login_required
def dashboard_list_export(request, fmt):
    """Export a drill-down list as Excel, an official PDF or CSV (UTF-8 with BOM), streamed."""
    if fmt not in ("xlsx", "pdf", "csv"):
        raise Http404
    filterset = _filterset(request, DashboardListFilter)
    header = _header(request, filterset, _t("Danh sách nhiệm vụ"), _t("Danh sách nhiệm vụ"))
    name = _file_name("danh-sach-nhiem-vu", filterset, fmt)
    rows = exports.list_rows(list_rows(filterset), filterset.judged_on)
    security.record(security.Kind.EXPORT, request=request, file=name, format=fmt)
    if fmt == "xlsx":
        return exports.xlsx_response(name, header, exports.list_columns(), rows)
    if fmt == "pdf":
        return exports.pdf_response(name, header, exports.list_columns(), rows)
    return exports.csv_response(name, exports.list_columns(), rows)


@login_required
@json_helper
def directive_search(request):
    """Answer the directive picker: visible directives matching the typed text, newest first."""
    if not can_view_dashboard(request.user):
        raise Http404
    search = PickerSearchForm(request.GET)
    if not search.is_valid():
        return JsonResponse({"results": [], "error": search.error_text()}, status=400)
    found = visible_directives(request.user).search(search.query())
    found = found.order_by("-issued_on", "-id")[:PICKER_LIMIT]
    return JsonResponse(
        {
            "results": [
                {"value": d.pk, "text": directive_label(d), "search": d.search_text} for d in found
            ]
        }
    )


@login_required
@json_helper
def issuer_search(request):
    """Answer the issuer picker: registry and built-in issuer codes matching the typed text."""
    if not can_view_dashboard(request.user):
        raise Http404
    search = PickerSearchForm(request.GET)
    if not search.is_valid():
        return JsonResponse({"results": [], "error": search.error_text()}, status=400)
    found = issuer_choices(search.query())[:PICKER_LIMIT]
    return JsonResponse(
        {
            "results": [
                {"value": code, "text": label, "search": fold(label)} for code, label in found
            ]
        }
    )
