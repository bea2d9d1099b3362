"""The assignment's state machine as the services apply it: check a move, close what it leaves.

The allowed moves are written once, in `directives.models.workflow.TRANSITIONS`, and PostgreSQL
triggers refuse any other; these functions run on a row the caller has locked
(`select_for_update`), so two decisions on one assignment queue up and the second sees the
first, and they turn a refusal into a sentence the user can act on.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from directives.models import (
    CLOSED_STATES,
    TRANSITIONS,
    Assignment,
    ExtensionRequest,
    ProgressReport,
    ReportReview,
)


def forbidden_move_message(state: str, target: str) -> str:
    """Say why an assignment in `state` cannot move to `target`."""
    values = {"state": Assignment.State(state).label, "target": Assignment.State(target).label}
    if state in CLOSED_STATES:
        return (
            _(
                "Nhiệm vụ đã kết thúc (%(state)s): kết quả đã ghi nhận không thể thay đổi, "
                "không chuyển sang “%(target)s” được."
            )
            % values
        )
    return (
        _("Nhiệm vụ đang ở trạng thái “%(state)s”, không chuyển sang “%(target)s” được.") % values
    )


def transition(*, assignment: Assignment, to: str, actor) -> None:
    """Move the locked `assignment` to state `to`, or refuse a move TRANSITIONS forbids.

    Closing it (completed or cancelled) closes its pending extension requests and unreviewed
    reports in the same transaction; the caller saves the assignment.
    """
    if to == assignment.state:
        return
    if to not in TRANSITIONS[assignment.state]:
        raise ValidationError(
            forbidden_move_message(assignment.state, to), code="forbidden_transition"
        )
    assignment.state = to
    if to in CLOSED_STATES:
        close_pending(assignment=assignment, actor=actor)
        # A closed item has nothing left to confirm: its "cần xác nhận" flag goes with it.
        Assignment.objects.filter(pk=assignment.pk).update(deadline_flagged=False)
        assignment.deadline_flagged = False


def close_pending(*, assignment: Assignment, actor) -> None:
    """Close what still waits on `assignment`: its pending extension requests and unreviewed reports.

    Nothing is left to decide on a closed item, so nothing stays in the review queue to be
    decided later and rewrite its result.
    """
    now = timezone.now()
    ExtensionRequest.objects.filter(
        assignment=assignment, state=ExtensionRequest.State.PENDING
    ).update(state=ExtensionRequest.State.CLOSED, decided_by=actor, decided_at=now)
    waiting = ProgressReport.objects.filter(assignment=assignment, review__isnull=True)
    ReportReview.objects.bulk_create(
        ReportReview(
            report_id=pk, decision=ReportReview.Decision.CLOSED, reviewer=actor, decided_at=now
        )
        for pk in waiting.values_list("pk", flat=True)
    )
