"""Tasks, their unit assignments and timeliness: the one definition every count uses."""

import datetime
import operator
from functools import reduce

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directives.models.confidential import CLASSIFIED_TASK_GUARD
from directives.models.directives import Directive
from directives.models.tally import TALLY_TRIGGERS
from directives.models.workflow import ASSIGNMENT_TRIGGERS, CLOSED_STATES
from units.models import Unit


def local_today() -> datetime.date:
    return timezone.localdate()


# A task's "key task" flag is copied onto its assignments, so the completed tally and the
# dashboard's covering index count key tasks without joining the task table.
TASK_KEY_TRIGGERS = [
    pgtrigger.Trigger(
        name="task_key_to_assignments",
        when=pgtrigger.After,
        operation=pgtrigger.Update,
        condition=pgtrigger.AnyChange("is_key"),
        func="""
            UPDATE directives_assignment SET is_key = NEW.is_key
             WHERE task_id = NEW.id AND is_key IS DISTINCT FROM NEW.is_key;
            RETURN NULL;
        """,
    ),
]
ASSIGNMENT_MARKER_TRIGGERS = [
    pgtrigger.Trigger(
        name="assignment_history_markers",
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update,
        func="""
            IF TG_OP = 'INSERT' THEN
                NEW.changed_at := clock_timestamp();
                RETURN NEW;
            END IF;
            IF (NEW.state, NEW.effective_deadline, NEW.role, NEW.reported_on, NEW.completed_on,
                NEW.cancelled_at, NEW.assigned_at, NEW.accepted_at, NEW.returned_at)
               IS DISTINCT FROM
               (OLD.state, OLD.effective_deadline, OLD.role, OLD.reported_on, OLD.completed_on,
                OLD.cancelled_at, OLD.assigned_at, OLD.accepted_at, OLD.returned_at) THEN
                NEW.changed_at := clock_timestamp();
            END IF;
            IF NEW.effective_deadline IS DISTINCT FROM OLD.effective_deadline
               OR NEW.role IS DISTINCT FROM OLD.role
               OR (OLD.returned_at IS NOT NULL AND NEW.returned_at IS DISTINCT FROM OLD.returned_at)
               OR (NEW.state = 'returned' AND OLD.state <> 'returned'
                   AND NEW.returned_at IS NOT DISTINCT FROM OLD.returned_at) THEN
                NEW.revised_at := clock_timestamp();
            END IF;
            RETURN NEW;
        """,
    ),
]
ASSIGNMENT_KEY_TRIGGERS = [
    pgtrigger.Trigger(
        name="assignment_key_from_task",
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.UpdateOf("task_id"),
        func="""
            NEW.is_key := coalesce(
                (SELECT is_key FROM directives_task WHERE id = NEW.task_id), false);
            RETURN NEW;
        """,
    ),
]


