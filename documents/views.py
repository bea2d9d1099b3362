"""The officer's document screens (inspectorate only; everyone else gets 404, like a foreign object).

Each form page generates its document on POST and answers with the file (a ZIP when there is one
letter per unit); the file is also kept on the directive's record, except for a classified one.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from audit import security
from directives.models import local_today
from directives.permissions import can_manage, visible_directives
from directives.views.access import managed_directive, manager_or_404
from documents import content, services
from documents.docx import default_template
from documents.forms import BriefingListForm, PeriodicReportForm, UrgeLetterForm
from documents.models import DocumentKind, GeneratedDocument


def _signing(form) -> content.Signature:
    data = form.cleaned_data
    return content.signature(data["signing"], local_today(), deputy=data.get("deputy"))


def _respond(request, outputs, stem: str, kind: str):
    """Answer with the one file, or a ZIP of several; record the export in the security log."""
    output = outputs[0] if len(outputs) == 1 else services.zip_outputs(outputs, stem)
    security.record(security.Kind.EXPORT, request=request, file=output.name, document=kind)
    response = HttpResponse(output.data, content_type=output.content_type)
    response["Content-Disposition"] = f'attachment; filename="{output.name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _page(request, form, kind: str, directive=None):
    return render(
        request,
        "documents/document_form.html",
        {
            "form": form,
            "kind": kind,
            "kind_label": DocumentKind(kind).label,
            "directive": directive,
            "generated": (
                directive.generated_documents.select_related("generated_by")[:20]
                if directive is not None
                else GeneratedDocument.objects.filter(kind=kind, directive=None).select_related(
                    "generated_by"
                )[:20]
            ),
        },
    )


def _generate(request, form, kind, build, directive=None):
    """Build and store the documents of a valid form, or put the service's message on the form."""
    try:
        built = build()
        outputs = services.documents_generate(
            actor=request.user,
            built=built,
            fmt=form.cleaned_data["fmt"],
            parameters={k: _plain(v) for k, v in form.cleaned_data.items()},
        )
    except ValidationError as exc:
        form.add_service_error(exc)
        return _page(request, form, kind, directive)
    return _respond(request, outputs, built[0].stem, kind)


def _plain(value):
    """Keep a form value as JSON: model instances by id."""
    if hasattr(value, "pk"):
        return value.pk
    if hasattr(value, "values_list"):
        return list(value.values_list("pk", flat=True))
    return value


@login_required
def urge_letter(request, pk):
    """Make the đôn đốc letter(s) about a directive's overdue items: all units, some, or one each."""
    directive = managed_directive(request.user, pk)
    form = UrgeLetterForm(request.POST or None, directive=directive)
    kind = DocumentKind.URGE_LETTER
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        return _generate(
            request,
            form,
            kind,
            lambda: content.urge_letters(
                directive=directive,
                actor=request.user,
                day=local_today(),
                signing=_signing(form),
                units=list(data["units"]) or None,
                per_unit=data["per_unit"],
            ),
            directive,
        )
    return _page(request, form, kind, directive)


@login_required
def periodic_report(request, pk):
    """Make the periodic report on a directive for a period: counts, rates, overdue lists."""
    directive = managed_directive(request.user, pk)
    form = PeriodicReportForm(request.POST or None)
    kind = DocumentKind.PERIODIC_REPORT
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        return _generate(
            request,
            form,
            kind,
            lambda: [
                content.periodic_report(
                    directive=directive,
                    actor=request.user,
                    signing=_signing(form),
                    period=data["period"],
                    year=data["year"],
                    period_number=data["number"],
                    role=data["role"],
                )
            ],
            directive,
        )
    return _page(request, form, kind, directive)


@login_required
def briefing_list(request):
    """Make the list of items still overdue after more than N đôn đốc, for the leaders' briefing."""
    manager_or_404(request.user)
    directives = visible_directives(request.user)
    initial = {}
    if request.GET.get("directive", "").isdigit():
        initial["directive"] = directives.filter(pk=request.GET["directive"]).first()
    form = BriefingListForm(request.POST or None, directives=directives, initial=initial)
    kind = DocumentKind.BRIEFING_LIST
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        return _generate(
            request,
            form,
            kind,
            lambda: [
                content.briefing_list(
                    actor=request.user,
                    day=local_today(),
                    signing=_signing(form),
                    min_urges=data["min_urges"],
                    directive=data["directive"],
                )
            ],
        )
    return _page(request, form, kind)


@login_required
def download(request, pk):
    """Stream a generated document to the inspectorate (others: 404)."""
    manager_or_404(request.user)
    row = get_object_or_404(
        GeneratedDocument.objects.filter(directive__isnull=True)
        | GeneratedDocument.objects.filter(
            directive__in=visible_directives(request.user).filter(is_classified=False)
        ),
        pk=pk,
    )
    try:
        handle = row.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Không tìm thấy tệp trên máy chủ.")) from exc
    response = FileResponse(
        handle, as_attachment=True, filename=row.original_name, content_type=row.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def default_template_download(request, kind):
    """Hand the shipped DOCX template of a kind to the inspectorate or an admin, to edit and upload."""
    if not (can_manage(request.user) or request.user.is_staff) or kind not in DocumentKind.values:
        raise Http404
    response = HttpResponse(
        default_template(kind),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="mau-{kind.replace("_", "-")}.docx"'
    return response
