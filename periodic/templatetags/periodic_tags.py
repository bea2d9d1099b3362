"""Panels the directives pages show for periodic work, drawn by the periodic app's templates.

The directives app never imports this app: its templates load these tags, as they include the
documents app's partials.
"""

from django import template

from directives.permissions import can_manage, can_report
from periodic import selectors
from periodic.forms import NothingToReportForm

register = template.Library()


@register.inclusion_tag("periodic/_directive_periodic.html", takes_context=True)
def directive_periodic(context, directive):
    """List a directive's periodic tasks, with the staff's buttons to add one or apply a template."""
    user = context["request"].user
    return {
        "directive": directive,
        "series": list(selectors.directive_series(directive)) if can_manage(user) else [],
        "can_manage": can_manage(user),
    }


@register.inclusion_tag("periodic/_assignment_occurrence.html", takes_context=True)
def assignment_occurrence(context, assignment):
    """Say which period an assignment reports on, and offer its unit the "không phát sinh" form."""
    user = context["request"].user
    occurrence = selectors.occurrence_of(assignment)
    declared = getattr(assignment, "nothing_to_report", None) if occurrence else None
    may_declare = (
        occurrence is not None
        and can_report(user, assignment)
        and assignment.state != assignment.State.REPORTED
    )
    return {
        "assignment": assignment,
        "occurrence": occurrence,
        "label": selectors.occurrence_label(occurrence) if occurrence else "",
        "declared": declared,
        "form": NothingToReportForm() if may_declare else None,
        "can_manage": can_manage(user),
    }
