"""Who sees and does what in report collection; foreign submissions answer 404 (DOMAIN.md §6).

A unit's people see their unit's submissions (the head of a parent unit also the subtree's);
the inspectorate sees every round and submission and reviews; leaders read everything.
"""

from collection.models import Round, Submission
from directives.permissions import can_manage, sees_everything
from units.selectors import user_scope_unit_ids, user_unit_ids


def visible_submissions(user):
    qs = Submission.objects.all()
    if sees_everything(user):
        return qs
    if not user.is_authenticated:
        return qs.none()
    return qs.filter(unit_id__in=user_scope_unit_ids(user))


def visible_rounds(user):
    """Rounds a user may open as a whole (who has sent, the consolidation): the inspectorate, leaders."""
    if sees_everything(user):
        return Round.objects.all()
    return Round.objects.none()


def can_fill(user, submission: Submission) -> bool:
    """Members of the unit fill and send its submission while it is a draft or was returned."""
    return (
        user.is_authenticated
        and user.is_active
        and submission.unit_id in user_unit_ids(user)
        and submission.state in (Submission.State.DRAFT, Submission.State.RETURNED)
        and submission.round.status != "planned"
    )


def can_review(user) -> bool:
    return can_manage(user)
