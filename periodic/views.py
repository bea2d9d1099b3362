"""The periodic screens: create a periodic task, its page of occurrences, skips, moves,
"không phát sinh" and applying a task template.

Views are thin: scoped fetch (foreign objects answer 404) → form → service → redirect.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directives.permissions import can_report, visible_assignments
from directives.views.access import managed_directive
from periodic import selectors, services
from periodic.forms import (
    NothingToReportForm,
    RecurrenceForm,
    RescheduleForm,
    SkipForm,
    TemplateApplyForm,
    unit_kinds,
)
from periodic.models import Occurrence
from periodic.templates_apply import template_apply, template_preview
from units.vietnamese import format_date


def _errors(form) -> str:
    return " ".join(message for errors in form.errors.values() for message in errors)


@login_required
def series_create(request, pk):
    """Give a directive a periodic task: its units, cadence, windows and report deadline."""
    directive = managed_directive(request.user, pk)
    initial = {
        "starts_on": timezone.localdate(),
        "deadline_working_days": settings.PCTS_PERIODIC_REPORT_WORKING_DAYS,
    }
    form = RecurrenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            recurrence = services.recurrence_create(
                actor=request.user,
                directive=directive,
                title=data["title"],
                description=data["description"],
                is_key=data["is_key"],
                lead_unit=data["lead_unit"],
                coordinating_units=list(data["coordinating_units"]),
                cadence=data["cadence"],
                windows=data["windows"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                deadline_working_days=data["deadline_working_days"],
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(
                request,
                _("Đã giao nhiệm vụ định kỳ “%(title)s”.") % {"title": recurrence.task.title},
            )
            return redirect(recurrence)
    return render(request, "periodic/series_form.html", {"form": form, "directive": directive})


@login_required
def series_detail(request, pk):
    """Show a periodic task's occurrences, their figures, and the skip and move forms."""
    recurrence = selectors.managed_series(request.user, pk)
    today = timezone.localdate()
    rows, total = selectors.series_rows(recurrence, today)
    return render(
        request,
        "periodic/series_detail.html",
        {
            "recurrence": recurrence,
            "directive": recurrence.task.directive,
            "rows": rows,
            "total": total,
            "today": today,
            "coordinating": recurrence.coordinating_units.order_by("name_sort"),
            "skip_form": SkipForm(),
            "reschedule_form": RescheduleForm(),
        },
    )


def _managed_occurrence(user, pk) -> Occurrence:
    occurrence = get_object_or_404(Occurrence.objects.select_related("recurrence"), pk=pk)
    selectors.managed_series(user, occurrence.recurrence.task_id)
    return occurrence


@login_required
@require_POST
def occurrence_skip(request, pk):
    occurrence = _managed_occurrence(request.user, pk)
    form = SkipForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_errors(form))
        services.occurrence_skip(
            actor=request.user, occurrence=occurrence, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Đã bỏ qua kỳ %(period)s.") % {"period": selectors.occurrence_label(occurrence)},
        )
    return redirect(occurrence.recurrence)


@login_required
@require_POST
def occurrence_reschedule(request, pk):
    occurrence = _managed_occurrence(request.user, pk)
    form = RescheduleForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_errors(form))
        occurrence = services.occurrence_reschedule(
            actor=request.user,
            occurrence=occurrence,
            due_on=form.cleaned_data["due_on"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Đã dời hạn báo cáo kỳ %(period)s đến %(due)s.")
            % {
                "period": selectors.occurrence_label(occurrence),
                "due": format_date(occurrence.due_on),
            },
        )
    return redirect(occurrence.recurrence)


@login_required
def nothing_to_report(request, pk):
    """A unit declares "không phát sinh" for its part of one period (GET asks to confirm)."""
    assignment = get_object_or_404(visible_assignments(request.user), pk=pk)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method != "POST":
        occurrence = selectors.occurrence_of(assignment)
        if occurrence is None or not can_report(request.user, assignment):
            raise Http404
        return render(
            request,
            "periodic/nothing_to_report.html",
            {
                "assignment": assignment,
                "occurrence": occurrence,
                "label": selectors.occurrence_label(occurrence),
                "form": NothingToReportForm(),
            },
        )
    form = NothingToReportForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_errors(form))
        services.nothing_to_report_declare(
            actor=request.user, assignment=assignment, note=form.cleaned_data["note"]
        )
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã khai báo không phát sinh trong kỳ."))
    return redirect(assignment)


@login_required
def template_apply_view(request, pk):
    """Preview, then copy in one POST, a template's standard tasks to every unit of the chosen kinds."""
    directive = managed_directive(request.user, pk)
    form = TemplateApplyForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kinds = unit_kinds(data["kinds"])
        if "apply" in request.POST:
            try:
                created = template_apply(
                    actor=request.user,
                    directive=directive,
                    template=data["template"],
                    kinds=kinds,
                    starts_on=data["starts_on"],
                )
            except ValidationError as exc:
                form.add_service_error(exc)
            else:
                messages.success(
                    request,
                    _("Đã giao %(n)s nhiệm vụ theo mẫu “%(name)s”.")
                    % {"n": created, "name": data["template"].name},
                )
                return redirect(directive)
        preview = template_preview(template=data["template"], kinds=kinds)
    return render(
        request,
        "periodic/template_apply.html",
        {"form": form, "directive": directive, "preview": preview},
    )
