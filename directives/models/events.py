"""The product's events (what happened to an assignment or directive) and their outbox.

One Event per happening; one EventDelivery per (event, recipient, channel), unique, sent by
directives.events.sending with the claim, lease and retry of directives.outbox. The bell's
Notification rows point at the event too.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    class Kind(models.TextChoices):
        ASSIGNED = "assigned", _("Được giao nhiệm vụ")
        REPORT_RETURNED = "report_returned", _("Báo cáo bị trả lại")
        REPORT_ACCEPTED = "report_accepted", _("Báo cáo được chấp nhận")
        EXTENSION_APPROVED = "extension_approved", _("Đồng ý gia hạn")
        EXTENSION_REJECTED = "extension_rejected", _("Không đồng ý gia hạn")
        TASK_CHANGED = "task_changed", _("Nhiệm vụ được điều chỉnh")
        # For the inspectorate: a decision waits for them.
        REPORT_SUBMITTED = "report_submitted", _("Đơn vị gửi báo cáo")
        EXTENSION_REQUESTED = "extension_requested", _("Đơn vị đề nghị gia hạn")
        # For integrations (webhooks) only: no bell, no mail (the reminder digests tell units).
        ITEM_OVERDUE = "item_overdue", _("Nhiệm vụ quá hạn")
        # Periodic report collection (the collection app): no assignment; `data` carries the
        # unit, the form, the period and the page (`link`), see Event.get_absolute_url.
        SUBMISSION_SUBMITTED = "submission_submitted", _("Đơn vị gửi báo cáo định kỳ")
        SUBMISSION_RETURNED = "submission_returned", _("Báo cáo định kỳ bị trả lại")
        SUBMISSION_ACCEPTED = "submission_accepted", _("Báo cáo định kỳ được tiếp nhận")
        SUBMISSION_REMINDER = "submission_reminder", _("Nhắc nộp báo cáo định kỳ")

    kind = models.CharField(_("loại sự kiện"), max_length=30, choices=Kind.choices)
    assignment = models.ForeignKey(
        "directives.Assignment",
        verbose_name=_("giao nhiệm vụ"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="event_log",
    )
    directive = models.ForeignKey(
        "directives.Directive",
        verbose_name=_("văn bản chỉ đạo"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="event_log",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True)

    class Meta:
        verbose_name = _("sự kiện")
        verbose_name_plural = _("sự kiện")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    def get_absolute_url(self):
        """Return the page the event is about: its assignment's, else the one `data["link"]` names.

        Another app's event (a periodic report's submission) names its page as
        {"name": url name, "args": [...]}, so directives need not import that app; a name that
        no longer resolves gives "".
        """
        if self.assignment_id:
            return self.assignment.get_absolute_url()
        link = self.data.get("link") or {}
        if not link.get("name"):
            return ""
        try:
            return reverse(link["name"], args=link.get("args") or [])
        except NoReverseMatch:
            return ""

    @property
    def unit_name(self) -> str:
        """Return the unit the event is about: its assignment's, else the one `data` names."""
        if self.assignment_id:
            return self.assignment.unit.name
        return self.data.get("unit", "")


class EventDelivery(models.Model):
    """One event told to one person over one channel: the outbox row (claimed, leased, retried)."""

    class Channel(models.TextChoices):
        MAIL = "mail", _("Thư điện tử")

    class State(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENDING = "sending", _("Đang gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")
        SKIPPED = "skipped", _("Không gửi được (thiếu địa chỉ thư)")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="event_deliveries",
    )
    channel = models.CharField(_("kênh"), max_length=20, choices=Channel.choices)
    copy = models.BooleanField(_("đồng gửi"), default=False)
    # Held for the recipient's next morning digest (EventKindSetting), not mailed on its own.
    digest = models.BooleanField(_("gộp vào thư tổng hợp"), default=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True)
    claim_token = models.UUIDField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("gửi sự kiện")
        verbose_name_plural = _("gửi sự kiện")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "recipient", "channel"], name="event_delivery_once"
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(state__in=["pending", "sending"]),
                name="event_delivery_due",
            ),
        ]

    def __str__(self):
        return self.key

    @property
    def key(self) -> str:
        return f"event:{self.event_id}:{self.recipient_id}:{self.channel}"


class EventKindSetting(models.Model):
    """The admin's choice per event kind: mail each event at once, or gather them into a morning digest.

    The bell shows every event at once either way. A kind with no row is mailed at once.
    """

    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", _("Gửi thư ngay")
        DIGEST = "digest", _("Gộp vào thư tổng hợp sáng hôm sau")

    kind = models.CharField(
        _("loại sự kiện"), max_length=30, choices=Event.Kind.choices, unique=True
    )
    delivery = models.CharField(
        _("cách gửi thư"), max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )

    class Meta:
        verbose_name = _("cách gửi thông báo theo loại sự kiện")
        verbose_name_plural = _("cách gửi thông báo theo loại sự kiện")
        ordering = ["kind"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.get_delivery_display()}"

    @classmethod
    def gathers(cls, kind: str) -> bool:
        """Whether mails of `kind` wait for the next morning's digest."""
        return cls.objects.filter(kind=kind, delivery=cls.Delivery.DIGEST).exists()
