"""Directives, their tasks, unit assignments, progress reports, reviews, extensions and reminders.

One module per concern; every name is re-exported here, so `from directives.models import X`
is the one import path (migrations name `directives.models.PlainArrayField` and friends).
"""

# isort: off
# Imported in the order the models were first written in, so they register in much that order.
from directives.models.reference import Holiday, IssuerCode, PartyTerm
from directives.models.directives import (
    Attachment,
    Directive,
    DirectiveLink,
    DirectiveQuerySet,
    attachment_path,
)
from directives.models.tally import (
    TALLY_REBUILD_SQL,
    TALLY_RECOUNT_SQL,
    TALLY_TRIGGERS,
    CompletedTally,
    DataVersion,
)
from directives.models.workflow import (
    CLOSED_STATES,
    EXTENSION_TRANSITIONS,
    TRANSITIONS,
    forbidden_transitions,
)
from directives.models.assignments import (
    OPEN_STATES,
    WORKING_STATES,
    Assignment,
    AssignmentQuerySet,
    Task,
    Timeliness,
    days_late,
    local_today,
    timeliness_case,
    timeliness_conditions,
)
from directives.models.reports import ExtensionRequest, ProgressReport, ReportReview
from directives.models.review_queue import REVIEW_QUEUE_REBUILD_SQL, ReviewQueueEntry
from directives.models.reminders import (
    Notification,
    NotificationQuerySet,
    PlainArrayField,
    ReminderDelivery,
    ReminderLine,
    ReminderPolicy,
    ReminderReason,
    ReminderRun,
    default_days_before,
    entries_of,
)
from directives.models.events import Event, EventDelivery, EventKindSetting
# isort: on

__all__ = [
    "Event",
    "EventDelivery",
    "EventKindSetting",
    "CLOSED_STATES",
    "EXTENSION_TRANSITIONS",
    "OPEN_STATES",
    "REVIEW_QUEUE_REBUILD_SQL",
    "TALLY_REBUILD_SQL",
    "TALLY_RECOUNT_SQL",
    "TALLY_TRIGGERS",
    "TRANSITIONS",
    "WORKING_STATES",
    "days_late",
    "Assignment",
    "AssignmentQuerySet",
    "Attachment",
    "CompletedTally",
    "DataVersion",
    "Directive",
    "DirectiveLink",
    "DirectiveQuerySet",
    "ExtensionRequest",
    "Holiday",
    "IssuerCode",
    "Notification",
    "NotificationQuerySet",
    "PartyTerm",
    "PlainArrayField",
    "ProgressReport",
    "ReminderDelivery",
    "ReminderLine",
    "ReminderPolicy",
    "ReminderReason",
    "ReminderRun",
    "ReportReview",
    "ReviewQueueEntry",
    "Task",
    "Timeliness",
    "attachment_path",
    "default_days_before",
    "entries_of",
    "forbidden_transitions",
    "local_today",
    "timeliness_case",
    "timeliness_conditions",
]
