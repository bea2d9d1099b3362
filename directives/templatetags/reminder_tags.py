"""Template tags for reminders: the bell's unread count."""

import uuid

from django import template

from directives.reminders.selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """Return the signed-in user's unread notification count (0 when anonymous)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return unread_count(user) if user is not None else 0


@register.simple_tag
def reminder_token() -> str:
    """Return a fresh token for a đôn đốc form, so a double click sends one request."""
    return str(uuid.uuid4())
