"""The editable reference data: issuer codes, Party terms and the working-day calendar."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IssuerCode(models.Model):
    """An abbreviation used in document symbols (TU, UBND, TTg…), editable by admins."""

    class Track(models.TextChoices):
        PARTY = "party", _("Đảng")
        STATE = "state", _("Nhà nước")
        BOTH = "both", _("Cả hai")

    code = models.CharField(_("ký hiệu"), max_length=40, unique=True)
    name = models.CharField(_("cơ quan ban hành"), max_length=255)
    track = models.CharField(
        _("hệ thống"), max_length=10, choices=Track.choices, default=Track.BOTH
    )

    class Meta:
        verbose_name = _("ký hiệu cơ quan ban hành")
        verbose_name_plural = _("ký hiệu cơ quan ban hành")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} – {self.name}"


class PartyTerm(models.Model):
    """A Party committee term (khóa); Party document numbers restart each term."""

    issuer_code = models.CharField(_("ký hiệu cơ quan"), max_length=40)
    name = models.CharField(_("nhiệm kỳ"), max_length=80, help_text=_("Ví dụ: khóa XVII"))
    starts_on = models.DateField(_("bắt đầu"))
    ends_on = models.DateField(_("kết thúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("nhiệm kỳ cấp ủy")
        verbose_name_plural = _("nhiệm kỳ cấp ủy")
        ordering = ["issuer_code", "-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["issuer_code", "name"], name="party_term_unique_name"),
        ]

    def __str__(self):
        return f"{self.issuer_code} {self.name}"


class Holiday(models.Model):
    """A day off (or a working weekend) in the editable working-day calendar."""

    class Source(models.TextChoices):
        LIBRARY = "library", _("Lịch nhà nước (thư viện holidays)")
        MANUAL = "manual", _("Nhập tay")

    day = models.DateField(_("ngày"), unique=True)
    name = models.CharField(_("tên"), max_length=120)
    is_working_day = models.BooleanField(
        _("ngày làm bù"),
        default=False,
        help_text=_("Đánh dấu nếu đây là ngày cuối tuần phải đi làm bù."),
    )
    source = models.CharField(
        _("nguồn"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )

    class Meta:
        verbose_name = _("ngày nghỉ / làm bù")
        verbose_name_plural = _("lịch ngày nghỉ")
        ordering = ["day"]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} {self.name}"
