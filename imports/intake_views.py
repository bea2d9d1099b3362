"""Document intake for the inspectorate: upload or paste, then the pre-filled form and the tasks.

Only the inspectorate reaches these pages, and a draft only its author: anything else is 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from directives.forms import DirectiveForm, DirectiveLinkFormSet
from directives.models import DirectiveLink
from directives.services import DuplicateDirective
from directives.views.access import manager_or_404
from imports import intake
from imports.forms import IntakeForm, ProposalFormSet
from imports.models import IntakeDraft
from units.selectors import units_for_choice

MAX_LINKS = 5


@login_required
def intake_start(request):
    """Take a directive's file or pasted text and read it."""
    manager_or_404(request.user)
    form = IntakeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            draft = intake.intake_read(
                actor=request.user,
                upload=form.cleaned_data.get("file"),
                text=form.cleaned_data.get("text", ""),
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            return redirect(draft)
    return render(request, "imports/intake_start.html", {"form": form})


def _links_initial(found) -> list[dict]:
    if found is None:
        return []
    rows, seen = [], {found.symbol}
    for ref in found.references:
        if ref.symbol and ref.symbol not in seen and len(rows) < MAX_LINKS:
            seen.add(ref.symbol)
            rows.append(
                {
                    "symbol": ref.symbol,
                    "issued_on": f"{ref.issued_on:%d/%m/%Y}" if ref.issued_on else "",
                    "kind": DirectiveLink.Kind.BASED_ON,
                }
            )
    return rows


def _draft(request, pk) -> IntakeDraft:
    manager_or_404(request.user)
    return get_object_or_404(IntakeDraft, pk=pk, created_by=request.user)


@login_required
def intake_progress(request, pk):
    """Answer the reading page's polling: pages read, pages to read, and whether it is still reading."""
    return JsonResponse(intake.intake_progress(_draft(request, pk)))


@login_required
def intake_review(request, pk):
    """Show the registration form pre-filled from the text and the proposed tasks; save both at once."""
    draft = _draft(request, pk)
    if draft.state != IntakeDraft.State.READY:
        return render(
            request,
            "imports/intake_reading.html",
            {"draft": draft, "progress": intake.intake_progress(draft)},
        )
    initial, found = intake.draft_initial(draft)
    post = request.POST if request.method == "POST" else None
    form = DirectiveForm(post, request.FILES or None, initial=initial)
    links = DirectiveLinkFormSet(post, prefix="links", initial=_links_initial(found))
    proposals = ProposalFormSet(
        post, prefix="tasks", initial=intake.draft_proposals(draft, units_for_choice())
    )
    duplicate = None
    if post is not None and all([form.is_valid(), links.is_valid(), proposals.is_valid()]):
        tasks = [f.cleaned_data for f in proposals if f.cleaned_data.get("include")]
        try:
            directive = intake.intake_register(
                actor=request.user,
                draft=draft,
                fields=form.cleaned_data,
                tasks=tasks,
                links=links.links(),
            )
        except DuplicateDirective as exc:
            duplicate = exc.existing
            form.add_error("raw_symbol", exc)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(
                request,
                _("Đã nhập văn bản %(symbol)s và giao %(n)d nhiệm vụ.")
                % {"symbol": directive.symbol, "n": directive.tasks.count()},
            )
            return redirect(directive)
    return render(
        request,
        "imports/intake_review.html",
        {
            "draft": draft,
            "found": found,
            "form": form,
            "links": links,
            "proposals": proposals,
            "duplicate": duplicate,
        },
    )
