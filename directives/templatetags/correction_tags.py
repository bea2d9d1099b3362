"""Template filter for the navigation's count of deadlines awaiting confirmation."""

from django import template

from directives.permissions import can_manage, visible_assignments

register = template.Library()


@register.filter
def flagged_deadline_count(user) -> int:
    """Count the open items with a computed deadline the inspectorate has not confirmed yet."""
    if not can_manage(user):
        return 0
    return visible_assignments(user).flagged().count()
