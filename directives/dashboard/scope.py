"""Who has a dashboard, and which assignments it counts."""

from directives.models import Assignment
from directives.permissions import sees_everything, visible_assignments
from units.selectors import user_headed_unit_ids, user_scope_unit_ids


def can_view_dashboard(user) -> bool:
    """Leaders, the inspectorate and admins see everything; unit heads see their own subtree."""
    if not (user.is_authenticated and user.is_active):
        return False
    return sees_everything(user) or bool(user_headed_unit_ids(user))


def dashboard_assignments(user):
    """Return the assignments a user's dashboard counts: visible, inside their units, not cancelled.

    A unit head's visible assignments include coordinating units' parts of tasks the unit leads;
    the dashboard counts the head's own units (and subtree) only, so other units never show.
    """
    return in_dashboard_scope(visible_assignments(user), user).exclude(
        state=Assignment.State.CANCELLED
    )


def in_dashboard_scope(queryset, user):
    """Keep the rows (of any model with `unit_id`) of the units a user's dashboard covers."""
    return (
        queryset
        if sees_everything(user)
        else queryset.filter(unit_id__in=user_scope_unit_ids(user))
    )
