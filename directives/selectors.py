"""Reads for screens and jobs: compose scoped QuerySets, annotate timeliness, prefetch."""

import datetime
from dataclasses import dataclass

from django.db.models import F, Func, IntegerField, OuterRef, Prefetch, Subquery
from django.urls import reverse

from directives.models import (
    CLOSED_STATES,
    OPEN_STATES,
    Assignment,
    Directive,
    DirectiveLink,
    Task,
    Timeliness,
    local_today,
)
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
    from django.db.models import Case, IntegerField, Value, When

    from units.selectors import user_scope_unit_ids

    qs = assignment_rows(user).filter(unit_id__in=user_scope_unit_ids(user))
    if not include_closed:
        qs = qs.filter(state__in=("assigned", "in_progress", "returned", "reported"))
    urgency = Case(
        *[When(timeliness=value, then=Value(rank)) for value, rank in URGENCY_ORDER.items()],
        output_field=IntegerField(),
    )
    return qs.annotate(urgency=urgency).order_by("urgency", "effective_deadline", "id")


@dataclass(frozen=True)
class MatrixUnit:
    """A matrix column: the unit's id and the names its heading shows."""

    pk: int
    name: str
    short_name: str


@dataclass(frozen=True)
class MatrixCell:
    """What one task × unit cell shows, worked out once so the template only prints it."""

    url: str
    timeliness: str
    is_lead: bool
    role_label: str
    deadline: datetime.date | None
    extended: bool
    flagged: bool
    state_label: str
    timeliness_label: str


def directive_matrix(directive: Directive, user, *, as_of: datetime.date | None = None):
    """Return (units, rows) for the task × unit view; rows = [(task, [MatrixCell or None per unit])].

    Units are ordered lead units first, then by name. A plan of 30 tasks × 40 units has 1,200
    cells: rows come as tuples and labels are looked up once per value, not once per cell.
    """
    assignments = list(
        assignment_rows(user, as_of=as_of)
        .filter(task__directive=directive)
        .order_by()
        .values_list(
            "id",
            "task_id",
            "unit_id",
            "role",
            "state",
            "original_deadline",
            "effective_deadline",
            "deadline_flagged",
            "timeliness",
            "unit__name",
            "unit__short_name",
            "unit__name_sort",
        )
    )
    tasks = list(
        Task.objects.filter(pk__in={row[1] for row in assignments})
        .only("id", "directive_id", "position", "title")
        .order_by("position", "id")
    )
    lead = Assignment.Role.LEAD
    units, seen = [], set()
    for row in sorted(assignments, key=lambda row: (row[3] != lead, row[11])):
        if row[2] not in seen:
            seen.add(row[2])
            units.append(MatrixUnit(pk=row[2], name=row[9], short_name=row[10]))
    roles = {value: str(label) for value, label in Assignment.Role.choices}
    states = {value: str(label) for value, label in Assignment.State.choices}
    labels = {value: str(label) for value, label in Timeliness.choices}
    # One reverse() for the pattern; every cell only fills in its id.
    url = reverse("directives:assignment-detail", args=[0]).replace("/0/", "/{}/")
    cells = {
        (task_id, unit_id): MatrixCell(
            url=url.format(pk),
            timeliness=timeliness,
            is_lead=role == lead,
            role_label=roles[role],
            deadline=deadline,
            extended=bool(original and deadline != original),
            flagged=flagged and state not in CLOSED_STATES,
            state_label=states[state],
            timeliness_label=labels[timeliness],
        )
        for (
            pk,
            task_id,
            unit_id,
            role,
            state,
            original,
            deadline,
            flagged,
            timeliness,
            *_names,
        ) in assignments
    }
    rows = [(task, [cells.get((task.pk, unit.pk)) for unit in units]) for task in tasks]
    return units, rows


def directive_chain(directive: Directive, user, *, depth: int = 5):
    """Return the documents this one implements (up) and those implementing it (down).

    Everyone who sees a directive sees its whole chain's metadata (symbol, date, issuer; DOMAIN.md
    §6), even documents they hold no task of; each linked document carries `readable`, whether
    its own page opens for the user, so the template links only those (the others would 404).
    """
    up, frontier, seen = [], [directive.pk], {directive.pk}
    for _ in range(depth):
        links = list(DirectiveLink.objects.filter(source_id__in=frontier).select_related("target"))
        frontier = [link.target_id for link in links if link.target_id not in seen]
        seen.update(frontier)
        up += [link for link in links if link.target_id in frontier]
        if not frontier:
            break
    down, frontier = [], [directive.pk]
    for _ in range(depth):
        links = list(DirectiveLink.objects.filter(target_id__in=frontier).select_related("source"))
        frontier = [link.source_id for link in links if link.source_id not in seen]
        seen.update(frontier)
        down += [link for link in links if link.source_id in frontier]
        if not frontier:
            break
    readable = set(visible_directives(user).filter(pk__in=seen).values_list("pk", flat=True))
    for link in up:
        link.target.readable = link.target_id in readable
    for link in down:
        link.source.readable = link.source_id in readable
    return up, down


def task_lead_unit(task_id: int):
    """Return the unit leading a task: every unit of the task may know who compiles its parts."""
    lead = (
        Assignment.objects.filter(task_id=task_id, role=Assignment.Role.LEAD)
        .select_related("unit")
        .first()
    )
    return lead.unit if lead else None


def directive_list(user, *, search: str = ""):
    """Return visible directives with task and open-assignment counts.

    The counts are correlated subqueries, not a GROUP BY over every task and assignment: the
    database computes them for the page's 25 rows only (after ORDER BY … LIMIT), and the
    paginator's COUNT leaves them out (0.5 s → a few ms at 20,000 directives).
    """
    tasks = Task.objects.filter(directive_id=OuterRef("pk")).order_by()
    open_parts = Assignment.objects.filter(
        task__directive_id=OuterRef("pk"), state__in=OPEN_STATES
    ).order_by()
    return (
        visible_directives(user)
        .search(search)
        .annotate(
            task_count=_count(tasks),
            open_count=_count(open_parts),
        )
        .order_by("-issued_on", "-id")
    )


def _count(queryset):
    """COUNT(*) of `queryset` as an integer subquery."""
    return Subquery(
        queryset.annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1],
        output_field=IntegerField(),
    )


def today() -> datetime.date:
    return local_today()


__all__ = [
    "assignment_rows",
    "inbox",
    "directive_matrix",
    "directive_chain",
    "directive_list",
    "Prefetch",
]


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
    return assignment.extension_requests.select_related("requested_by", "decided_by").order_by(
        "-requested_at", "-id"
    )


__all__ += ["assignment_partners", "assignment_reports", "assignment_extensions"]
