"""The inspectorate's directive screens: list, register, detail, edit, link and split into tasks.

Every view starts from visible_directives(user); writes go through directives.services and
anything the user may not manage answers 404, like a foreign object.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directives import selectors, services
from directives.forms import (
    DirectiveEditForm,
    DirectiveFilterForm,
    DirectiveForm,
    DirectiveLinkFormSet,
    LinkAddForm,
    TaskForm,
)
from directives.models import Directive, DirectiveLink
from directives.permissions import can_manage, visible_attachments, visible_directives
from directives.services import corrections
from directives.views.access import managed_directive, manager_or_404
from directives.views.directive_api import deadline_preview_data
from units.vietnamese import format_date, format_date_line

PAGE_SIZE = 25


def js_labels() -> dict:
    """Return the words directive_form.js shows, translated here since static files are not."""
    return {
        "number": _("Số"),
        "type": _("Loại văn bản"),
        "issuer": _("Cơ quan ban hành"),
        "drafting": _("Đơn vị soạn thảo"),
        "year": _("Năm trong ký hiệu"),
        "track": _("Hệ thống"),
        "tracks": dict(Directive.Track.choices),
        "duplicate": _("Văn bản này đã được nhập:"),
        "open_existing": _("mở văn bản đã có"),
        "suggest": _("Có phải là"),
        "use": _("Dùng"),
        "link": _("Liên kết"),
        "linked": _("Đã liên kết"),
        "added": _("Đã thêm vào danh sách liên kết bên dưới"),
        "partial": _("trích dẫn chưa đầy đủ: không tự liên kết"),
        "registered": _("đã có trong hệ thống"),
        "stub": _("chưa có: sẽ tạo văn bản chờ bổ sung"),
        "none_found": _("Không tìm thấy trích dẫn nào."),
        "found": _("Tìm thấy %(n)s trích dẫn."),
        "network": _("Không kết nối được máy chủ, hãy thử lại."),
        "checking": _("Đang kiểm tra…"),
        "due": _("Hạn tính được:"),
        "no_due": _("Không có hạn cụ thể"),
        "confirm": _("cần xác nhận"),
    }


@login_required
def directive_list(request):
    """List the directives the user may see, searchable and filtered by track and year."""
    filters = DirectiveFilterForm(request.GET or None)
    search = filters.cleaned_data["q"] if filters.is_valid() else ""
    directives = selectors.directive_list(request.user)
    # Every word must match, in any order: "ke hoach tham nhung" finds "Kế hoạch … tham nhũng".
    for word in search.split():
        directives = directives.search(word)
    directives = filters.filter(directives)
    page = Paginator(directives, PAGE_SIZE).get_page(request.GET.get("page"))
    years = visible_directives(request.user).dates("issued_on", "year", order="DESC")
    return render(
        request,
        "directives/directive_list.html",
        {
            "filters": filters,
            "page": page,
            "years": [d.year for d in years],
            "can_manage": can_manage(request.user),
        },
    )


@login_required
def directive_create(request):
    """Register a directive; a duplicate is refused with a link to the one already registered."""
    manager_or_404(request.user)
    form = DirectiveForm(request.POST or None, request.FILES or None)
    links = DirectiveLinkFormSet(request.POST or None, prefix="links")
    duplicate = None
    if request.method == "POST" and all([form.is_valid(), links.is_valid()]):
        try:
            data = form.cleaned_data
            directive = services.directive_register(
                actor=request.user,
                raw_symbol=data["raw_symbol"],
                issued_on=data["issued_on"],
                summary=data["summary"].strip(),
                issuer_name=data["issuer_name"].strip(),
                signer=data["signer"].strip(),
                body=data["body"].strip(),
                is_classified=data["is_classified"],
                tracking_officer=data["tracking_officer"],
                files=data["attachments"],
                links=links.links(),
            )
        except services.DuplicateDirective as exc:
            duplicate = exc.existing
            form.add_error("raw_symbol", exc)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(
                request, _("Đã nhập văn bản %(symbol)s.") % {"symbol": directive.symbol}
            )
            return redirect(directive)
    return render(
        request,
        "directives/directive_form.html",
        {
            "form": form,
            "links": links,
            "duplicate": duplicate,
            "link_kinds": DirectiveLink.Kind.choices,
            "js_labels": js_labels(),
        },
    )


@login_required
def directive_detail(request, pk):
    """Show a directive, its chain of documents and the task × unit matrix the user may see."""
    directive = get_object_or_404(
        visible_directives(request.user).select_related("tracking_officer"), pk=pk
    )
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    units, rows = selectors.directive_matrix(directive, request.user)
    up, down = selectors.directive_chain(directive, request.user)
    manager = can_manage(request.user)
    return render(
        request,
        "directives/directive_detail.html",
        {
            "directive": directive,
            "date_line": format_date_line(directive.issued_on),
            "attachments": visible_attachments(request.user)
            .filter(directive=directive)
            .order_by("uploaded_at", "pk"),
            "up": up,
            "down": down,
            "units": units,
            "rows": rows,
            "can_manage": manager,
            "link_form": LinkAddForm() if manager else None,
            "link_kinds": DirectiveLink.Kind.choices,
            "js_labels": js_labels(),
        },
    )


@login_required
def directive_edit(request, pk):
    """Edit a directive's descriptive fields, correct its symbol, add and remove its files."""
    directive = managed_directive(request.user, pk)
    form = DirectiveEditForm(request.POST or None, request.FILES or None, directive=directive)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            _save_directive_edit(request.user, directive, form.cleaned_data)
        except services.DuplicateDirective as exc:
            duplicate = exc.existing
            form.add_error("raw_symbol", exc)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            directive.refresh_from_db()
            messages.success(
                request, _("Đã lưu văn bản %(symbol)s.") % {"symbol": directive.symbol}
            )
            return redirect(directive)
    return render(
        request,
        "directives/directive_edit.html",
        {
            "form": form,
            "directive": directive,
            "duplicate": duplicate,
            "attachments": directive.attachments.order_by("uploaded_at", "pk"),
        },
    )


