"""Progress reports, their reviews and extension requests."""

import uuid

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directives.models.assignments import Assignment
from directives.models.confidential import CLASSIFIED_REPORT_GUARD
from directives.models.review_queue import REVIEW_QUEUE_REPORT_TRIGGER, REVIEW_QUEUE_REVIEW_TRIGGER
from directives.models.workflow import EXTENSION_TRIGGERS, REVIEW_TRIGGERS


@pghistory.track(pghistory.InsertEvent())
@pgtrigger.register(
    # Submitted content never changes: corrections are new reports.
    pgtrigger.Protect(
        name="progress_report_immutable", operation=pgtrigger.Update | pgtrigger.Delete
    ),
    CLASSIFIED_REPORT_GUARD,
    REVIEW_QUEUE_REPORT_TRIGGER,
)
class ProgressReport(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="reports")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    submitted_on = models.DateField(_("ngày báo cáo"))
    body = models.TextField(_("nội dung báo cáo"))
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"), null=True, blank=True)
    milestone = models.CharField(_("mốc công việc"), max_length=255, blank=True)
    claims_completion = models.BooleanField(_("báo cáo hoàn thành"), default=False)
    submission_token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__lte=100),
                name="report_percent_le_100",
            ),
        ]

    def __str__(self):
        return f"{self.assignment} @ {self.submitted_on:%d/%m/%Y}"


@pghistory.track(pghistory.InsertEvent())
class ReportReview(models.Model):
    class Decision(models.TextChoices):
        ACCEPT = "accept", _("Chấp nhận")
        RETURN = "return", _("Trả lại")
        # Written for every unreviewed report when its assignment is completed or cancelled.
        CLOSED = "closed", _("Đóng, không xem xét (nhiệm vụ đã kết thúc)")

    report = models.OneToOneField(ProgressReport, on_delete=models.PROTECT, related_name="review")
    decision = models.CharField(_("kết quả"), max_length=10, choices=Decision.choices)
    reason = models.TextField(_("lý do / ý kiến"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("xem xét báo cáo")
        verbose_name_plural = _("xem xét báo cáo")
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="return") | ~Q(reason=""), name="review_return_needs_reason"
            ),
        ]
        triggers = [*REVIEW_TRIGGERS, REVIEW_QUEUE_REVIEW_TRIGGER]

    def __str__(self):
        return f"{self.get_decision_display()}: {self.report}"


@pghistory.track()
class ExtensionRequest(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Chờ quyết định")
        APPROVED = "approved", _("Đồng ý gia hạn")
        REJECTED = "rejected", _("Không đồng ý")
        # Set on a pending request when its assignment is completed or cancelled.
        CLOSED = "closed", _("Đã đóng (nhiệm vụ đã kết thúc)")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.PROTECT, related_name="extension_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    current_deadline = models.DateField(_("hạn hiện tại"), null=True, blank=True)
    requested_deadline = models.DateField(_("đề nghị gia hạn đến"))
    reason = models.TextField(_("lý do"))
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=State.choices, default=State.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_deadline = models.DateField(_("hạn được chấp thuận"), null=True, blank=True)
    decision_note = models.TextField(_("ý kiến"), blank=True)

    class Meta:
        verbose_name = _("đề nghị gia hạn")
        verbose_name_plural = _("đề nghị gia hạn")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"],
                condition=Q(state="pending"),
                name="one_pending_extension_per_assignment",
            ),
        ]
        triggers = EXTENSION_TRIGGERS

    def __str__(self):
        return f"{self.assignment}: {self.requested_deadline:%d/%m/%Y}"
