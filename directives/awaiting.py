"""What awaits the inspectorate's decision: unreviewed reports and pending extension requests.

One definition serves the review queue page (directives/views/review.py) and the count badge on
"Xem xét" in the navigation (directives/templatetags/review_tags.py).
"""

from directives.models import OPEN_STATES, ExtensionRequest
from directives.permissions import can_manage, visible_extension_requests, visible_reports


def awaiting_reports(user):
    """Unreviewed reports on open assignments the user sees."""
    return visible_reports(user).filter(review__isnull=True, assignment__state__in=OPEN_STATES)


def awaiting_extensions(user):
    """Extension requests the user sees that await a decision."""
    return visible_extension_requests(user).filter(state=ExtensionRequest.State.PENDING)


def waiting_count(user) -> int:
    """How many decisions wait for the user (0 for anyone who does not decide)."""
    if not can_manage(user):
        return 0
    return awaiting_reports(user).count() + awaiting_extensions(user).count()
