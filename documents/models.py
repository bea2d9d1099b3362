"""The admins' templates per kind of document and the documents officers generated."""

import uuid

import pgtrigger
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    URGE_LETTER = "urge_letter", _("Công văn đôn đốc")
    PERIODIC_REPORT = "periodic_report", _("Báo cáo định kỳ tình hình thực hiện văn bản")
    BRIEFING_LIST = "briefing_list", _("Danh sách báo cáo giao ban")


def template_path(instance, filename):
    return f"document-templates/{uuid.uuid4().hex}.docx"


def generated_path(instance, filename):
    return f"documents/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class DocumentTemplate(models.Model):
    """An admin's DOCX template for one kind; the newest active one replaces the shipped default."""

    kind = models.CharField(_("loại văn bản"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(_("tệp mẫu (DOCX)"), upload_to=template_path, max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255, editable=False)
    is_active = models.BooleanField(
        _("đang dùng"),
        default=True,
        help_text=_("Bỏ chọn để quay về mẫu mặc định của PCTS."),
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("mẫu văn bản")
        verbose_name_plural = _("mẫu văn bản")
        ordering = ["kind", "-uploaded_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"


# DOMAIN.md §6: no classified text on a networked machine, whoever writes (the service never tries).
CLASSIFIED_DOCUMENT_GUARD = pgtrigger.Trigger(
    name="classified_directive_keeps_no_document",
    when=pgtrigger.Before,
    operation=pgtrigger.Insert | pgtrigger.Update,
    func=(
        "IF EXISTS (SELECT 1 FROM directives_directive WHERE is_classified AND id = NEW.directive_id)"
        " THEN RAISE EXCEPTION 'classified directive: no generated document is stored'"
        " USING ERRCODE = 'check_violation'; END IF; RETURN NEW;"
    ),
)


class GeneratedDocument(models.Model):
    """A DOCX or PDF an officer generated, kept on the directive's record (never for a classified one)."""

    class Format(models.TextChoices):
        DOCX = "docx", "DOCX"
        PDF = "pdf", "PDF"

    kind = models.CharField(_("loại văn bản"), max_length=20, choices=DocumentKind.choices)
    format = models.CharField(_("định dạng"), max_length=4, choices=Format.choices)
    directive = models.ForeignKey(
        "directives.Directive",
        verbose_name=_("văn bản chỉ đạo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="generated_documents",
    )
    title = models.CharField(_("tiêu đề"), max_length=500)
    file = models.FileField(upload_to=generated_path, max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng"))
    sha256 = models.CharField(max_length=64)
    template = models.ForeignKey(
        DocumentTemplate,
        verbose_name=_("mẫu đã dùng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    parameters = models.JSONField(_("tham số"), default=dict, blank=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    generated_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("văn bản đã tạo")
        verbose_name_plural = _("văn bản đã tạo")
        ordering = ["-generated_at", "-id"]
        triggers = [CLASSIFIED_DOCUMENT_GUARD]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("documents:download", args=[self.pk])

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]


CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "zip": "application/zip",
}
