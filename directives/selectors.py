"""Reads for screens and jobs: compose scoped QuerySets, annotate timeliness, prefetch."""

import datetime

from django.db.models import Count, Prefetch, Q

from directives.models import Assignment, Directive, DirectiveLink, Task, Timeliness, local_today
from directives.permissions import visible_assignments, visible_directives

URGENCY_ORDER = {
    Timeliness.OVERDUE: 0,
    Timeliness.DUE_SOON: 1,
    Timeliness.IN_PROGRESS: 2,
    Timeliness.AWAITING_REVIEW: 3,
    Timeliness.NO_DEADLINE: 4,
    Timeliness.COMPLETED_LATE: 5,
    Timeliness.COMPLETED_ON_TIME: 6,
    Timeliness.CANCELLED: 7,
}


def assignment_rows(user, *, as_of: datetime.date | None = None):
    """Return the user's visible assignments with timeliness and what a list row shows."""
    return (
        visible_assignments(user)
        .with_timeliness(as_of=as_of)
        .select_related("unit", "task", "task__directive")
    )


def inbox(user, *, include_closed: bool = False):
    """Return the assignments of the user's own units, most urgent first."""
    from units.selectors import user_scope_unit_ids

    from django.db.models import Case, IntegerField, Value, When

    qs = assignment_rows(user).filter(unit_id__in=user_scope_unit_ids(user))
    if not include_closed:
        qs = qs.filter(state__in=("assigned", "in_progress", "returned", "reported"))
    urgency = Case(
        *[When(timeliness=value, then=Value(rank)) for value, rank in URGENCY_ORDER.items()],
        output_field=IntegerField(),
    )
    return qs.annotate(urgency=urgency).order_by("urgency", "effective_deadline", "id")


def directive_matrix(directive: Directive, user, *, as_of: datetime.date | None = None):
    """Return (tasks, units, cells) for the task × unit view; cells[(task_id, unit_id)] = assignment."""
    assignments = list(
        assignment_rows(user, as_of=as_of).filter(task__directive=directive).order_by("task__position", "role", "unit__name_sort")
    )
    tasks = list(Task.objects.filter(pk__in={a.task_id for a in assignments}).order_by("position", "id"))
    units, seen = [], set()
    for a in sorted(assignments, key=lambda a: (a.role != Assignment.Role.LEAD, a.unit.name_sort)):
        if a.unit_id not in seen:
            seen.add(a.unit_id)
            units.append(a.unit)
    cells = {(a.task_id, a.unit_id): a for a in assignments}
    return tasks, units, cells


def directive_chain(directive: Directive, user, *, depth: int = 5):
    """Return the documents this one implements (up) and those implementing it (down), visible only."""
    visible = visible_directives(user)
    up, frontier, seen = [], [directive.pk], {directive.pk}
    for _ in range(depth):
        links = list(
            DirectiveLink.objects.filter(source_id__in=frontier, target__in=visible).select_related("target")
        )
        frontier = [link.target_id for link in links if link.target_id not in seen]
        seen.update(frontier)
        up += [link for link in links if link.target_id in frontier]
        if not frontier:
            break
    down, frontier = [], [directive.pk]
    for _ in range(depth):
        links = list(
            DirectiveLink.objects.filter(target_id__in=frontier, source__in=visible).select_related("source")
        )
        frontier = [link.source_id for link in links if link.source_id not in seen]
        seen.update(frontier)
        down += [link for link in links if link.source_id in frontier]
        if not frontier:
            break
    return up, down


def directive_list(user, *, search: str = ""):
    """Return visible directives with task and open-assignment counts."""
    return (
        visible_directives(user)
        .search(search)
        .annotate(
            task_count=Count("tasks", distinct=True),
            open_count=Count("tasks__assignments", filter=Q(tasks__assignments__state__in=("assigned", "in_progress", "returned", "reported")), distinct=True),
        )
        .order_by("-issued_on", "-id")
    )


def today() -> datetime.date:
    return local_today()


__all__ = ["assignment_rows", "inbox", "directive_matrix", "directive_chain", "directive_list", "Prefetch"]


# --------------------------------------------------------------------------- assignment pages


def assignment_partners(user, assignment: Assignment, *, as_of: datetime.date | None = None):
    """Return the other units' parts of the same task that the user may see, lead first."""
    return (
        assignment_rows(user, as_of=as_of)
        .filter(task_id=assignment.task_id)
        .exclude(pk=assignment.pk)
        .order_by("-role", "unit__name_sort")
    )


def assignment_reports(assignment: Assignment):
    """Return an assignment's reports, newest first, with their files and review."""
    return (
        assignment.reports.select_related("submitted_by", "review", "review__reviewer")
        .prefetch_related("attachments")
        .order_by("-submitted_at", "-id")
    )


def assignment_extensions(assignment: Assignment):
    """Return an assignment's extension requests and decisions, newest first."""
    return assignment.extension_requests.select_related("requested_by", "decided_by").order_by("-requested_at", "-id")


__all__ += ["assignment_partners", "assignment_reports", "assignment_extensions"]
