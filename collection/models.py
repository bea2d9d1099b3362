"""Periodic report collection: forms defined as data, rounds, each unit's submission and its versions.

A form changes with each circular, so nothing about its fields is in code: an administrator
defines the fields (integer, money, text, or a list of rows whose columns are child fields),
their checks (required, non-negative, a total equal to the sum of its parts) and a version.
A round asks one form of a list of units for one period; each unit has one submission per round,
and every time it is sent an immutable version is kept.
"""

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from periodic.recurrence import Cadence, Windows
from units.models import Unit


@pghistory.track()
class ReportForm(models.Model):
    """A report form of one circular, in one version: its fields are rows of FormField."""

    code = models.CharField(_("mã biểu mẫu"), max_length=40)
    title = models.CharField(_("tên biểu mẫu"), max_length=300)
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    circular = models.CharField(_("căn cứ (thông tư)"), max_length=200, blank=True)
    is_example = models.BooleanField(
        _("mẫu ví dụ"),
        default=False,
        help_text=_("Mẫu minh họa: phải đối chiếu với thông tư hiện hành trước khi dùng."),
    )
    is_active = models.BooleanField(_("đang dùng"), default=True)
    notes = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("biểu mẫu báo cáo")
        verbose_name_plural = _("biểu mẫu báo cáo")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="reportform_code_version"),
        ]

    def __str__(self):
        return f"{self.code} v{self.version} – {self.title}"


@pghistory.track()
class FormField(models.Model):
    """One field of a form; a field of kind "rows" has child fields as the columns of its rows."""

    class Kind(models.TextChoices):
        INTEGER = "integer", _("Số nguyên")
        MONEY = "money", _("Số tiền (đồng)")
        TEXT = "text", _("Văn bản")
        ROWS = "rows", _("Danh sách dòng")

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="fields")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thuộc danh sách"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="columns",
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    code = models.CharField(_("mã chỉ tiêu"), max_length=40)
    label = models.CharField(_("chỉ tiêu"), max_length=300)
    kind = models.CharField(_("kiểu"), max_length=10, choices=Kind.choices, default=Kind.INTEGER)
    required = models.BooleanField(_("bắt buộc"), default=False)
    non_negative = models.BooleanField(_("không âm"), default=True)
    sum_of = models.CharField(
        _("bằng tổng của"),
        max_length=300,
        blank=True,
        help_text=_("Mã các chỉ tiêu thành phần, cách nhau bởi dấu +, ví dụ: 1.1+1.2"),
    )

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["form", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["form", "code"], name="formfield_code_per_form"),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(kind="rows"), name="formfield_rows_not_nested"
            ),
        ]

    def __str__(self):
        return f"{self.code}. {self.label}"

    @property
    def is_number(self) -> bool:
        return self.kind in (self.Kind.INTEGER, self.Kind.MONEY)

    @property
    def parts(self) -> list[str]:
        return [code.strip() for code in self.sum_of.split("+") if code.strip()]


class RoundStatus(models.TextChoices):
    PLANNED = "planned", _("Đã lập lịch")
    OPEN = "open", _("Đang thu thập")
    CLOSED = "closed", _("Đã khóa sổ")


