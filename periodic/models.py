"""Recurring obligations, their occurrences, "không phát sinh" declarations and task templates.

Why an occurrence is a task of its own. Every figure, list, export, reminder, review queue and
as-of read in the directives app counts `Assignment` rows, one per (task, unit), with one lead
unit per task, one deadline and a state machine enforced by triggers. An occurrence therefore
*is* a `Task` (one OneToOne link here, `Occurrence.task`) whose assignments, one per unit of the
recurrence, carry the occurrence's deadline: reports, reviews, extensions, reminders, the
timeline, the dashboard and the as-of history treat it exactly as any other task, with no
selector to change and no second definition of timeliness. Putting several periods on one
assignment row would have broken the (task, unit) uniqueness those reads rely on.

The recurrence hangs on a *series* task (`Recurrence.task`) that has no assignments of its own,
so it is never counted; only occurrences whose period has started are opened (their task and
assignments created): a report obligation for a quarter not yet begun is planned, shown on the
series page, but not yet counted as assigned work.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from directives.models import Assignment, ProgressReport, Task
from periodic.recurrence import Cadence, RecurrenceSpec, Windows
from units.models import Unit


@pghistory.track()
class Recurrence(models.Model):
    """How often a series task's units report, on whose windows, and how far it is planned."""

    task = models.OneToOneField(
        Task, verbose_name=_("nhiệm vụ"), on_delete=models.PROTECT, related_name="recurrence"
    )
    cadence = models.CharField(_("định kỳ"), max_length=12, choices=Cadence.choices)
    windows = models.CharField(
        _("cách tính kỳ"), max_length=10, choices=Windows.choices, default=Windows.REPORT
    )
    starts_on = models.DateField(_("bắt đầu từ ngày"))
    ends_on = models.DateField(_("kết thúc ngày"), null=True, blank=True)
    deadline_working_days = models.PositiveSmallIntegerField(
        _("hạn báo cáo: số ngày làm việc sau ngày cuối kỳ")
    )
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị chủ trì"), on_delete=models.PROTECT, related_name="+"
    )
    coordinating_units = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị phối hợp"), blank=True, related_name="+"
    )
    planned_until = models.DateField(_("đã lập lịch đến ngày"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("định kỳ của nhiệm vụ")
        verbose_name_plural = _("định kỳ của nhiệm vụ")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="recurrence_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.task} ({self.get_cadence_display()})"

    def get_absolute_url(self):
        return reverse("periodic:series-detail", args=[self.task_id])

    @property
    def spec(self) -> RecurrenceSpec:
        return RecurrenceSpec(
            cadence=self.cadence,
            windows=self.windows,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
        )


@pghistory.track()
class Occurrence(models.Model):
    """One period of a recurrence: planned, then opened as a task of its own when the period starts."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Đã lập lịch")
        OPEN = "open", _("Đã giao")
        SKIPPED = "skipped", _("Bỏ qua kỳ này")

    recurrence = models.ForeignKey(Recurrence, on_delete=models.PROTECT, related_name="occurrences")
    period_kind = models.CharField(_("loại kỳ"), max_length=20)
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveSmallIntegerField(_("số thứ tự kỳ"), null=True, blank=True)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    label = models.CharField(_("kỳ"), max_length=120)
    due_on = models.DateField(_("hạn báo cáo"))
    planned_due_on = models.DateField(_("hạn theo lịch"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    task = models.OneToOneField(
        Task,
        verbose_name=_("nhiệm vụ của kỳ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="occurrence",
    )
    # The last skip or move: who, when, why (the history keeps every earlier one).
    reason = models.TextField(_("lý do"), blank=True, default="")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kỳ thực hiện")
        verbose_name_plural = _("kỳ thực hiện")
        ordering = ["recurrence", "period_end", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["recurrence", "period_kind", "period_start", "period_end"],
                name="occurrence_one_per_period",
            ),
            models.CheckConstraint(
                condition=~Q(status="open") | Q(task__isnull=False), name="occurrence_open_has_task"
            ),
            models.CheckConstraint(
                condition=~Q(status="skipped") | ~Q(reason=""), name="occurrence_skip_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["status", "period_start"])]

    def __str__(self):
        return f"{self.recurrence.task} – {self.label}"

    @property
    def is_moved(self) -> bool:
        return self.due_on != self.planned_due_on


class NothingToReport(models.Model):
    """A unit's explicit "không phát sinh" for one occurrence: done, and told apart from missing."""

    assignment = models.OneToOneField(
        Assignment, on_delete=models.PROTECT, related_name="nothing_to_report"
    )
    report = models.OneToOneField(ProgressReport, on_delete=models.PROTECT, related_name="+")
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    declared_at = models.DateTimeField()

    class Meta:
        verbose_name = _("khai báo không phát sinh")
        verbose_name_plural = _("khai báo không phát sinh")

    def __str__(self):
        return f"{self.assignment}: {_('không phát sinh')}"


class TaskTemplate(models.Model):
    """A directive's standard tasks, copied to every unit of the chosen kinds in one step."""

    name = models.CharField(_("tên mẫu"), max_length=255, unique=True)
    description = models.TextField(_("mô tả"), blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("mẫu nhiệm vụ")
        verbose_name_plural = _("mẫu nhiệm vụ")
        ordering = ["name"]

    def __str__(self):
        return self.name


class TaskTemplateItem(models.Model):
    """One standard task: a one-off task with its deadline phrase, or a recurring one."""

    template = models.ForeignKey(TaskTemplate, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    title = models.CharField(_("nhiệm vụ"), max_length=500)
    description = models.TextField(_("nội dung chi tiết"), blank=True)
    is_key = models.BooleanField(_("nhiệm vụ trọng tâm"), default=False)
    deadline_text = models.CharField(_("thời hạn (như văn bản)"), max_length=255, blank=True)
    cadence = models.CharField(_("định kỳ"), max_length=12, choices=Cadence.choices, blank=True)
    windows = models.CharField(
        _("cách tính kỳ"), max_length=10, choices=Windows.choices, default=Windows.REPORT
    )

    class Meta:
        verbose_name = _("nhiệm vụ mẫu")
        verbose_name_plural = _("nhiệm vụ mẫu")
        ordering = ["template", "position", "id"]

    def __str__(self):
        return self.title
