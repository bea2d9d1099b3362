"""The organisation: units, users and dated memberships. Knows nothing of directives."""

import datetime

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Func, Q, Value
from django.utils.translation import gettext_lazy as _

from units import roles
from units.vietnamese import collation_key, fold, format_date


class DateRange(Func):
    """Build a closed PostgreSQL daterange from two date columns (NULL end = open)."""

    function = "daterange"
    output_field = DateRangeField()


class UnitQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def active(self):
        return self.active_on(datetime.date.today())

    def search(self, text: str):
        """Match every word of `text` (name, short name or code), ignoring case and diacritics."""
        qs = self
        for term in fold(text or "").split():
            qs = qs.filter(name_search__contains=term)
        return qs

    def descendant_ids(self, root_ids) -> list[int]:
        """Return the ids of the given units and everything below them, in one recursive query."""
        root_ids = list(root_ids)
        if not root_ids:
            return []
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                """
                WITH RECURSIVE tree(id) AS (
                    SELECT id FROM units_unit WHERE id = ANY(%s)
                    UNION
                    SELECT u.id FROM units_unit u JOIN tree t ON u.parent_id = t.id
                )
                SELECT id FROM tree
                """,
                [root_ids],
            )
            return [row[0] for row in cursor.fetchall()]


class Unit(models.Model):
    class Kind(models.TextChoices):
        CITY = "city", _("UBND tỉnh/thành phố")
        INSPECTORATE = "inspectorate", _("Thanh tra")
        DEPARTMENT = "department", _("Sở, ban, ngành")
        WARD = "ward", _("Phường")
        COMMUNE = "commune", _("Xã")
        SPECIAL_ZONE = "special_zone", _("Đặc khu")
        DISTRICT = "district", _("Quận, huyện (trước 01/7/2025)")
        ENTERPRISE = "enterprise", _("Doanh nghiệp nhà nước")
        PUBLIC_SERVICE = "public_service", _("Đơn vị sự nghiệp công lập")
        PARTY = "party", _("Cơ quan Đảng")
        OTHER = "other", _("Khác")

    code = models.CharField(_("mã đơn vị"), max_length=40, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=80, blank=True)
    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=Kind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị kế thừa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    name_search = models.CharField(max_length=255, editable=False, db_index=True, default="")
    name_sort = models.CharField(
        max_length=500, editable=False, db_index=True, default="", db_collation="C"
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["name_sort"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="unit_valid_range",
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="unit_not_own_parent"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Derived columns for accent-insensitive search and Vietnamese ordering.
        self.name_search = fold(f"{self.name} {self.short_name} {self.code}")
        self.name_sort = collation_key(self.name)[:500]
        super().save(*args, **kwargs)

    def is_active_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    @property
    def is_dissolved(self) -> bool:
        return self.valid_to is not None and self.valid_to < datetime.date.today()


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self):
        return self.full_name or self.get_full_name() or self.username

    def get_full_name(self):
        return self.full_name or super().get_full_name()

    def has_role(self, role: str) -> bool:
        if not hasattr(self, "_role_names"):
            self._role_names = set(self.groups.values_list("name", flat=True))
        return role in self._role_names or (role == roles.ADMIN and self.is_superuser)

    @property
    def is_inspectorate(self) -> bool:
        return self.has_role(roles.INSPECTORATE) or self.has_role(roles.ADMIN)

    @property
    def is_leader(self) -> bool:
        return self.has_role(roles.LEADER)

    @property
    def sees_everything(self) -> bool:
        return self.is_inspectorate or self.is_leader


class MembershipQuerySet(models.QuerySet):
    def on(self, day: datetime.date):
        return self.filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def current(self):
        return self.on(datetime.date.today())


class Membership(models.Model):
    class Role(models.TextChoices):
        HEAD = "head", _("Người đứng đầu")
        ACTING_HEAD = "acting_head", _("Quyền / phụ trách")
        DEPUTY = "deputy", _("Cấp phó")
        FOCAL_POINT = "focal_point", _("Cán bộ đầu mối")
        STAFF = "staff", _("Cán bộ")

    user = models.ForeignKey(
        User, verbose_name=_("người dùng"), on_delete=models.PROTECT, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    valid_from = models.DateField(_("từ ngày"), default=datetime.date.today)
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("bổ nhiệm / thành viên")
        verbose_name_plural = _("bổ nhiệm / thành viên")
        indexes = [models.Index(fields=["user", "unit"]), models.Index(fields=["unit", "role"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="membership_valid_range",
            ),
            # At most one head and one acting head per unit on any day.
            ExclusionConstraint(
                name="one_head_per_unit_per_day",
                expressions=[
                    ("unit", RangeOperators.EQUAL),
                    (
                        DateRange(F("valid_from"), F("valid_to"), Value("[]")),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                condition=Q(role="head"),
            ),
            ExclusionConstraint(
                name="one_acting_head_per_unit_per_day",
                expressions=[
                    ("unit", RangeOperators.EQUAL),
                    (
                        DateRange(F("valid_from"), F("valid_to"), Value("[]")),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                condition=Q(role="acting_head"),
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.unit}"

    def validate_constraints(self, exclude=None):
        """Say in words which appointment a second head (or acting head) would overlap.

        The exclusion constraints decide; this only replaces their bare name with a sentence
        naming the unit, the person already appointed and the dates.
        """
        clash = self.overlapping_appointment()
        if clash is not None:
            until = format_date(clash.valid_to) if clash.valid_to else _("nay")
            raise ValidationError(
                _(
                    "%(unit)s đã có %(role)s là %(user)s từ ngày %(start)s đến %(end)s: mỗi đơn "
                    "vị chỉ có một %(role)s trong cùng một ngày. Kết thúc bổ nhiệm đó trước ngày "
                    "%(new_start)s, hoặc chọn ngày hay vai trò khác."
                )
                % {
                    "unit": clash.unit,
                    "role": clash.get_role_display().lower(),
                    "user": clash.user.full_name or clash.user.username,
                    "start": format_date(clash.valid_from),
                    "end": until,
                    "new_start": format_date(self.valid_from),
                }
            )
        super().validate_constraints(exclude=exclude)

    def overlapping_appointment(self):
        """Return another head (or acting head) appointment of the unit overlapping this one."""
        if self.role not in (self.Role.HEAD, self.Role.ACTING_HEAD) or not self.unit_id:
            return None
        if not self.valid_from:
            return None
        others = Membership.objects.filter(unit_id=self.unit_id, role=self.role).exclude(pk=self.pk)
        if self.valid_to:
            others = others.filter(valid_from__lte=self.valid_to)
        others = others.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from))
        return others.select_related("user", "unit").order_by("valid_from").first()
