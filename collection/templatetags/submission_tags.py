"""Template filters of the unit's report pages: the state badge, the late marker, the nav link."""

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from collection.models import Submission
from units.selectors import user_unit_ids

register = template.Library()

BADGES = {
    Submission.State.DRAFT: "text-bg-secondary",
    Submission.State.SUBMITTED: "text-bg-primary",
    Submission.State.RETURNED: "text-bg-danger",
    Submission.State.ACCEPTED: "text-bg-success",
}


@register.filter
def state_badge(submission):
    """Show the state as a coloured badge ("Bị trả lại" in red)."""
    return format_html(
        '<span class="badge {} submission-state" data-state="{}">{}</span>',
        BADGES.get(submission.state, "text-bg-light"),
        submission.state,
        submission.get_state_display(),
    )


@register.filter
def late_marker(submission):
    """Say "Nộp muộn" for a late sending, "Quá hạn" for one still to send after its due day."""
    state = submission.state
    if state in (Submission.State.SUBMITTED, Submission.State.ACCEPTED):
        if not submission.is_late:
            return ""
        return format_html('<span class="badge text-bg-warning">{}</span>', _("Nộp muộn"))
    if timezone.localdate() <= submission.round.due_on:
        return ""
    if state == Submission.State.RETURNED:
        text = _("Quá hạn, chưa gửi lại")
    else:
        text = _("Quá hạn, chưa gửi")
    return format_html('<span class="badge text-bg-danger">{}</span>', text)


@register.filter
def has_report_units(user):
    """Tell whether the user belongs to a unit (the memberships are read once per request)."""
    return bool(user_unit_ids(user))
