"""Template filter for the navigation's count badge on "Xem xét"."""

from django import template

from directives.awaiting import BADGE_CAP, waiting_count

register = template.Library()


@register.filter
def review_waiting_count(user) -> int:
    """Count the reports and extension requests awaiting the user's decision."""
    return waiting_count(user)


@register.filter
def badge_number(count: int) -> str:
    """Show a capped count as the badge does: "99+" past the cap."""
    return f"{BADGE_CAP}+" if count > BADGE_CAP else str(count)
