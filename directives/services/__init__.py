"""Every write to directives, tasks, assignments, reports and extensions.

Services take keyword-only arguments, run in one transaction, re-check permission and raise
ValidationError with a Vietnamese message that says what was wrong and how to fix it.
"""

from directives.services.assignments import (
    assignment_add,
    assignment_cancel,
    assignment_confirm_deadline,
    assignment_create_dated,
    task_create,
)
from directives.services.directives import (
    DuplicateDirective,
    directive_create,
    directive_find_or_stub,
    directive_link_add,
    directive_register,
    directive_update,
)
from directives.services.reports import (
    extension_decide,
    extension_request,
    report_review,
    report_submit,
)

__all__ = [
    "DuplicateDirective",
    "assignment_add",
    "assignment_cancel",
    "assignment_confirm_deadline",
    "assignment_create_dated",
    "directive_create",
    "directive_find_or_stub",
    "directive_link_add",
    "directive_register",
    "directive_update",
    "extension_decide",
    "extension_request",
    "report_review",
    "report_submit",
    "task_create",
]
