"""Who may see and do what; every read starts from visible_*(user). Foreign objects answer 404."""

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
    led_tasks = Assignment.objects.filter(role=Assignment.Role.LEAD, unit_id__in=scope).values(
        "task_id"
    )
    return qs.filter(Q(unit_id__in=scope) | Q(task_id__in=led_tasks))


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
        | Q(report__in=visible_reports(user))
    )


def can_report(user, assignment: Assignment) -> bool:
    """Members of the assigned unit submit reports and ask for extensions."""
    return (
        user.is_authenticated
        and user.is_active
        and assignment.unit_id in user_unit_ids(user)
        and assignment.is_open
    )
