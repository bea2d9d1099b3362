"""Reads of the periodic app: a directive's series, one series' occurrences and their figures.

The figures of an occurrence are counted from its assignments with the one timeliness
definition (`AssignmentQuerySet.in_timeliness`), so they match the dashboard's; "không phát
sinh" is counted apart from the reports that were accepted, and "missing" is an open part whose
deadline has passed.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from directives.models import Assignment, Timeliness
from directives.periods import Period
from directives.permissions import can_manage, visible_directives
from directives.timeline_entry import TimelineEntry
from periodic.models import NothingToReport, Occurrence, Recurrence
from units.vietnamese import format_date

COMPLETED = (Timeliness.COMPLETED_ON_TIME, Timeliness.COMPLETED_LATE)
OPEN = (Timeliness.IN_PROGRESS, Timeliness.DUE_SOON)


@dataclass
class Figures:
    """What became of an occurrence's parts (one per unit)."""

    units: int = 0
    reported: int = 0
    nothing: int = 0
    awaiting: int = 0
    open: int = 0
    missing: int = 0
    cancelled: int = 0

    def add(self, other: "Figures") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class OccurrenceRow:
    occurrence: Occurrence
    figures: Figures = field(default_factory=Figures)
    lead_assignment_id: int | None = None
    due_on: datetime.date | None = None

    @property
    def period_label(self) -> str:
        return occurrence_label(self.occurrence)


def occurrence_label(occurrence: Occurrence) -> str:
    """Name the period in the reader's language, from the dates stored when it was planned."""
    return Period(
        kind=occurrence.period_kind,
        year=occurrence.year,
        number=occurrence.number,
        start=occurrence.period_start,
        end=occurrence.period_end,
    ).label


def directive_series(directive):
    """Return the directive's periodic tasks, in task order, with their planned horizon."""
    return (
        Recurrence.objects.filter(task__directive=directive)
        .select_related("task", "lead_unit")
        .order_by("task__position", "task_id")
    )


def managed_series(user, task_pk: int) -> Recurrence:
    """Return the series of task `task_pk` for inspectorate staff; anyone else gets a 404."""
    if not can_manage(user):
        raise Http404
    return get_object_or_404(
        Recurrence.objects.select_related("task__directive", "lead_unit").filter(
            task__directive__in=visible_directives(user)
        ),
        task_id=task_pk,
    )


def _figures_by_task(task_ids, today: datetime.date) -> dict[int, Figures]:
    rows = (
        Assignment.objects.filter(task_id__in=task_ids)
        .with_timeliness(today)
        .annotate(nothing=Exists(NothingToReport.objects.filter(assignment=OuterRef("pk"))))
        .values_list("task_id", "timeliness", "nothing")
    )
    found = defaultdict(Figures)
    for task_id, timeliness, nothing in rows:
        figures = found[task_id]
        figures.units += 1
        if timeliness == Timeliness.CANCELLED:
            figures.cancelled += 1
        elif timeliness in COMPLETED:
            if nothing:
                figures.nothing += 1
            else:
                figures.reported += 1
        elif timeliness == Timeliness.AWAITING_REVIEW:
            figures.awaiting += 1
        elif timeliness == Timeliness.OVERDUE:
            figures.missing += 1
        else:
            figures.open += 1
    return found


def series_rows(
    recurrence: Recurrence, today: datetime.date
) -> tuple[list[OccurrenceRow], Figures]:
    """Return every occurrence of the series with its figures as of today, and their total."""
    occurrences = list(recurrence.occurrences.select_related("changed_by").order_by("period_end"))
    task_ids = [o.task_id for o in occurrences if o.task_id]
    figures = _figures_by_task(task_ids, today)
    leads = {
        task_id: (pk, deadline)
        for task_id, pk, deadline in Assignment.objects.filter(
            task_id__in=task_ids, role=Assignment.Role.LEAD
        ).values_list("task_id", "pk", "effective_deadline")
    }
    rows, total = [], Figures()
    for occurrence in occurrences:
        lead_id, deadline = leads.get(occurrence.task_id, (None, None))
        row = OccurrenceRow(
            occurrence=occurrence,
            figures=figures.get(occurrence.task_id, Figures()),
            lead_assignment_id=lead_id,
            # An approved extension or a correction moves the lead part's deadline: show that one.
            due_on=deadline or occurrence.due_on,
        )
        total.add(row.figures)
        rows.append(row)
    return rows, total


def occurrence_of(assignment: Assignment) -> Occurrence | None:
    """Return the occurrence whose task the assignment belongs to, if it is periodic."""
    return (
        Occurrence.objects.select_related("recurrence__task")
        .filter(task_id=assignment.task_id)
        .first()
    )


def horizon_table(today: datetime.date) -> list[dict]:
    """Return, per series, how far it is planned and its occurrences by status (the horizon report)."""
    table = []
    for recurrence in Recurrence.objects.select_related("task__directive", "lead_unit").order_by(
        "task__directive__issued_on", "task__position", "pk"
    ):
        occurrences = list(recurrence.occurrences.order_by("period_end"))
        upcoming = [o for o in occurrences if o.period_end >= today]
        table.append(
            {
                "recurrence": recurrence,
                "planned": len(occurrences),
                "open": sum(o.status == Occurrence.Status.OPEN for o in occurrences),
                "skipped": sum(o.status == Occurrence.Status.SKIPPED for o in occurrences),
                "first": occurrences[0] if occurrences else None,
                "last": occurrences[-1] if occurrences else None,
                "next": upcoming[0] if upcoming else None,
            }
        )
    return table


def occurrence_timeline(assignment: Assignment):
    """Tell, on each part's timeline, when its period was skipped or its deadline moved, and why."""
    occurrence = occurrence_of(assignment)
    if occurrence is None:
        return
    label = occurrence_label(occurrence)
    previous = None
    for event in occurrence.events.select_related("pgh_context").order_by("pgh_id"):
        metadata = (event.pgh_context.metadata or {}) if event.pgh_context else {}
        action = metadata.get("periodic")
        user = metadata.get("user")
        actor_id = int(user) if user not in (None, "") else None
        if action == "skip":
            text = _("Kỳ %(period)s được bỏ qua. Lý do: %(reason)s") % {
                "period": label,
                "reason": event.reason,
            }
            yield TimelineEntry(
                at=event.pgh_created_at,
                text=text,
                actor_id=actor_id,
                kind="periodic",
                icon="bi-skip-forward",
            )
        elif action == "reschedule" and previous is not None:
            text = _("Hạn báo cáo kỳ %(period)s dời từ %(old)s sang %(new)s. Lý do: %(reason)s") % {
                "period": label,
                "old": format_date(previous.due_on),
                "new": format_date(event.due_on),
                "reason": event.reason,
            }
            yield TimelineEntry(
                at=event.pgh_created_at,
                text=text,
                actor_id=actor_id,
                kind="periodic",
                icon="bi-calendar-event",
            )
        previous = event
