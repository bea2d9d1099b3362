"""JSON endpoints behind the forms and pickers: symbol parsing, references, deadlines, units.

Each answers what the form's script shows as the officer types; the forms re-check everything
on submit, so these only ever read.
"""

import json
import re

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from directives import symbols
from directives.dashboard import can_view_dashboard
from directives.dashboard_filters import scope_units
from directives.filters import unit_choices
from directives.forms import PickerSearchForm
from directives.messages import translated
from directives.models import Directive
from directives.permissions import visible_directives
from directives.plausibility import deadline_problem
from directives.registry import parse_directive_symbol, symbol_registry
from directives.views.access import manager_or_404
from directives.views.limits import json_helper, too_long_response
from directives.working_days import days_off_between, resolve_deadline, work_calendar
from units.models import Unit
from units.vietnamese import format_date, parse_date_vi

UNIT_SEARCH_LIMIT = 20


@login_required
@require_GET
@json_helper
def symbol_parse(request):
    """Parse a typed symbol (and date) into number, type, issuer, track, warnings and duplicates."""
    manager_or_404(request.user)
    raw = request.GET.get("symbol", "")
    issued_on, date_error = None, None
    if request.GET.get("issued_on", "").strip():
        try:
            issued_on = parse_date_vi(request.GET["issued_on"])
        except ValueError as exc:
            date_error = str(exc)
    data = parse_directive_symbol(raw, issued_on)
    data["date_error"] = date_error
    data["suggestions"] = stroke_suggestions(raw, data) if data["ok"] else []
    return JsonResponse(data)


def stroke_suggestions(raw: str, parsed: dict) -> list[str]:
    """Return spellings with Đ for a D that lost its stroke (27-KH/DU → 27-KH/ĐU), when they read cleaner.

    The parser warns but never changes the symbol; a suggestion lets the officer fix it in one click.
    """
    normalized = parsed["normalized"]
    if not parsed["warnings"]:
        return []
    number = re.match(r"[0-9]+[A-Za-z]?", normalized)
    start = number.end() if number else 0
    registry = symbol_registry()
    found = []
    for i, ch in enumerate(normalized[start:], start):
        if ch not in "Dd":
            continue
        candidate = normalized[:i] + ("Đ" if ch == "D" else "đ") + normalized[i + 1 :]
        try:
            sym = symbols.parse_symbol(candidate, registry=registry)
        except symbols.InvalidSymbol:
            continue
        if len(sym.warnings) < len(parsed["warnings"]) and sym.normalized not in found:
            found.append(sym.normalized)
    return found[:3]


@login_required
@require_POST
@json_helper
def references_find(request):
    """Find document references in pasted text (POST JSON {"text": …}); say which are registered."""
    manager_or_404(request.user)
    try:
        payload = json.loads(request.body or b"{}")
        text = payload.get("text", "") if isinstance(payload, dict) else None
    except (ValueError, UnicodeDecodeError):
        text = None
    if not isinstance(text, str):
        return JsonResponse({"ok": False, "error": _("Dữ liệu gửi lên không hợp lệ.")}, status=400)
    if len(text) > settings.PCTS_API_MAX_INPUT_CHARS:
        return too_long_response()
    references = symbols.find_references(text, registry=symbol_registry())
    full = {r.symbol for r in references if r.symbol}
    registered = {}
    for directive in Directive.objects.filter(symbol__in=full).order_by("-issued_on", "-pk"):
        registered.setdefault(directive.symbol, []).append(directive)
    return JsonResponse(
        {"ok": True, "references": [_reference_json(r, registered) for r in references]}
    )