@pghistory.track()
class FormObligation(models.Model):
    """A form the units must send every period: planned as rounds on the rolling horizon."""

    form = models.ForeignKey(ReportForm, on_delete=models.PROTECT, related_name="obligations")
    cadence = models.CharField(_("định kỳ"), max_length=12, choices=Cadence.choices)
    windows = models.CharField(
        _("cách tính kỳ"), max_length=10, choices=Windows.choices, default=Windows.REPORT
    )
    starts_on = models.DateField(_("bắt đầu từ ngày"))
    ends_on = models.DateField(_("kết thúc ngày"), null=True, blank=True)
    deadline_working_days = models.PositiveSmallIntegerField(
        _("hạn nộp: số ngày làm việc sau ngày cuối kỳ"), default=5
    )
    units = models.ManyToManyField(Unit, verbose_name=_("đơn vị báo cáo"), related_name="+")
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    planned_until = models.DateField(_("đã lập lịch đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("nghĩa vụ báo cáo theo biểu mẫu")
        verbose_name_plural = _("nghĩa vụ báo cáo theo biểu mẫu")

    def __str__(self):
        return f"{self.form.code} ({self.get_cadence_display()})"


@pghistory.track()
class Round(models.Model):
    """One form asked of a list of units for one period, due on a day."""

    form = models.ForeignKey(ReportForm, on_delete=models.PROTECT, related_name="rounds")
    obligation = models.ForeignKey(
        FormObligation, null=True, blank=True, on_delete=models.PROTECT, related_name="rounds"
    )
    period_kind = models.CharField(_("loại kỳ"), max_length=20)
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveSmallIntegerField(_("số thứ tự kỳ"), null=True, blank=True)
    period_start = models.DateField(_("số liệu từ ngày"))
    period_end = models.DateField(_("số liệu đến ngày"))
    label = models.CharField(_("kỳ"), max_length=120)
    due_on = models.DateField(_("hạn nộp"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.PLANNED
    )
    units = models.ManyToManyField(Unit, verbose_name=_("đơn vị báo cáo"), related_name="+")
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("đợt thu thập")
        verbose_name_plural = _("đợt thu thập")
        ordering = ["-period_end", "form__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "period_kind", "period_start", "period_end"],
                name="round_one_per_form_period",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="round_period_order"
            ),
        ]

    def __str__(self):
        return f"{self.form.code} – {self.label}"

    def get_absolute_url(self):
        return reverse("collection:round-detail", args=[self.pk])


@pghistory.track()
class Submission(models.Model):
    """One unit's report in one round: its current values and where it stands."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi, chờ xem xét")
        RETURNED = "returned", _("Bị trả lại")
        ACCEPTED = "accepted", _("Đã tiếp nhận")

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="submissions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=State.choices, default=State.DRAFT
    )
    values = models.JSONField(_("số liệu"), default=dict, blank=True)
    nothing_to_report = models.BooleanField(_("không phát sinh"), default=False)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("báo cáo của đơn vị")
        verbose_name_plural = _("báo cáo của đơn vị")
        ordering = ["round", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="submission_one_per_unit"),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(submitted_at__isnull=False),
                name="submission_sent_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(state="returned") | ~Q(return_reason=""),
                name="submission_return_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.round} – {self.unit}"

    def get_absolute_url(self):
        return reverse("collection:submission-detail", args=[self.pk])

    @property
    def is_late(self) -> bool:
        """Say whether it was sent after the due day (local), or is still unsent after it."""
        if self.submitted_at is None:
            return timezone.localdate() > self.round.due_on
        return timezone.localdate(self.submitted_at) > self.round.due_on


@pghistory.track(pghistory.InsertEvent())
@pgtrigger.register(
    # What a unit sent never changes: a correction is a new version.
    pgtrigger.Protect(
        name="submission_version_immutable", operation=pgtrigger.Update | pgtrigger.Delete
    ),
)
class SubmissionVersion(models.Model):
    """What a unit sent once: the values, the file it uploaded if any, who and when. Never changed."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("lần gửi"))
    values = models.JSONField(_("số liệu"), default=dict, blank=True)
    nothing_to_report = models.BooleanField(_("không phát sinh"), default=False)
    file = models.FileField(_("tệp Excel"), upload_to="collection/%Y/%m/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("gửi lúc"))
    is_late = models.BooleanField(_("nộp muộn"), default=False)

    class Meta:
        verbose_name = _("lần gửi báo cáo")
        verbose_name_plural = _("lần gửi báo cáo")
        ordering = ["submission", "number"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "number"], name="version_number_once"),
        ]

    def __str__(self):
        return f"{self.submission} #{self.number}"


class SubmissionReminder(models.Model):
    """The ledger of automatic reminders about an unsent submission: one row per (submission, stage), ever.

    Written in the transaction of the reminder's event (directives.Event, with its bell and mail
    rows; collection/reminders.py), so a sweep run twice, or two at once, tells each stage once.
    """

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="reminders")
    # "before-7", "due", "overdue-14": the reminder point of ReminderPolicy it answers.
    stage = models.CharField(_("mốc nhắc"), max_length=20)
    day = models.DateField(_("ngày"))
    event = models.ForeignKey(
        "directives.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("nhắc nộp báo cáo định kỳ")
        verbose_name_plural = _("nhắc nộp báo cáo định kỳ")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "stage"], name="submission_reminder_once_per_stage"
            ),
        ]

    def __str__(self):
        return f"{self.submission} – {self.stage}"
