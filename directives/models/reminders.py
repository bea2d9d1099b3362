"""Reminder policy, runs, the outbox of reminder mails and the in-app notifications."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.cache import cache
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directives.models.assignments import Assignment


def default_days_before() -> list[int]:
    return [7, 3, 1]


def _forget_cached() -> None:
    try:
        cache.delete(ReminderPolicy.CACHE_KEY)
    except Exception:  # the cache (Redis) is down: nothing is kept there either
        pass


class ReminderPolicy(models.Model):
    """The admin-edited reminder points and escalation thresholds (one row; defaults when absent)."""

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    days_before = ArrayField(
        models.PositiveSmallIntegerField(),
        verbose_name=_("nhắc trước hạn (ngày)"),
        default=default_days_before,
        help_text=_("Các mốc nhắc trước hạn, cách nhau bằng dấu phẩy, ví dụ: 7,3,1."),
    )
    overdue_every_days = models.PositiveSmallIntegerField(
        _("nhắc lại khi quá hạn, mỗi (ngày)"), default=7
    )
    escalate_to_parent_after_days = models.PositiveSmallIntegerField(
        _("quá hạn bao nhiêu ngày thì báo lãnh đạo đơn vị cấp trên"), default=14
    )
    escalate_to_inspectorate_after_days = models.PositiveSmallIntegerField(
        _("quá hạn bao nhiêu ngày thì báo Thanh tra (cán bộ theo dõi và Chánh Thanh tra)"),
        default=30,
    )
    briefing_after_urges = models.PositiveSmallIntegerField(
        _("quá hạn sau bao nhiêu lần đôn đốc thì đưa vào danh sách giao ban"),
        default=3,
        help_text=_(
            "Nhiệm vụ còn quá hạn sau nhiều hơn số lần đôn đốc trực tiếp này được đánh dấu "
            "“quá hạn sau N lần đôn đốc” để báo cáo lãnh đạo tại giao ban."
        ),
    )

    class Meta:
        verbose_name = _("cấu hình đôn đốc")
        verbose_name_plural = _("cấu hình đôn đốc")
        constraints = [
            models.CheckConstraint(condition=Q(singleton=True), name="reminder_policy_singleton"),
            models.CheckConstraint(
                condition=Q(overdue_every_days__gte=1), name="reminder_policy_every_positive"
            ),
            models.CheckConstraint(
                condition=Q(escalate_to_parent_after_days__gte=1)
                & Q(escalate_to_inspectorate_after_days__gte=F("escalate_to_parent_after_days")),
                name="reminder_policy_escalation_order",
            ),
        ]

    def __str__(self):
        return str(_("Cấu hình đôn đốc"))

    # reminders.counts keeps briefing_after_urges in the cache under this key; saving forgets it.
    CACHE_KEY = "reminder-policy:briefing-after-urges"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        _forget_cached()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        _forget_cached()
        return result

    @classmethod
    def current(cls) -> "ReminderPolicy":
        """Return the saved policy, or the defaults when the admin has saved none."""
        return cls.objects.first() or cls()

    @property
    def largest_offset(self) -> int:
        return max(self.days_before or [0])


class ReminderRun(models.Model):
    """The day a sweep planned its digests; once completed, its unique day makes every later sweep add nothing."""

    day = models.DateField(_("ngày"), unique=True)
    window_start = models.DateField(_("tính mốc nhắc từ ngày"))
    planned_at = models.DateTimeField(_("lập lúc"), default=timezone.now)
    # Set once every digest of the day is written; until then the next sweep resumes the plan.
    completed_at = models.DateTimeField(_("lập xong lúc"), null=True, blank=True)
    digests = models.PositiveIntegerField(_("số thư"), default=0)
    items = models.PositiveIntegerField(_("số nhiệm vụ"), default=0)
    skipped = models.PositiveIntegerField(_("bỏ qua"), default=0)

    class Meta:
        verbose_name = _("lượt đôn đốc")
        verbose_name_plural = _("lượt đôn đốc")
        ordering = ["-day"]
        constraints = [
            models.CheckConstraint(
                condition=Q(window_start__lte=F("day")), name="reminder_run_window"
            ),
        ]

    def __str__(self):
        return f"{self.day:%d/%m/%Y}"


def _array_element(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return str(value)  # int, or date (ISO, which PostgreSQL reads whatever its DateStyle)


class PlainArrayField(ArrayField):
    """An array of plain values (integers, strings, dates) written as one PostgreSQL array literal.

    ArrayField prepares each element through its base field and the adapter then dumps each in
    Python: a province's reminder day writes about 200,000 elements. The literal is built with
    one join per array; lookups and reads are ArrayField's.
    """

    def db_type(self, connection):
        # Asked for every row written (the placeholder casts to it): built once per database vendor.
        types = self.__dict__.setdefault("_db_types", {})
        if connection.vendor not in types:
            types[connection.vendor] = super().db_type(connection)
        return types[connection.vendor]

    def get_db_prep_save(self, value, connection):
        if isinstance(value, list | tuple):
            if isinstance(self.base_field, models.IntegerField) and not self.base_field.null:
                return "{" + ",".join(map(str, map(int, value))) + "}"
            return "{" + ",".join(map(_array_element, value)) + "}"
        return super().get_db_prep_save(value, connection)


class ReminderReason(models.TextChoices):
    """Why an assignment is listed in a reminder mail."""

    BEFORE = "before", _("Sắp đến hạn")
    DUE = "due", _("Đến hạn hôm nay")
    OVERDUE = "overdue", _("Quá hạn")
    ESCALATED = "escalated", _("Quá hạn, báo cáo cấp trên")
    LISTED = "listed", _("Cần theo dõi")
    MANUAL = "manual", _("Thanh tra đôn đốc")


@dataclass(frozen=True, slots=True, kw_only=True)
class ReminderLine:
    """One item line of a reminder: what planning decides, the ledger keeps and the mail shows.

    The names (symbol, task title, unit) are read only for the lines a mail or page shows.
    """

    assignment_id: int
    reason: str
    deadline: datetime.date | None  # the effective deadline when reminded
    days_late: int  # negative: days left (see days_late)
    escalation_level: int = 0  # 0: none; 1: the parent unit's head; 2: the inspectorate
    position: int = 0
    unit_id: int | None = None
    symbol: str = ""
    task_title: str = ""
    unit_name: str = ""

    @property
    def triggered(self) -> bool:
        """Say whether the line is at a reminder point (not only listed alongside)."""
        return self.reason != ReminderReason.LISTED

    @property
    def overdue(self) -> bool:
        return self.days_late > 0 and self.deadline is not None


class ReminderDelivery(models.Model):
    """One message in the outbox: a recipient's digest of a day or one manual đôn đốc mail.

    The item lines it lists are kept on the row itself, as parallel arrays in the mail's order
    (`entries()` reads them back): a province's day writes one row per mail, not one per item line,
    and the ledger stays the size of the mail log. A GIN index finds the mails about an assignment.
    """

    Reason = ReminderReason

    class Kind(models.TextChoices):
        DIGEST = "digest", _("Thư tổng hợp hằng ngày")
        MANUAL = "manual", _("Đôn đốc trực tiếp")

    class State(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENDING = "sending", _("Đang gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")
        SKIPPED = "skipped", _("Không gửi được (thiếu địa chỉ thư)")

    key = models.CharField(_("khóa"), max_length=120, unique=True, editable=False)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    day = models.DateField(_("ngày"), db_index=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.PROTECT,
        related_name="reminder_deliveries",
    )
    to_email = models.EmailField(_("gửi tới"), blank=True)
    cc = ArrayField(models.EmailField(), verbose_name=_("đồng gửi"), default=list, blank=True)
    request_id = models.UUIDField(_("mã yêu cầu"), null=True, blank=True, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đôn đốc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("lời nhắn"), blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    next_attempt_at = models.DateTimeField(_("thử lại lúc"), default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    # The recipient confirmed receipt ("đã nhận"), from the mail's link or the bell.
    acknowledged_at = models.DateTimeField(_("xác nhận đã nhận lúc"), null=True, blank=True)
    # The item lines, position by position.
    item_assignments = PlainArrayField(
        models.IntegerField(), verbose_name=_("nhiệm vụ"), default=list, editable=False
    )
    item_reasons = PlainArrayField(
        models.CharField(max_length=10, choices=ReminderReason.choices),
        verbose_name=_("lý do"),
        default=list,
        editable=False,
    )
    item_levels = PlainArrayField(
        models.SmallIntegerField(), verbose_name=_("mức báo cấp trên"), default=list, editable=False
    )
    item_deadlines = PlainArrayField(
        models.DateField(null=True), verbose_name=_("hạn khi nhắc"), default=list, editable=False
    )
    item_days_late = PlainArrayField(
        models.IntegerField(), verbose_name=_("số ngày quá hạn"), default=list, editable=False
    )

    class Meta:
        verbose_name = _("thư đôn đốc")
        verbose_name_plural = _("nhật ký gửi thư đôn đốc")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "day"],
                condition=Q(kind="digest"),
                name="reminder_one_digest_per_recipient_day",
            ),
            models.UniqueConstraint(
                fields=["request_id", "recipient"],
                condition=Q(kind="manual"),
                name="reminder_manual_once_per_request",
            ),
            models.CheckConstraint(
                condition=Q(kind="digest") | Q(request_id__isnull=False),
                name="reminder_manual_has_request",
            ),
            models.CheckConstraint(
                condition=~Q(state="sending") | Q(lease_until__isnull=False),
                name="reminder_sending_has_lease",
            ),
            models.CheckConstraint(
                condition=Q(item_reasons__len=F("item_assignments__len"))
                & Q(item_levels__len=F("item_assignments__len"))
                & Q(item_deadlines__len=F("item_assignments__len"))
                & Q(item_days_late__len=F("item_assignments__len")),
                name="reminder_delivery_items_aligned",
            ),
        ]
        indexes = [
            GinIndex(fields=["item_assignments"], name="reminder_delivery_items"),
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(state="pending"),
                name="reminder_delivery_pending",
            ),
            models.Index(
                fields=["lease_until"],
                condition=Q(state="sending"),
                name="reminder_delivery_leased",
            ),
        ]

    def __str__(self):
        return self.key

    @property
    def message_id(self) -> str:
        """Return the Message-ID every attempt of this message carries, so a duplicate is recognisable."""
        domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >") or "pcts.local"
        return f"<{self.key.replace(':', '.')}@{domain}>"

    def set_entries(self, entries) -> None:
        """Keep `entries` (objects with assignment_id, reason, escalation_level, deadline, days_late) as the mail's lines."""
        self.item_assignments = [e.assignment_id for e in entries]
        self.item_reasons = [str(e.reason) for e in entries]
        self.item_levels = [e.escalation_level for e in entries]
        self.item_deadlines = [e.deadline for e in entries]
        self.item_days_late = [e.days_late for e in entries]

    def entries(self) -> list[ReminderLine]:
        """Return the mail's item lines in its order."""
        return entries_of(
            self.item_assignments,
            self.item_reasons,
            self.item_levels,
            self.item_deadlines,
            self.item_days_late,
        )


