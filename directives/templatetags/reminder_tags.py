"""Template tags for reminders: the bell's unread count."""

from django import template

from directives.reminders.selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """Return the signed-in user's unread notification count (0 when anonymous)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return unread_count(user) if user is not None else 0
