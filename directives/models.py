"""Directives, their tasks, unit assignments, progress reports, reviews and extensions."""

import datetime
import operator
import uuid
from dataclasses import dataclass
from functools import reduce

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units.models import Unit
from units.vietnamese import fold


def local_today() -> datetime.date:
    return timezone.localdate()


# --------------------------------------------------------------------------- registry


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

    day = models.DateField(_("ngày"), unique=True)
    name = models.CharField(_("tên"), max_length=120)
    is_working_day = models.BooleanField(
        _("ngày làm bù"),
        default=False,
        help_text=_("Đánh dấu nếu đây là ngày cuối tuần phải đi làm bù."),
    )

    class Meta:
        verbose_name = _("ngày nghỉ / làm bù")
        verbose_name_plural = _("lịch ngày nghỉ")
        ordering = ["day"]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} {self.name}"


# --------------------------------------------------------------------------- directives


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
        indexes = [models.Index(fields=["issuer_code", "doc_type"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_classified=False) | Q(body=""),
                name="classified_directive_has_no_body",
            ),
        ]

    def __str__(self):
        return self.symbol

    def get_absolute_url(self):
        return reverse("directives:directive-detail", args=[self.pk])

    @property
    def display_summary(self) -> str:
        return str(_("Văn bản mật – hồ sơ giấy")) if self.is_classified else self.summary


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

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("directives:attachment-download", args=[self.pk])


# --------------------------------------------------------------------------- tasks & assignments