def _save_directive_edit(user, directive, data) -> None:
    """Correct the symbol, then the descriptive fields, then the files: all in one transaction."""
    data = dict(data)
    raw_symbol = data.pop("raw_symbol")
    add = data.pop("attachments", [])
    remove = data.pop("remove_attachments", [])
    fields = {
        name: value.strip() if isinstance(value, str) else value for name, value in data.items()
    }
    with transaction.atomic():
        corrections.directive_correct_symbol(
            actor=user, directive=directive, raw_symbol=raw_symbol, issued_on=fields["issued_on"]
        )
        directive.refresh_from_db()
        services.directive_update(actor=user, directive=directive, **fields)
        corrections.directive_attachments_change(
            actor=user, directive=directive, add=add, remove=remove
        )


@login_required
@require_POST
def directive_link_add(request, pk):
    """Link this directive to another by symbol; answers JSON to the page's script, else redirects."""
    directive = managed_directive(request.user, pk)
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    form = LinkAddForm(request.POST)
    error = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            link = services.directive_link_add(
                actor=request.user,
                source=directive,
                target=data["symbol"],
                kind=data["kind"],
                issued_on=data["issued_on"],
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = " ".join(message for errors in form.errors.values() for message in errors)
    if error:
        if wants_json:
            return JsonResponse({"ok": False, "error": error}, status=400)
        messages.error(request, error)
        return redirect(directive)
    target = link.target
    text = _("Đã liên kết: %(source)s %(kind)s %(target)s.") % {
        "source": directive.symbol,
        "kind": link.get_kind_display(),
        "target": target.symbol,
    }
    if wants_json:
        return JsonResponse(
            {
                "ok": True,
                "message": text,
                "link": {
                    "kind": link.kind,
                    "kind_label": link.get_kind_display(),
                    "target": {
                        "id": target.pk,
                        "symbol": target.symbol,
                        "url": target.get_absolute_url(),
                        "is_stub": target.is_stub,
                        "issued_on": format_date(target.issued_on),
                    },
                },
            }
        )
    messages.success(request, text)
    return redirect(directive)


@login_required
def task_create(request, pk):
    """Split a directive into a task assigned to one lead unit and any coordinating units."""
    directive = managed_directive(request.user, pk)
    form = TaskForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if "preview" in request.POST:
                # Without JavaScript the officer checks the computed date here; nothing is saved.
                preview = deadline_preview_data(data["deadline_text"], directive)
                if not preview["ok"]:
                    form.add_error("deadline_text", preview["error"])
            else:
                task = services.task_create(
                    actor=request.user,
                    directive=directive,
                    title=data["title"],
                    description=data["description"].strip(),
                    is_key=data["is_key"],
                    lead_unit=data["lead_unit"],
                    coordinating_units=list(data["coordinating_units"]),
                    deadline_text=data["deadline_text"],
                )
                messages.success(
                    request, _("Đã giao nhiệm vụ “%(title)s”.") % {"title": task.title}
                )
                if "add_another" in request.POST:
                    return redirect("directives:task-create", pk=directive.pk)
                return redirect(task)
        except ValidationError as exc:
            form.add_service_error(exc)
    return render(
        request,
        "directives/task_form.html",
        {
            "form": form,
            "directive": directive,
            "preview": preview,
            "js_labels": js_labels(),
        },
    )
