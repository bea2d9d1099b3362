"""Template filter for the navigation's count badge on "Xem xét"."""

from django import template

from directives.awaiting import waiting_count

register = template.Library()


@register.filter
def review_waiting_count(user) -> int:
    """Count the reports and extension requests awaiting the user's decision."""
    return waiting_count(user)
