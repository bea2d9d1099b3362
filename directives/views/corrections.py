"""The inspectorate's corrections: edit a task (text, deadline, units) and confirm flagged deadlines.

Every view starts from what the user may see and answers 404 to anyone who may not manage;
the writes are `directives.services.corrections`, one function per kind of correction.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directives.correction_forms import (
    FlaggedConfirmForm,
    LeadChangeForm,
    TaskEditForm,
    UnitAddForm,
    UnitRemoveForm,
)
from directives.models import CLOSED_STATES, Task
from directives.permissions import visible_assignments, visible_directives
from directives.services import corrections
from directives.views.access import manager_or_404

PAGE_SIZE = 50

# action → (form class, prefix)
UNIT_FORMS = {
    "add": (UnitAddForm, "add"),
    "remove": (UnitRemoveForm, "remove"),
    "lead": (LeadChangeForm, "lead"),
}


def managed_task(user, pk) -> Task:
    """Return a task the user may manage, or answer 404."""
    manager_or_404(user)
    return get_object_or_404(
        Task.objects.filter(directive__in=visible_directives(user)).select_related("directive"),
        pk=pk,
    )


def _save_task(user, task: Task, form: TaskEditForm) -> list[corrections.Change]:
    """Apply the task form's corrections in one transaction: all or nothing."""
    data = form.cleaned_data
    with transaction.atomic():
        changes = [
            corrections.task_correct_text(
                actor=user,
                task=task,
                title=data.get("title", task.title),
                description=data.get("description", task.description),
                is_key=data.get("is_key", task.is_key),
                version=data["version"] or None,
            )
        ]
        if data["deadline_text"]:
            changes.append(
                corrections.task_correct_deadline(
                    actor=user,
                    task=task,
                    deadline_text=data["deadline_text"],
                    reason=data["reason"],
                    units=form.deadline_unit_ids() or None,
                )
            )
    return changes


def _save_units(user, task: Task, action: str, form) -> corrections.Change:
    data = form.cleaned_data
    version = data["version"] or None
    if action == "add":
        return corrections.task_add_unit(
            actor=user,
            task=task,
            unit=data["unit"],
            role=data["role"],
            deadline_text=data["deadline_text"],
            version=version,
        )
    if action == "remove":
        return corrections.task_remove_unit(
            actor=user, assignment=data["assignment"], reason=data["reason"], version=version
        )
    return corrections.task_change_lead(actor=user, task=task, unit=data["unit"], version=version)


def _forms(task: Task, version: str, post=None, action: str = ""):
    """Build the page's four forms; only the one posted is bound."""
    initial = {"version": version}
    edit = TaskEditForm(
        post if action == "task" else None,
        task=task,
        initial={
            **initial,
            "title": task.title,
            "description": task.description,
            "is_key": task.is_key,
        },
    )
    units = {
        name: cls(post if action == name else None, task=task, prefix=prefix, initial=initial)
        for name, (cls, prefix) in UNIT_FORMS.items()
    }
    return edit, units


@login_required
def task_edit(request, pk):
    """Correct a task: its title and content, its deadline (with a reason) and its units."""
    task = managed_task(request.user, pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    edit, units = _forms(task, corrections.task_version(task), request.POST, action)
    form = edit if action == "task" else units.get(action)
    stale = False
    if form is not None and form.is_valid():
        try:
            if action == "task":
                _save_task(request.user, task, form)
            else:
                _save_units(request.user, task, action, form)
        except corrections.StaleEdit as exc:
            stale = True
            form.add_error(None, exc)
            # The typed values stay; the hidden version becomes the current one, so saving again
            # after a look at the other officer's change goes through.
            form.data = form.data.copy()
            form.data[form.add_prefix("version")] = corrections.task_version(task)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Đã lưu điều chỉnh nhiệm vụ."))
            return redirect("directives:task-edit", pk=task.pk)
    task.refresh_from_db()
    assignments = task.assignments.select_related("unit").order_by("-role", "unit__name_sort")
    return render(
        request,
        "directives/task_edit.html",
        {
            "task": task,
            "directive": task.directive,
            "form": edit,
            "unit_forms": units,
            "assignments": assignments,
            "closed": not any(a.state not in CLOSED_STATES for a in assignments),
            "stale": stale,
        },
    )


@login_required
def flagged_deadlines(request):
    """List the open items whose deadline was computed from a dateless phrase and awaits confirming."""
    manager_or_404(request.user)
    rows = (
        visible_assignments(request.user)
        .flagged()
        .select_related("unit", "task__directive")
        .order_by("effective_deadline", "pk")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "directives/flagged_deadlines.html", {"page": page})


@login_required
@require_POST
def assignment_confirm_deadline(request, pk):
    """Confirm a flagged deadline as it is, or adjust it to the date or phrase typed."""
    manager_or_404(request.user)
    assignment = get_object_or_404(
        visible_assignments(request.user).select_related("unit", "task__directive"), pk=pk
    )
    form = FlaggedConfirmForm(request.POST, task=assignment.task)
    back = form.data.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    back = back or "directives:flagged-deadlines"
    if not form.is_valid():
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
        return redirect(back)
    try:
        corrections.assignment_confirm_flagged(
            actor=request.user,
            assignment=assignment,
            deadline_text=form.cleaned_data["deadline_text"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    messages.success(request, _("Đã xác nhận thời hạn của %(unit)s.") % {"unit": assignment.unit})
    return redirect(back)