def entries_of(assignments, reasons, levels, deadlines, days_late) -> list[ReminderLine]:
    """Return the lines of a ledger row's item arrays (as read with values_list), in order."""
    return [
        ReminderLine(
            position=position,
            assignment_id=assignment_id,
            reason=reason,
            escalation_level=level,
            deadline=deadline,
            days_late=late,
        )
        for position, (assignment_id, reason, level, deadline, late) in enumerate(
            zip(assignments, reasons, levels, deadlines, days_late, strict=True)
        )
    ]


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """The in-app copy of a reminder mail for one person (the bell): one per person and mail.

    The mail's recipient is told about every item of it at a reminder point (`units` empty); a
    deputy or focal point it copies is told about the items of the units they follow (`units`),
    escalations excepted. The items themselves are read through the mail's ledger rows, so a
    province's day writes one row per person instead of one per item and person.
    """

    # No index of its own: the unique (user, delivery) constraint serves lookups by user.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
    )
    delivery = models.ForeignKey(
        ReminderDelivery,
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
    )
    # The bell's mirror of an event (directives.events); then `delivery` is empty.
    event = models.ForeignKey(
        "directives.Event",
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
    )
    units = PlainArrayField(
        models.IntegerField(),
        default=list,
        blank=True,
        help_text=_("Người được đồng gửi: các đơn vị họ theo dõi; để trống: mọi nhiệm vụ của thư."),
    )
    items = models.PositiveIntegerField(_("số nhiệm vụ đến mốc nhắc"), default=0)
    overdue = models.PositiveIntegerField(_("số nhiệm vụ quá hạn"), default=0)
    escalated = models.PositiveIntegerField(_("số nhiệm vụ báo cáo cấp trên"), default=0)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "delivery"], name="notification_once_per_mail"),
            models.UniqueConstraint(fields=["user", "event"], name="notification_once_per_event"),
        ]
        indexes = [
            models.Index(
                fields=["user", "created_at"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.delivery_id}"

    def get_absolute_url(self):
        if self.event_id:
            return self.event.get_absolute_url() or reverse("directives:notification-list")
        return reverse("directives:notification-detail", args=[self.pk])

    def reminder_entries(self) -> list[ReminderLine]:
        """Return the item lines of the mail this notification tells its user about, in the mail's order.

        The recipient's: every line at a reminder point; a copied person's: those of the units they
        follow, escalations excepted (one query for the units).
        """
        entries = [e for e in self.delivery.entries() if e.triggered]
        if self.units:
            entries = [e for e in entries if not e.escalation_level]
            theirs = set(
                Assignment.objects.filter(
                    pk__in=[e.assignment_id for e in entries], unit_id__in=self.units
                ).values_list("pk", flat=True)
            )
            entries = [e for e in entries if e.assignment_id in theirs]
        return entries
