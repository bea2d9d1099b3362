"""Where every API read starts: the web's visible_*(user) querysets, nothing wider."""

from django.db.models import Exists, OuterRef, Q

from directives.permissions import (
    sees_everything,
    visible_assignments,
    visible_directives,
    visible_extension_requests,
    visible_reports,
    visible_tasks,
)
from directives.reminders.selectors import notifications_for
from directives.selectors import assignment_rows
from units.models import Unit
from units.selectors import user_scope_unit_ids


def directives(user):
    return visible_directives(user).prefetch_related("attachments")


def tasks(user):
    return visible_tasks(user)


def assignments(user):
    """The user's assignments with today's timeliness, as the web's lists read them."""
    return assignment_rows(user)


def reports(user):
    return visible_reports(user).select_related("review").prefetch_related("attachments")


def extensions(user):
    return visible_extension_requests(user)


def units(user):
    """All units for those who see everything; else the user's own and those holding visible work."""
    if sees_everything(user):
        return Unit.objects.all()
    return Unit.objects.filter(
        Q(pk__in=user_scope_unit_ids(user))
        | Exists(visible_assignments(user).filter(unit_id=OuterRef("pk")))
    )


def notifications(user):
    return notifications_for(user).select_related("event")
