from django import template

from ops import heartbeat

register = template.Library()


@register.simple_tag
def stale_heartbeats():
    """Return the heartbeats that are stale, for the notice on the admin index."""
    return heartbeat.stale()
