"""Directives, the links between them and their stored files."""

import uuid

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directives.models.confidential import CLASSIFIED_ATTACHMENT_GUARD, CLASSIFIED_SUMMARY
from directives.models.reference import PartyTerm
from units.vietnamese import fold


class DirectiveQuerySet(models.QuerySet):
    def search(self, text: str):
        """Match every word of `text`, ignoring case and diacritics, anywhere in the search column."""
        qs = self
        for term in fold(text or "").split():
            qs = qs.filter(search_text__contains=term)
        return qs


@pghistory.track()
class Directive(models.Model):
    class Track(models.TextChoices):
        PARTY = "party", _("Đảng")
        STATE = "state", _("Nhà nước")

    class SymbolKind(models.TextChoices):
        PARTY = "party", _("Văn bản của Đảng")
        STATE = "state", _("Văn bản hành chính")
        NORMATIVE = "normative", _("Văn bản quy phạm pháp luật")
        LETTER = "letter", _("Công văn")

    raw_symbol = models.CharField(_("số, ký hiệu (như nhập)"), max_length=120)
    symbol = models.CharField(_("số, ký hiệu"), max_length=120, db_index=True)
    symbol_kind = models.CharField(_("dạng ký hiệu"), max_length=12, choices=SymbolKind.choices)
    number = models.CharField(_("số"), max_length=20)
    symbol_year = models.PositiveSmallIntegerField(_("năm trong ký hiệu"), null=True, blank=True)
    doc_type = models.CharField(_("loại văn bản"), max_length=12, blank=True)
    type_name = models.CharField(_("tên loại"), max_length=80, blank=True)
    issuer_code = models.CharField(_("ký hiệu cơ quan ban hành"), max_length=60)
    drafting_unit = models.CharField(_("đơn vị soạn thảo"), max_length=60, blank=True)
    track = models.CharField(_("hệ thống"), max_length=10, choices=Track.choices)
    party_term = models.ForeignKey(
        PartyTerm, verbose_name=_("nhiệm kỳ"), null=True, blank=True, on_delete=models.PROTECT
    )
    identity_key = models.CharField(
        _("khóa định danh"), max_length=200, unique=True, editable=False
    )
    parse_warnings = models.JSONField(_("cảnh báo khi đọc ký hiệu"), default=list, blank=True)

    issued_on = models.DateField(_("ngày ban hành"))
    issuer_name = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    signer = models.CharField(_("người ký"), max_length=150, blank=True)
    summary = models.TextField(_("trích yếu"))
    body = models.TextField(_("nội dung"), blank=True)
    is_classified = models.BooleanField(
        _("văn bản mật"),
        default=False,
        help_text=_("Văn bản mật chỉ ghi số, ngày, cơ quan ban hành; nội dung lưu hồ sơ giấy."),
    )
    is_stub = models.BooleanField(
        _("chưa nhập đủ"),
        default=False,
        help_text=_("Tạo tự động từ trích dẫn; cần bổ sung thông tin."),
    )
    tracking_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ theo dõi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tracked_directives",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_text = models.TextField(editable=False, default="")

    objects = DirectiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản chỉ đạo")
        verbose_name_plural = _("văn bản chỉ đạo")
        ordering = ["-issued_on", "-id"]
        indexes = [
            models.Index(fields=["issuer_code", "doc_type"]),
            # The directive list's order: its first page is read from the index, not sorted.
            models.Index(fields=["-issued_on", "-id"], name="directive_newest_first"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_classified=False) | Q(body=""),
                name="classified_directive_has_no_body",
            ),
            # Symbol, date and issuer only (DOMAIN.md §6): the summary is the placeholder.
            models.CheckConstraint(
                condition=Q(is_classified=False) | Q(summary=CLASSIFIED_SUMMARY, signer=""),
                name="classified_directive_keeps_metadata_only",
            ),
        ]

    def __str__(self):
        return self.symbol

    def get_absolute_url(self):
        return reverse("directives:directive-detail", args=[self.pk])

    @property
    def display_summary(self) -> str:
        return str(_(CLASSIFIED_SUMMARY)) if self.is_classified else self.summary


class DirectiveLink(models.Model):
    class Kind(models.TextChoices):
        IMPLEMENTS = "implements", _("thực hiện")
        BASED_ON = "based_on", _("căn cứ")
        REPLACES = "replaces", _("thay thế")

    source = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Directive, on_delete=models.PROTECT, related_name="links_in")
    kind = models.CharField(_("quan hệ"), max_length=12, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("liên kết văn bản")
        verbose_name_plural = _("liên kết văn bản")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"], name="directive_link_unique"
            ),
            models.CheckConstraint(
                condition=~Q(source=F("target")), name="directive_link_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.source} {self.get_kind_display()} {self.target}"


def attachment_path(instance, filename):
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A stored file; served only through a permission-checked view."""

    file = models.FileField(upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    directive = models.ForeignKey(
        Directive, null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    report = models.ForeignKey(
        "ProgressReport",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        constraints = [
            models.CheckConstraint(
                condition=Q(directive__isnull=False, report__isnull=True)
                | Q(directive__isnull=True, report__isnull=False),
                name="attachment_has_one_owner",
            ),
        ]
        triggers = [CLASSIFIED_ATTACHMENT_GUARD]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("directives:attachment-download", args=[self.pk])
