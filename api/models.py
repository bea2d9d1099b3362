"""API tokens (hashed at rest), idempotency keys, and webhooks with their outbox and delivery log."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directives.models import Event


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        """Tokens that authenticate now: not revoked, not expired, of an active user."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)


class ApiToken(models.Model):
    """One integration's key, bound to a user: it reads and writes exactly what that user may.

    Only the SHA-256 of the secret is kept; the secret is shown once, when it is made. `prefix`
    (the key's first characters) names it in lists and logs without revealing it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("tên tích hợp"), max_length=100)
    prefix = models.CharField(_("tiền tố"), max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class IdempotencyKey(models.Model):
    """The first answer to a POST sent with an Idempotency-Key: a retry with the key gets it again.

    Written first inside the write's transaction (directives.idempotency.first_or_write), so a
    concurrent twin waits on the unique index and then reads this row instead of writing twice.
    """

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(default=0)
    body = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "key"], name="api_idempotency_key_once")
        ]

    def __str__(self):
        return f"{self.token_id}:{self.key}"


class Webhook(models.Model):
    """An outside system told about events: a URL, a shared secret and the event kinds it wants."""

    name = models.CharField(_("tên"), max_length=100)
    url = models.URLField(_("địa chỉ nhận (URL)"), max_length=500)
    secret = models.CharField(
        _("khóa bí mật"),
        max_length=200,
        help_text=_("Dùng để ký HMAC-SHA256; bên nhận giữ cùng khóa để kiểm tra chữ ký."),
    )
    kinds = ArrayField(
        models.CharField(max_length=30, choices=Event.Kind.choices),
        verbose_name=_("loại sự kiện"),
        help_text=_("Các loại sự kiện được gửi tới địa chỉ này."),
    )
    is_active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhook")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class WebhookDelivery(models.Model):
    """One event for one webhook: the outbox row (claimed, leased, retried by directives.outbox)."""

    CHANNEL = "webhook"

    class State(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENDING = "sending", _("Đang gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="webhook_deliveries")
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True)
    claim_token = models.UUIDField(null=True, blank=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    response_code = models.PositiveSmallIntegerField(_("mã phản hồi"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần gửi webhook")
        verbose_name_plural = _("lần gửi webhook")
        constraints = [
            models.UniqueConstraint(fields=["event", "webhook"], name="webhook_delivery_once"),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(state__in=["pending", "sending"]),
                name="webhook_delivery_due",
            ),
        ]

    def __str__(self):
        return self.key

    @property
    def key(self) -> str:
        return f"event:{self.event_id}:webhook{self.webhook_id}:{self.CHANNEL}"


class WebhookAttempt(models.Model):
    """The delivery log: one row per try, with the receiver's response code or the error."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="log")
    at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    response_code = models.PositiveSmallIntegerField(_("mã phản hồi"), null=True, blank=True)
    error = models.TextField(_("lỗi"), blank=True)

    class Meta:
        verbose_name = _("nhật ký gửi webhook")
        verbose_name_plural = _("nhật ký gửi webhook")
        ordering = ["-at", "-id"]

    def __str__(self):
        return (
            f"{self.delivery_id} @ {self.at:%Y-%m-%d %H:%M:%S} → {self.response_code or self.error}"
        )