@pghistory.track()
class Task(models.Model):
    directive = models.ForeignKey(Directive, on_delete=models.PROTECT, related_name="tasks")
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    title = models.CharField(_("nhiệm vụ"), max_length=500)
    description = models.TextField(_("nội dung chi tiết"), blank=True)
    is_key = models.BooleanField(
        _("nhiệm vụ trọng tâm"),
        default=False,
        db_default=False,
        help_text=_("Nhiệm vụ trọng tâm được thống kê riêng trên bảng theo dõi."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["directive", "position", "id"]
        triggers = [CLASSIFIED_TASK_GUARD, *TASK_KEY_TRIGGERS]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("directives:directive-detail", args=[self.directive_id]) + f"#task-{self.pk}"


class Timeliness(models.TextChoices):
    COMPLETED_ON_TIME = "completed_on_time", _("Hoàn thành đúng hạn")
    COMPLETED_LATE = "completed_late", _("Hoàn thành quá hạn")
    AWAITING_REVIEW = "awaiting_review", _("Đã báo cáo, chờ xem xét")
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    IN_PROGRESS = "in_progress", _("Đang thực hiện trong hạn")
    OVERDUE = "overdue", _("Quá hạn")
    NO_DEADLINE = "no_deadline", _("Thường xuyên / không thời hạn")
    CANCELLED = "cancelled", _("Đã hủy")


def days_late(deadline: datetime.date | None, as_of: datetime.date) -> int | None:
    """Return how many days `deadline` lies behind `as_of` (negative: days left); None without a deadline.

    The one count of days late shown by lists, exports, the review queue and reminder mails.
    """
    return None if deadline is None else (as_of - deadline).days


OPEN_STATES = ("assigned", "in_progress", "returned", "reported")
# Open whatever the day: no report awaits review and nothing was accepted.
WORKING_STATES = ("assigned", "in_progress", "returned")


def timeliness_conditions(as_of: datetime.date, due_soon_days: int) -> dict[str, Q]:
    """Return each timeliness value as plain conditions on state, dates and deadline.

    The same definition as `AssignmentQuerySet.with_timeliness`, written so a filter on one value
    is a conjunction an index can serve instead of a CASE computed for every row. Exactly one
    condition holds for any row (completed rows always have a completion date, a constraint).
    """
    soon = as_of + datetime.timedelta(days=due_soon_days)
    # Still open as of the day: never closed, or closed only after it.
    still_open = (
        Q(state__in=WORKING_STATES)
        | Q(state="completed", completed_on__gt=as_of)
        | Q(state="reported", reported_on__gt=as_of)
        | Q(state="reported", reported_on__isnull=True)
    )
    completed = Q(state="completed", completed_on__lte=as_of)
    return {
        Timeliness.CANCELLED: Q(state="cancelled"),
        Timeliness.NO_DEADLINE: Q(effective_deadline__isnull=True) & ~Q(state="cancelled"),
        Timeliness.COMPLETED_ON_TIME: completed & Q(completed_on__lte=F("effective_deadline")),
        Timeliness.COMPLETED_LATE: completed & Q(completed_on__gt=F("effective_deadline")),
        Timeliness.AWAITING_REVIEW: Q(
            state="reported", reported_on__lte=as_of, effective_deadline__isnull=False
        ),
        Timeliness.OVERDUE: Q(effective_deadline__lt=as_of) & still_open,
        Timeliness.DUE_SOON: Q(effective_deadline__gte=as_of, effective_deadline__lte=soon)
        & still_open,
        Timeliness.IN_PROGRESS: Q(effective_deadline__gte=as_of, effective_deadline__gt=soon)
        & still_open,
    }


def timeliness_case(as_of: datetime.date | None = None, due_soon_days: int | None = None) -> Case:
    """Return the timeliness CASE (DOMAIN.md §4) judged at the end of local day `as_of`."""
    as_of = as_of or local_today()
    if due_soon_days is None:
        due_soon_days = settings.PCTS_DUE_SOON_DAYS
    soon = as_of + datetime.timedelta(days=due_soon_days)
    completed = Q(state="completed", completed_on__lte=as_of)
    awaiting = Q(state="reported", reported_on__lte=as_of)
    return Case(
        When(state="cancelled", then=Value(Timeliness.CANCELLED)),
        When(effective_deadline__isnull=True, then=Value(Timeliness.NO_DEADLINE)),
        When(
            completed & Q(completed_on__lte=F("effective_deadline")),
            then=Value(Timeliness.COMPLETED_ON_TIME),
        ),
        When(completed, then=Value(Timeliness.COMPLETED_LATE)),
        When(awaiting, then=Value(Timeliness.AWAITING_REVIEW)),
        When(effective_deadline__lt=as_of, then=Value(Timeliness.OVERDUE)),
        When(effective_deadline__lte=soon, then=Value(Timeliness.DUE_SOON)),
        default=Value(Timeliness.IN_PROGRESS),
        output_field=models.CharField(),
    )


class AssignmentQuerySet(models.QuerySet):
    def with_timeliness(self, as_of: datetime.date | None = None, due_soon_days: int | None = None):
        """Annotate `timeliness` (DOMAIN.md §4) judged at the end of local day `as_of`.

        The one definition used by every list, count, export and reminder. Completion counts
        from the submission date of the accepted report; an item awaiting review is neither
        overdue nor completed.
        """
        return self.annotate(timeliness=timeliness_case(as_of, due_soon_days))

    def in_timeliness(
        self, values, as_of: datetime.date | None = None, due_soon_days: int | None = None
    ):
        """Keep the rows whose timeliness as of `as_of` is one of `values`.

        Filters with `timeliness_conditions`, so PostgreSQL can use an index where a filter on the
        `with_timeliness` annotation would compute the CASE for every row.
        """
        as_of = as_of or local_today()
        if due_soon_days is None:
            due_soon_days = settings.PCTS_DUE_SOON_DAYS
        conditions = timeliness_conditions(as_of, due_soon_days)
        wanted = [conditions[value] for value in values]
        return self.filter(reduce(operator.or_, wanted)) if wanted else self.none()

    def open(self):
        return self.filter(state__in=OPEN_STATES)

    def lead(self):
        return self.filter(role=Assignment.Role.LEAD)

    def flagged(self):
        """Keep the open items whose deadline was computed and still awaits the officer's confirming."""
        return self.filter(deadline_flagged=True).exclude(state__in=CLOSED_STATES)


@pghistory.track(
    # As of a past day: a revised row's history before it (dashboard/history.py).
    meta={
        "indexes": [
            models.Index(fields=["pgh_obj", "pgh_created_at"], name="assignment_event_obj_at"),
        ]
    }
)
class Assignment(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("Chủ trì")
        COORDINATING = "coordinating", _("Phối hợp")

    class State(models.TextChoices):
        ASSIGNED = "assigned", _("Đã giao")
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        REPORTED = "reported", _("Đã báo cáo hoàn thành, chờ xem xét")
        RETURNED = "returned", _("Bị trả lại")
        COMPLETED = "completed", _("Hoàn thành")
        CANCELLED = "cancelled", _("Đã hủy")

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="assignments")
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(_("vai trò"), max_length=12, choices=Role.choices)
    deadline_text = models.CharField(_("thời hạn (như văn bản)"), max_length=255, blank=True)
    deadline_kind = models.CharField(max_length=20, blank=True)
    deadline_flagged = models.BooleanField(
        _("cần xác nhận hạn"),
        default=False,
        help_text=_("Hạn được tính tự động, cán bộ cần xác nhận."),
    )
    original_deadline = models.DateField(_("hạn ban đầu"), null=True, blank=True)
    effective_deadline = models.DateField(_("hạn hiện hành"), null=True, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=12, choices=State.choices, default=State.ASSIGNED
    )
    progress_percent = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    reported_on = models.DateField(_("ngày báo cáo hoàn thành"), null=True, blank=True)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    last_report_at = models.DateTimeField(null=True, blank=True)
    assigned_at = models.DateTimeField(default=timezone.now)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_key = models.BooleanField(
        _("nhiệm vụ trọng tâm"),
        default=False,
        db_default=False,
        editable=False,
        help_text=_("Chép từ nhiệm vụ (trigger), để đếm nhanh."),
    )
    # Milestones a past day's figures read (dashboard/history.py), on the application's clock.
    accepted_at = models.DateTimeField(_("thời điểm chấp nhận kết quả"), null=True, blank=True)
    returned_claim_on = models.DateField(null=True, blank=True, editable=False)
    returned_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Markers kept by a trigger on the database's clock (never earlier than the change):
    # `changed_at` when anything a figure reads changed, `revised_at` when the deadline, the role
    # or a second return changed what the milestones alone can tell about an earlier day.
    changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    revised_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancel_reason = models.TextField(_("lý do hủy giao"), blank=True, default="", db_default="")
    cancelled_at = models.DateTimeField(_("thời điểm hủy giao"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người hủy giao"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("giao nhiệm vụ")
        verbose_name_plural = _("giao nhiệm vụ")
        constraints = [
            models.UniqueConstraint(fields=["task", "unit"], name="assignment_task_unit_unique"),
            models.UniqueConstraint(
                fields=["task"], condition=Q(role="lead"), name="assignment_one_lead_per_task"
            ),
            models.CheckConstraint(
                condition=Q(progress_percent__lte=100), name="assignment_percent_le_100"
            ),
            models.CheckConstraint(
                condition=~Q(state="completed") | Q(completed_on__isnull=False),
                name="assignment_completed_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "state"]),
            # Lists: deadline order, and every column a timeliness condition reads, so a filtered
            # page (or a deep OFFSET) picks its ids from the index alone.
            models.Index(
                fields=["effective_deadline", "id"],
                include=["state", "completed_on", "reported_on", "role", "unit"],
                name="assignment_deadline_covering",
            ),
            # Counts of overdue / due soon / in progress: one small index per way of being open
            # (still working, or closed only after the day judged), combined as a bitmap.
            models.Index(
                fields=["effective_deadline"],
                condition=Q(state__in=WORKING_STATES),
                name="assignment_working_deadline",
            ),
            models.Index(
                fields=["completed_on"],
                condition=Q(state="completed"),
                name="assignment_completed_on",
            ),
            models.Index(
                fields=["reported_on"], condition=Q(state="reported"), name="assignment_reported_on"
            ),
            # The navigation's "Xác nhận hạn" badge: the few open items awaiting confirmation.
            models.Index(
                fields=["unit"],
                condition=Q(deadline_flagged=True) & ~Q(state="cancelled") & ~Q(state="completed"),
                name="assignment_flagged_open",
            ),
            models.Index(
                fields=["unit", "effective_deadline"],
                condition=Q(state__in=OPEN_STATES),
                name="assignment_open_unit_deadline",
            ),
            # Dashboard: with completed work counted from the tally, the rest of the assignments
            # (open or awaiting review) is classified from this index alone.
            models.Index(
                fields=["unit"],
                include=[
                    "role",
                    "state",
                    "effective_deadline",
                    "completed_on",
                    "reported_on",
                    "is_key",
                    "changed_at",
                ],
                condition=~Q(state="cancelled") & ~Q(state="completed"),
                name="assignment_unfinished_covering",
            ),
            # As of a past day: what was assigned or cancelled after it (dashboard/history.py).
            models.Index(fields=["changed_at"], name="assignment_changed_at"),
            models.Index(fields=["assigned_at"], name="assignment_assigned_at"),
            # Dashboard: lead assignments by deadline (trend months, period windows, drill-down order).
            models.Index(
                fields=["effective_deadline", "id"],
                condition=Q(role="lead") & ~Q(state="cancelled"),
                name="assignment_lead_deadline",
            ),
        ]
        triggers = [
            *TALLY_TRIGGERS,
            *ASSIGNMENT_TRIGGERS,
            *ASSIGNMENT_KEY_TRIGGERS,
            *ASSIGNMENT_MARKER_TRIGGERS,
        ]

    def __str__(self):
        return f"{self.task} – {self.unit}"

    def get_absolute_url(self):
        return reverse("directives:assignment-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_closed(self) -> bool:
        """Say whether the assignment is completed or cancelled: closed for good."""
        return self.state in CLOSED_STATES
