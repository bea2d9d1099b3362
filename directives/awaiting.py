"""What awaits the inspectorate's decision: unreviewed reports and pending extension requests.

One definition serves the review queue page (directives/views/review.py) and the count badge on
"Xem xét" in the navigation (directives/templatetags/review_tags.py).
"""

from directives.models import OPEN_STATES, ExtensionRequest
from directives.permissions import can_manage, visible_extension_requests, visible_reports

# The navigation's badge counts up to this many and then shows "99+": its cost stays bounded
# however long the queue grows (the queue page itself counts exactly).
BADGE_CAP = 99


def awaiting_reports(user):
    """Unreviewed reports on open assignments the user sees (read from the review queue)."""
    return visible_reports(user).filter(
        queue_entry__isnull=False, assignment__state__in=OPEN_STATES
    )


def awaiting_extensions(user):
    """Extension requests the user sees that await a decision."""
    return visible_extension_requests(user).filter(state=ExtensionRequest.State.PENDING)


def waiting_count(user) -> int:
    """How many decisions wait for the user, at most BADGE_CAP + 1 (0 for who does not decide)."""
    if not can_manage(user):
        return 0
    limit = BADGE_CAP + 1
    reports = awaiting_reports(user).order_by()[:limit].count()
    extensions = awaiting_extensions(user).order_by()[:limit].count() if reports < limit else 0
    return min(reports + extensions, limit)
