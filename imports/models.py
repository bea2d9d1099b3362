"""Import batches: one uploaded tracker, its checked rows, what applying it wrote (to undo it)."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def batch_path(instance, filename):
    return f"imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.xlsx"


class ColumnMapping(models.Model):
    """How the headings of one tracker layout map to PCTS columns: saved once, used for every file of it.

    The layout is keyed by `signature` (imports.reader.layout_signature: the ordered headings,
    case and spacing folded, diacritics kept); `fields` holds one PCTS field, or "" (bỏ qua),
    per heading.
    """

    signature = models.CharField(_("dấu hiệu bố cục"), max_length=64, unique=True)
    name = models.CharField(_("tên cách ghép cột"), max_length=200)
    headings = models.JSONField(_("tiêu đề cột"), default=list)
    fields = models.JSONField(_("cột PCTS tương ứng"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("cách ghép cột đã lưu")
        verbose_name_plural = _("cách ghép cột đã lưu")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class ImportBatch(models.Model):
    class State(models.TextChoices):
        MAPPING = "mapping", _("Chờ ghép cột")
        CHECKING = "checking", _("Đang kiểm tra")
        CHECKED = "checked", _("Đã kiểm tra, chưa nhập")
        APPLYING = "applying", _("Đang nhập")
        APPLIED = "applied", _("Đã nhập")
        UNDOING = "undoing", _("Đang hoàn tác")
        UNDONE = "undone", _("Đã hoàn tác")
        FAILED = "failed", _("Lỗi")

    original_name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to=batch_path, max_length=255, blank=True)
    sheet = models.CharField(_("trang tính"), max_length=100, blank=True)
    headings = models.JSONField(_("tiêu đề cột"), default=list, blank=True)
    notes = models.JSONField(_("ghi chú khi đọc tệp"), default=list, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=State.choices, default=State.CHECKING
    )
    total_rows = models.PositiveIntegerField(_("số dòng"), default=0)
    done_rows = models.PositiveIntegerField(_("số dòng đã xử lý"), default=0)
    counts = models.JSONField(_("thống kê"), default=dict, blank=True)
    message = models.TextField(_("thông báo lỗi"), blank=True)
    skip_errors = models.BooleanField(_("bỏ qua dòng lỗi"), default=False)
    mapping = models.ForeignKey(
        ColumnMapping,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="batches",
        verbose_name=_("cách ghép cột đã dùng"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(_("thời điểm nhập"), null=True, blank=True)
    undone_at = models.DateTimeField(_("thời điểm hoàn tác"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần nhập bảng theo dõi")
        verbose_name_plural = _("lần nhập bảng theo dõi")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"#{self.pk} {self.original_name}"

    def get_absolute_url(self):
        return reverse("imports:batch-detail", args=[self.pk])

    @property
    def percent(self) -> int:
        return 100 if not self.total_rows else min(100, self.done_rows * 100 // self.total_rows)

    @property
    def busy(self) -> bool:
        return self.state in (self.State.CHECKING, self.State.APPLYING, self.State.UNDOING)


class ImportRow(models.Model):
    """One data row of the file: its cells as read, what applying it does, and its problems."""

    class Action(models.TextChoices):
        CREATE = "create", _("Tạo mới")
        UPDATE = "update", _("Cập nhật")
        UNCHANGED = "unchanged", _("Không thay đổi")
        ERROR = "error", _("Có lỗi")

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField(_("dòng"))
    cells = models.JSONField(default=list)
    values = models.JSONField(default=dict)
    action = models.CharField(_("thao tác"), max_length=10, choices=Action.choices)
    problems = models.JSONField(_("lỗi"), default=list, blank=True)
    notes = models.JSONField(_("ghi chú"), default=list, blank=True)
    changes = models.JSONField(_("thay đổi"), default=list, blank=True)

    class Meta:
        ordering = ["batch", "number"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "number"], name="import_row_unique"),
        ]

    def __str__(self):
        return f"{self.batch_id}:{self.number}"

    @property
    def deadline_shown(self) -> str:
        """Return the deadline cell as the officer typed it: a date as dd/mm/yyyy, else the text."""
        value = self.values.get("deadline", "")
        if value and self.values.get("deadline_is_date"):
            year, month, day = value.split("-")
            return f"{day}/{month}/{year}"
        return value


class ImportChange(models.Model):
    """One write applying a batch made, with what it replaced, so the batch can be undone."""

    class Kind(models.TextChoices):
        DIRECTIVE_CREATED = "directive_created"
        TASK_CREATED = "task_created"
        ASSIGNMENT_CREATED = "assignment_created"
        DEADLINE_CHANGED = "deadline_changed"
        LEAD_CHANGED = "lead_changed"
        TITLE_CHANGED = "title_changed"
        KEY_CREATED = "key_created"

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # Plain ids, not foreign keys: undoing deletes what the batch created.
    object_id = models.BigIntegerField()
    before = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["batch", "id"]

    def __str__(self):
        return f"{self.kind} {self.object_id}"


class ImportKey(models.Model):
    """A task's stable key in the trackers it came from: an external id, or a task number."""

    key = models.CharField(max_length=300, unique=True)
    task = models.ForeignKey("directives.Task", on_delete=models.CASCADE, related_name="+")
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="keys")

    def __str__(self):
        return self.key


def intake_path(instance, filename):
    return f"intake/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class IntakeDraft(models.Model):
    """A directive's file or text between reading it and registering it; deleted once registered.

    A classified document keeps nothing but the symbol, date, type and issuer read from it: no
    text and no file (DOMAIN.md §6). A long scan waits in READING, its file kept only until the
    OCR job has read it (and found whether it is classified).
    """

    class State(models.TextChoices):
        READING = "reading", _("Đang đọc bản scan")
        READY = "ready", _("Đã đọc")
        FAILED = "failed", _("Không đọc được")

    state = models.CharField(
        _("trạng thái"), max_length=10, choices=State.choices, default=State.READY
    )
    message = models.TextField(_("thông báo lỗi"), blank=True)
    original_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    file = models.FileField(upload_to=intake_path, max_length=255, blank=True)
    text = models.TextField(_("nội dung đọc được"), blank=True)
    method = models.CharField(_("cách đọc"), max_length=10)
    notes = models.JSONField(_("ghi chú"), default=list, blank=True)
    is_classified = models.BooleanField(_("văn bản mật"), default=False)
    header = models.JSONField(_("số, ngày, cơ quan ban hành"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("văn bản đang tiếp nhận")
        verbose_name_plural = _("văn bản đang tiếp nhận")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_classified=False) | models.Q(text="", file=""),
                name="intake_classified_keeps_no_text_or_file",
            ),
        ]

    def __str__(self):
        return self.original_name or str(_("Nội dung dán vào"))

    def get_absolute_url(self):
        return reverse("imports:intake-review", args=[self.pk])
