"""The dashboard's report collection tiles: the latest rounds, counted apart from the task rates.

`directives` never imports `collection`; the dashboard's template loads this library instead.
"""

from django import template

from collection.models import RoundStatus
from collection.permissions import visible_rounds
from collection.round_counts import BUCKETS, tiles, with_counts

register = template.Library()

# How many rounds the dashboard shows: those still collecting first, then the latest closed.
DASHBOARD_ROUNDS = 3
# Where each unit's report stands, not how the review goes: the buckets a dashboard tile shows.
DASHBOARD_BUCKETS = ("total", "on_time", "late", "nothing", "missing")


@register.inclusion_tag("collection/_dashboard_rounds.html")
def dashboard_rounds(user):
    """Return the latest rounds' tiles (one query); nothing for users who do not see rounds."""
    rounds = list(
        with_counts(visible_rounds(user).exclude(status=RoundStatus.PLANNED))
        .select_related("form")
        .order_by("-status", "-period_end", "form__code")[:DASHBOARD_ROUNDS]
    )
    return {
        "rounds": [
            (r, [t for t in tiles(r, r.get_absolute_url()) if t.key in DASHBOARD_BUCKETS])
            for r in rounds
        ],
        "labels": [b for b in BUCKETS if b.key in DASHBOARD_BUCKETS],
    }