def _reference_json(ref: symbols.Reference, registered: dict) -> dict:
    match = None
    candidates = registered.get(ref.symbol, [])
    if ref.issued_on:
        # Numbers restart each year: only a directive of the cited year is the same document.
        candidates = [d for d in candidates if d.issued_on.year == ref.issued_on.year]
    if candidates:
        match = {
            "id": candidates[0].pk,
            "symbol": candidates[0].symbol,
            "url": candidates[0].get_absolute_url(),
            "is_stub": candidates[0].is_stub,
        }
    return {
        "symbol": ref.symbol,
        "partial": ref.symbol is None,
        "kind": ref.kind,
        "number": ref.number,
        "year": ref.year,
        "doc_type": ref.doc_type,
        "issuer": ref.issuer,
        "issued_on": format_date(ref.issued_on) if ref.issued_on else None,
        "type_word": ref.type_word,
        "span": list(ref.span),
        "registered": match,
    }


def deadline_preview_data(text: str, directive: Directive) -> dict:
    """Return the deadline a phrase means for this directive, or the reason it cannot be used."""
    try:
        deadline = resolve_deadline(text, issued_on=directive.issued_on)
    except ValidationError as exc:
        return {"ok": False, "error": " ".join(exc.messages)}
    if deadline.due and (problem := deadline_problem(deadline.due, directive.issued_on)):
        return {"ok": False, "error": problem}
    return {
        "ok": True,
        "text": deadline.text,
        "due": format_date(deadline.due) if deadline.due else None,
        "due_iso": deadline.due.isoformat() if deadline.due else None,
        "kind": deadline.kind,
        "flagged": deadline.flagged,
        "note": translated(deadline.note, _),
        "warnings": [translated(warning, _) for warning in deadline.warnings],
        "skipped": _skipped_days_off(deadline, directive),
    }


def _skipped_days_off(deadline, directive) -> str:
    """Name the public holidays a count of working days stepped over ("" when none)."""
    if deadline.kind != "working_days" or not deadline.due:
        return ""
    days = days_off_between(work_calendar(), directive.issued_on, deadline.due)
    if not days:
        return ""
    listed = ", ".join(
        f"{format_date(day)} ({name})" if name else format_date(day) for day, name in days
    )
    return _("Không tính các ngày nghỉ lễ: %(days)s.") % {"days": listed}


@login_required
@require_GET
@json_helper
def deadline_preview(request):
    """Compute the date a typed deadline means for a directive (?text=…&directive=id)."""
    manager_or_404(request.user)
    directive_id = request.GET.get("directive", "")
    if not directive_id.isdigit():
        return JsonResponse(
            {"ok": False, "error": _("Thiếu văn bản để tính thời hạn.")}, status=400
        )
    directive = get_object_or_404(visible_directives(request.user), pk=int(directive_id))
    text = request.GET.get("text", "").strip()
    if not text:
        return JsonResponse(
            {
                "ok": False,
                "error": _("Nhập thời hạn; nhiệm vụ không có hạn thì ghi «thường xuyên»."),
            }
        )
    return JsonResponse(deadline_preview_data(text, directive))


def _picker_units(request, scope: str):
    """Return the units a picker of `scope` may offer the user; an unknown scope answers 404.

    "active": today's units, for assigning a task; "assigned": the units holding an assignment
    the user sees (the assignment list); "dashboard": the units the user's dashboard covers,
    404 for anyone without one.
    """
    if scope == "active":
        return Unit.objects.active()
    if scope == "assigned":
        return unit_choices(request)
    if scope == "dashboard" and can_view_dashboard(request.user):
        return scope_units(request.user)
    raise Http404


@login_required
@require_GET
@json_helper
def unit_search(request):
    """Return up to 20 units of ?scope= (default "active") matching ?q=, in Vietnamese order."""
    units = _picker_units(request, request.GET.get("scope", "active"))
    search = PickerSearchForm(request.GET)
    if not search.is_valid():
        return JsonResponse({"results": [], "error": search.error_text()}, status=400)
    found = units.search(search.query()).order_by("name_sort", "id")
    found = found.values_list("pk", "name", "name_search")[:UNIT_SEARCH_LIMIT]
    return JsonResponse(
        {"results": [{"value": pk, "text": name, "search": folded} for pk, name, folded in found]}
    )
