"""Who may see and do what; every read starts from visible_*(user). Foreign objects answer 404.

The visibility rule (DOMAIN.md §6), decided:

- A unit's people see their unit's assignments, with their reports, files and extension requests;
  the head (or acting head) of a unit also sees those of every unit below it in the tree.
- A lead unit (chủ trì) compiles the coordinating units' contributions, so its people also see the
  coordinating units' assignments of the tasks it leads, with their reports and files, read-only:
  they may not report, ask for an extension or do anything else on them (those URLs answer 404).
- No other unit sees them: a coordinating unit sees only its own part, never the lead's nor another
  coordinator's, and a unit at the same level outside the task sees nothing of it.
- The inspectorate and leaders see everything; only the inspectorate manages.
- Everything else answers 404, never 403, so an id reveals nothing.
"""

from django.db.models import Exists, OuterRef, Q

from directives.models import (
    Assignment,
    Attachment,
    Directive,
    ExtensionRequest,
    ProgressReport,
    Task,
)
from units.selectors import user_scope_unit_ids, user_unit_ids


def can_manage(user) -> bool:
    """Inspectorate staff (and admins) register directives, assign, review and decide."""
    return user.is_authenticated and user.is_active and user.is_inspectorate


def sees_everything(user) -> bool:
    return user.is_authenticated and user.is_active and user.sees_everything


def visible_assignments(user):
    """Assignments the user may see: all for inspectorate and leaders, else their units' part.

    A unit's people see their unit's assignments; the head of a parent unit sees the subtree;
    the lead unit of a task also sees the coordinating units' parts of that task.
    """
    qs = Assignment.objects.all()
    if sees_everything(user):
        return qs
    if not user.is_authenticated:
        return qs.none()
    scope = user_scope_unit_ids(user)
    if not scope:
        return qs.none()
    # Correlated: one index probe per row on (task, unit), not every task the units lead.
    leads_task = Assignment.objects.filter(
        task_id=OuterRef("task_id"), role=Assignment.Role.LEAD, unit_id__in=scope
    )
    return qs.filter(Q(unit_id__in=scope) | Exists(leads_task))


def sees_as_lead_only(user, assignment: Assignment) -> bool:
    """Say whether the user sees `assignment` only because their unit leads its task (read-only)."""
    if sees_everything(user):
        return False
    return assignment.unit_id not in user_scope_unit_ids(user)


def visible_tasks(user):
    if sees_everything(user):
        return Task.objects.all()
    return Task.objects.filter(Exists(visible_assignments(user).filter(task_id=OuterRef("pk"))))


def visible_directives(user):
    if sees_everything(user):
        return Directive.objects.all()
    return Directive.objects.filter(
        Exists(visible_assignments(user).filter(task__directive_id=OuterRef("pk")))
    )


def visible_reports(user):
    return ProgressReport.objects.filter(assignment__in=visible_assignments(user))


def visible_extension_requests(user):
    return ExtensionRequest.objects.filter(assignment__in=visible_assignments(user))


def visible_attachments(user):
    return Attachment.objects.filter(
        Q(directive__in=visible_directives(user).filter(is_classified=False))
        # A classified directive keeps no file (DOMAIN.md §6): none is served, old ones included.
        | Q(
            report__in=visible_reports(user).filter(
                assignment__task__directive__is_classified=False
            )
        )
    )


def can_report(user, assignment: Assignment) -> bool:
    """Members of the assigned unit submit reports and ask for extensions."""
    return (
        user.is_authenticated
        and user.is_active
        and assignment.unit_id in user_unit_ids(user)
        and assignment.is_open
    )