@pghistory.track()
class Task(models.Model):
    directive = models.ForeignKey(Directive, on_delete=models.PROTECT, related_name="tasks")
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    title = models.CharField(_("nhiệm vụ"), max_length=500)
    description = models.TextField(_("nội dung chi tiết"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["directive", "position", "id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("directives:directive-detail", args=[self.directive_id]) + f"#task-{self.pk}"


class Timeliness(models.TextChoices):
    COMPLETED_ON_TIME = "completed_on_time", _("Hoàn thành đúng hạn")
    COMPLETED_LATE = "completed_late", _("Hoàn thành quá hạn")
    AWAITING_REVIEW = "awaiting_review", _("Đã báo cáo, chờ xem xét")
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    IN_PROGRESS = "in_progress", _("Đang thực hiện trong hạn")
    OVERDUE = "overdue", _("Quá hạn")
    NO_DEADLINE = "no_deadline", _("Thường xuyên / không thời hạn")
    CANCELLED = "cancelled", _("Đã hủy")


def days_late(deadline: datetime.date | None, as_of: datetime.date) -> int | None:
    """Return how many days `deadline` lies behind `as_of` (negative: days left); None without a deadline.

    The one count of days late shown by lists, exports, the review queue and reminder mails.
    """
    return None if deadline is None else (as_of - deadline).days


OPEN_STATES = ("assigned", "in_progress", "returned", "reported")
# Open whatever the day: no report awaits review and nothing was accepted.
WORKING_STATES = ("assigned", "in_progress", "returned")


def timeliness_conditions(as_of: datetime.date, due_soon_days: int) -> dict[str, Q]:
    """Return each timeliness value as plain conditions on state, dates and deadline.

    The same definition as `AssignmentQuerySet.with_timeliness`, written so a filter on one value
    is a conjunction an index can serve instead of a CASE computed for every row. Exactly one
    condition holds for any row (completed rows always have a completion date, a constraint).
    """
    soon = as_of + datetime.timedelta(days=due_soon_days)
    # Still open as of the day: never closed, or closed only after it.
    still_open = (
        Q(state__in=WORKING_STATES)
        | Q(state="completed", completed_on__gt=as_of)
        | Q(state="reported", reported_on__gt=as_of)
        | Q(state="reported", reported_on__isnull=True)
    )
    completed = Q(state="completed", completed_on__lte=as_of)
    return {
        Timeliness.CANCELLED: Q(state="cancelled"),
        Timeliness.NO_DEADLINE: Q(effective_deadline__isnull=True) & ~Q(state="cancelled"),
        Timeliness.COMPLETED_ON_TIME: completed & Q(completed_on__lte=F("effective_deadline")),
        Timeliness.COMPLETED_LATE: completed & Q(completed_on__gt=F("effective_deadline")),
        Timeliness.AWAITING_REVIEW: Q(
            state="reported", reported_on__lte=as_of, effective_deadline__isnull=False
        ),
        Timeliness.OVERDUE: Q(effective_deadline__lt=as_of) & still_open,
        Timeliness.DUE_SOON: Q(effective_deadline__gte=as_of, effective_deadline__lte=soon)
        & still_open,
        Timeliness.IN_PROGRESS: Q(effective_deadline__gte=as_of, effective_deadline__gt=soon)
        & still_open,
    }


class AssignmentQuerySet(models.QuerySet):
    def with_timeliness(self, as_of: datetime.date | None = None, due_soon_days: int | None = None):
        """Annotate `timeliness` (DOMAIN.md §4) judged at the end of local day `as_of`.

        The one definition used by every list, count, export and reminder. Completion counts
        from the submission date of the accepted report; an item awaiting review is neither
        overdue nor completed.
        """
        as_of = as_of or local_today()
        if due_soon_days is None:
            due_soon_days = settings.PCTS_DUE_SOON_DAYS
        soon = as_of + datetime.timedelta(days=due_soon_days)
        completed = Q(state=Assignment.State.COMPLETED, completed_on__lte=as_of)
        awaiting = Q(state=Assignment.State.REPORTED, reported_on__lte=as_of)
        return self.annotate(
            timeliness=Case(
                When(state=Assignment.State.CANCELLED, then=Value(Timeliness.CANCELLED)),
                When(effective_deadline__isnull=True, then=Value(Timeliness.NO_DEADLINE)),
                When(
                    completed & Q(completed_on__lte=F("effective_deadline")),
                    then=Value(Timeliness.COMPLETED_ON_TIME),
                ),
                When(completed, then=Value(Timeliness.COMPLETED_LATE)),
                When(awaiting, then=Value(Timeliness.AWAITING_REVIEW)),
                When(effective_deadline__lt=as_of, then=Value(Timeliness.OVERDUE)),
                When(effective_deadline__lte=soon, then=Value(Timeliness.DUE_SOON)),
                default=Value(Timeliness.IN_PROGRESS),
                output_field=models.CharField(),
            )
        )

    def in_timeliness(
        self, values, as_of: datetime.date | None = None, due_soon_days: int | None = None
    ):
        """Keep the rows whose timeliness as of `as_of` is one of `values`.

        Filters with `timeliness_conditions`, so PostgreSQL can use an index where a filter on the
        `with_timeliness` annotation would compute the CASE for every row.
        """
        as_of = as_of or local_today()
        if due_soon_days is None:
            due_soon_days = settings.PCTS_DUE_SOON_DAYS
        conditions = timeliness_conditions(as_of, due_soon_days)
        wanted = [conditions[value] for value in values]
        return self.filter(reduce(operator.or_, wanted)) if wanted else self.none()

    def open(self):
        return self.filter(state__in=OPEN_STATES)

    def lead(self):
        return self.filter(role=Assignment.Role.LEAD)


# --------------------------------------------------------------------------- completed tally
#
# A completed assignment's timeliness never changes once the day judged reaches its completion
# date: on time, late, or (no deadline) regular. The dashboard counts those rows from this small
# tally instead of reading them one by one; statement triggers on Assignment keep it exact in the
# same transaction as every insert, update and delete (bulk ones included).

_TALLY_KEY = "unit_id, role, deadline_month, on_time"


def _tally_rows(table: str, sign: int) -> str:
    return (
        "SELECT unit_id, role, date_trunc('month', effective_deadline::timestamp)::date AS deadline_month,"
        f" completed_on <= effective_deadline AS on_time, {sign} AS d"
        f" FROM {table} WHERE state = 'completed'"
    )


def _tally_delta(*parts: str) -> str:
    return (
        f"INSERT INTO directives_completedtally AS t ({_TALLY_KEY}, n)"
        f" SELECT {_TALLY_KEY}, sum(d) FROM ({' UNION ALL '.join(parts)}) AS changed"
        f" GROUP BY {_TALLY_KEY} HAVING sum(d) <> 0 ORDER BY {_TALLY_KEY}"
        f" ON CONFLICT ({_TALLY_KEY}) DO UPDATE SET n = t.n + EXCLUDED.n;"
        " RETURN NULL;"
    )


# Every completed assignment's tally key, counted: what the tally must hold.
TALLY_RECOUNT_SQL = (
    f"SELECT {_TALLY_KEY}, count(*) AS n FROM ({_tally_rows('directives_assignment', 1)}) AS done"
    f" GROUP BY {_TALLY_KEY}"
)
TALLY_REBUILD_SQL = (
    "DELETE FROM directives_completedtally;"
    f" INSERT INTO directives_completedtally ({_TALLY_KEY}, n) {TALLY_RECOUNT_SQL}"
)

TALLY_TRIGGERS = [
    pgtrigger.Trigger(
        name="completed_tally_insert",
        level=pgtrigger.Statement,
        when=pgtrigger.After,
        operation=pgtrigger.Insert,
        referencing=pgtrigger.Referencing(new="new_rows"),
        func=_tally_delta(_tally_rows("new_rows", 1)),
    ),
    pgtrigger.Trigger(
        name="completed_tally_update",
        level=pgtrigger.Statement,
        when=pgtrigger.After,
        operation=pgtrigger.Update,
        referencing=pgtrigger.Referencing(old="old_rows", new="new_rows"),
        func=_tally_delta(_tally_rows("new_rows", 1), _tally_rows("old_rows", -1)),
    ),
    pgtrigger.Trigger(
        name="completed_tally_delete",
        level=pgtrigger.Statement,
        when=pgtrigger.After,
        operation=pgtrigger.Delete,
        referencing=pgtrigger.Referencing(old="old_rows"),
        func=_tally_delta(_tally_rows("old_rows", -1)),
    ),
]


@pghistory.track()
class Assignment(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("Chủ trì")
        COORDINATING = "coordinating", _("Phối hợp")

    class State(models.TextChoices):
        ASSIGNED = "assigned", _("Đã giao")
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        REPORTED = "reported", _("Đã báo cáo hoàn thành, chờ xem xét")
        RETURNED = "returned", _("Bị trả lại")
        COMPLETED = "completed", _("Hoàn thành")
        CANCELLED = "cancelled", _("Đã hủy")

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="assignments")
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(_("vai trò"), max_length=12, choices=Role.choices)
    deadline_text = models.CharField(_("thời hạn (như văn bản)"), max_length=255, blank=True)
    deadline_kind = models.CharField(max_length=20, blank=True)
    deadline_flagged = models.BooleanField(
        _("cần xác nhận hạn"),
        default=False,
        help_text=_("Hạn được tính tự động, cán bộ cần xác nhận."),
    )
    original_deadline = models.DateField(_("hạn ban đầu"), null=True, blank=True)
    effective_deadline = models.DateField(_("hạn hiện hành"), null=True, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=12, choices=State.choices, default=State.ASSIGNED
    )
    progress_percent = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    reported_on = models.DateField(_("ngày báo cáo hoàn thành"), null=True, blank=True)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    last_report_at = models.DateTimeField(null=True, blank=True)
    assigned_at = models.DateTimeField(default=timezone.now)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancel_reason = models.TextField(_("lý do hủy giao"), blank=True, default="", db_default="")
    cancelled_at = models.DateTimeField(_("thời điểm hủy giao"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người hủy giao"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("giao nhiệm vụ")
        verbose_name_plural = _("giao nhiệm vụ")
        constraints = [
            models.UniqueConstraint(fields=["task", "unit"], name="assignment_task_unit_unique"),
            models.UniqueConstraint(
                fields=["task"], condition=Q(role="lead"), name="assignment_one_lead_per_task"
            ),
            models.CheckConstraint(
                condition=Q(progress_percent__lte=100), name="assignment_percent_le_100"
            ),
            models.CheckConstraint(
                condition=~Q(state="completed") | Q(completed_on__isnull=False),
                name="assignment_completed_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "state"]),
            # Lists: deadline order, and every column a timeliness condition reads, so a filtered
            # page (or a deep OFFSET) picks its ids from the index alone.
            models.Index(
                fields=["effective_deadline", "id"],
                include=["state", "completed_on", "reported_on", "role", "unit"],
                name="assignment_deadline_covering",
            ),
            # Counts of overdue / due soon / in progress: one small index per way of being open
            # (still working, or closed only after the day judged), combined as a bitmap.
            models.Index(
                fields=["effective_deadline"],
                condition=Q(state__in=WORKING_STATES),
                name="assignment_working_deadline",
            ),
            models.Index(
                fields=["completed_on"],
                condition=Q(state="completed"),
                name="assignment_completed_on",
            ),
            models.Index(
                fields=["reported_on"], condition=Q(state="reported"), name="assignment_reported_on"
            ),
            models.Index(
                fields=["unit", "effective_deadline"],
                condition=Q(state__in=OPEN_STATES),
                name="assignment_open_unit_deadline",
            ),
            # Dashboard: with completed work counted from the tally, the rest of the assignments
            # (open or awaiting review) is classified from this index alone.
            models.Index(
                fields=["unit"],
                include=["role", "state", "effective_deadline", "completed_on", "reported_on"],
                condition=~Q(state="cancelled") & ~Q(state="completed"),
                name="assignment_unfinished_covering",
            ),
            # Dashboard: lead assignments by deadline (trend months, period windows, drill-down order).
            models.Index(
                fields=["effective_deadline", "id"],
                condition=Q(role="lead") & ~Q(state="cancelled"),
                name="assignment_lead_deadline",
            ),
        ]
        triggers = TALLY_TRIGGERS

    def __str__(self):
        return f"{self.task} – {self.unit}"

    def get_absolute_url(self):
        return reverse("directives:assignment-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class CompletedTally(models.Model):
    """Completed assignments counted by unit, role, month of deadline, and on time or late.

    Kept by the statement triggers on Assignment (`TALLY_TRIGGERS`); rebuild with
    `manage.py rebuild_completed_tally` after loading data with triggers switched off. A row
    without a month counts completed assignments without a deadline (regular tasks).
    """

    unit = models.ForeignKey(
        Unit, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    role = models.CharField(max_length=12)
    deadline_month = models.DateField(null=True)
    on_time = models.BooleanField(null=True)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "role", "deadline_month", "on_time"],
                nulls_distinct=False,
                name="completed_tally_key",
            ),
        ]

    def __str__(self):
        return f"{self.unit_id} {self.role} {self.deadline_month} {self.on_time}: {self.n}"


# --------------------------------------------------------------------------- reports


@pghistory.track(pghistory.InsertEvent())
@pgtrigger.register(
    # Submitted content never changes: corrections are new reports.
    pgtrigger.Protect(
        name="progress_report_immutable", operation=pgtrigger.Update | pgtrigger.Delete
    ),
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
                condition=Q(decision="accept") | ~Q(reason=""), name="review_return_needs_reason"
            ),
        ]

    def __str__(self):
        return f"{self.get_decision_display()}: {self.report}"


@pghistory.track()
class ExtensionRequest(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Chờ quyết định")
        APPROVED = "approved", _("Đồng ý gia hạn")
        REJECTED = "rejected", _("Không đồng ý")

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

    def __str__(self):
        return f"{self.assignment}: {self.requested_deadline:%d/%m/%Y}"


# ---- reminders


def default_days_before() -> list[int]:
    return [7, 3, 1]


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
        ReminderDelivery, on_delete=models.CASCADE, related_name="notifications"
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
