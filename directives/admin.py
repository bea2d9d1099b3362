from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from directives import confidentiality, public_holidays
from directives.events import texts as event_texts
from directives.models import (
    Assignment,
    Directive,
    DirectiveLink,
    EventDelivery,
    EventKindSetting,
    ExtensionRequest,
    Holiday,
    IssuerCode,
    Notification,
    PartyTerm,
    ProgressReport,
    ReminderDelivery,
    ReminderPolicy,
    ReminderRun,
    ReportReview,
    Task,
)
from directives.reminders import ledger as reminder_ledger
from directives.reminders import selectors as reminder_selectors
from directives.reminders import texts
from units.vietnamese import format_date

# A digest of a province's escalations lists thousands of items: the admin page shows the first ones.
LINES_SHOWN = 200


@admin.register(IssuerCode)
class IssuerCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "track"]
    search_fields = ["code", "name"]


@admin.register(PartyTerm)
class PartyTermAdmin(admin.ModelAdmin):
    list_display = ["issuer_code", "name", "starts_on", "ends_on"]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    """The working-day calendar: seeded from Vietnam's holidays, corrected by hand."""

    list_display = ["day", "name", "is_working_day", "source"]
    list_filter = ["source", "is_working_day"]
    date_hierarchy = "day"

    def get_urls(self):
        seed = self.admin_site.admin_view(self.seed_view)
        return [path("nhap-ngay-le/", seed, name="directives_holiday_seed"), *super().get_urls()]

    def seed_view(self, request):
        """POST year=YYYY: copy that year's public holidays in; days already entered are kept."""
        if request.method != "POST" or not self.has_add_permission(request):
            raise PermissionDenied
        year = request.POST.get("year", "").strip()
        if not (year.isdigit() and len(year) == 4):
            messages.error(request, gettext("Nhập năm gồm 4 chữ số, ví dụ 2027."))
        else:
            try:
                result = public_holidays.seed_year(int(year))
            except public_holidays.UnsupportedYear as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request,
                    gettext("Năm %(year)s: đã thêm %(added)s ngày, giữ nguyên %(kept)s ngày đã có.")
                    % {"year": result.year, "added": result.added, "kept": result.kept},
                )
        return redirect("admin:directives_holiday_changelist")


class TaskInline(admin.TabularInline):
    model = Task
    extra = 0
    fields = ["position", "title"]
    show_change_link = True


class LinkInline(admin.TabularInline):
    model = DirectiveLink
    fk_name = "source"
    extra = 0
    autocomplete_fields = ["target"]


@admin.register(Directive)
class DirectiveAdmin(admin.ModelAdmin):
    list_display = [
        "symbol",
        "type_name",
        "issued_on",
        "issuer_code",
        "track",
        "is_classified",
        "is_stub",
    ]
    list_filter = ["track", "symbol_kind", "is_classified", "is_stub"]
    search_fields = ["symbol", "summary", "search_text"]
    readonly_fields = ["identity_key", "parse_warnings", "created_by", "created_at", "updated_at"]
    inlines = [TaskInline, LinkInline]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)

        class ClassifiedKeepsMetadataOnly(form):
            def clean(self):
                """Keep only the metadata of a classified directive (the database refuses more)."""
                data = super().clean()
                if data.get("is_classified"):
                    data.update(summary=confidentiality.CLASSIFIED_SUMMARY, signer="", body="")
                return data

        return ClassifiedKeepsMetadataOnly

    def save_formset(self, request, form, formset, change):
        for task in formset.save(commit=False):
            if isinstance(task, Task):
                task.title, task.description = confidentiality.task_text(
                    form.instance, task.position, task.title, task.description
                )
            task.save()
        for gone in formset.deleted_objects:
            gone.delete()
        formset.save_m2m()


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    fields = ["unit", "role", "deadline_text", "effective_deadline", "state"]
    readonly_fields = fields
    show_change_link = True


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["title", "directive", "position", "is_key"]
    list_filter = ["is_key"]
    search_fields = ["title", "directive__symbol"]
    autocomplete_fields = ["directive"]
    inlines = [AssignmentInline]

    def save_model(self, request, obj, form, change):
        obj.title, obj.description = confidentiality.task_text(
            obj.directive, obj.position, obj.title, obj.description
        )
        super().save_model(request, obj, form, change)


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["task", "unit", "role", "effective_deadline", "state"]
    list_filter = ["state", "role"]
    search_fields = ["task__title", "unit__name", "task__directive__symbol"]
    raw_id_fields = ["task", "unit", "assigned_by"]
    # States move through the services only (directives.workflow); a database trigger refuses
    # other moves and keeps a closed assignment's deadline and completion date.
    readonly_fields = [
        "state",
        "reported_on",
        "completed_on",
        "cancel_reason",
        "cancelled_at",
        "cancelled_by",
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.is_closed:
            fields += ["original_deadline", "effective_deadline"]
        return fields


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["assignment", "submitted_on", "claims_completion", "percent"]
    raw_id_fields = ["assignment", "submitted_by"]

    def has_change_permission(self, request, obj=None):
        return False  # submitted reports are immutable (a database trigger enforces it too)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportReview)
class ReportReviewAdmin(admin.ModelAdmin):
    list_display = ["report", "decision", "reviewer", "decided_at"]
    raw_id_fields = ["report", "reviewer"]

    def has_add_permission(self, request):
        return False  # reports are judged in the review queue, which checks the assignment's state

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(admin.ModelAdmin):
    list_display = ["assignment", "requested_deadline", "state", "decided_by"]
    list_filter = ["state"]
    raw_id_fields = ["assignment", "requested_by", "decided_by"]
    # Decided in the review queue (services.extension_decide), once.
    readonly_fields = ["state", "decided_by", "decided_at", "decided_deadline"]


# ---- reminders


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "days_before",
        "overdue_every_days",
        "escalate_to_parent_after_days",
        "escalate_to_inspectorate_after_days",
        "briefing_after_urges",
    ]

    def has_add_permission(self, request):
        return not ReminderPolicy.objects.exists()

    def changelist_view(self, request, extra_context=None):
        """With nothing saved, open the form on the defaults in force instead of an empty list."""
        if not ReminderPolicy.objects.exists() and self.has_add_permission(request):
            messages.info(
                request,
                _(
                    "Chưa lưu cấu hình riêng: hệ thống đang áp dụng các giá trị mặc định dưới "
                    "đây. Bấm Lưu để giữ hoặc thay đổi chúng."
                ),
            )
            return redirect("admin:directives_reminderpolicy_add")
        return super().changelist_view(request, extra_context)


@admin.register(EventKindSetting)
class EventKindSettingAdmin(admin.ModelAdmin):
    """One row per event kind (seeded by migration): mail at once or gather into the morning digest."""

    list_display = ["kind", "delivery"]
    list_editable = ["delivery"]
    list_display_links = None
    readonly_fields = ["kind"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EventDelivery)
class EventDeliveryAdmin(admin.ModelAdmin):
    """The events' delivery log: which event went to whom, over which channel, and how it went.

    Events with no assignment (a periodic report returned, accepted, sent or reminded) are told
    by their own sentence and unit, from the event's data.
    """

    list_display = [
        "created",
        "kind",
        "headline",
        "unit",
        "recipient",
        "copy",
        "digest",
        "state",
        "attempts",
        "sent_at",
        "short_error",
    ]
    list_filter = ["state", "event__kind", "channel", "digest"]
    list_select_related = ["event__assignment__unit", "event__directive", "recipient"]
    search_fields = ["recipient__username", "recipient__full_name", "recipient__email"]
    exclude = ["claim_token"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("thời điểm"), ordering="event__created_at")
    def created(self, obj):
        return obj.event.created_at

    @admin.display(description=_("loại sự kiện"), ordering="event__kind")
    def kind(self, obj):
        return obj.event.get_kind_display()

    @admin.display(description=_("nội dung"))
    def headline(self, obj):
        return event_texts.headline(obj.event)

    @admin.display(description=_("đơn vị"))
    def unit(self, obj):
        return obj.event.unit_name

    @admin.display(description=_("lỗi"))
    def short_error(self, obj):
        return obj.last_error[:120]


@admin.register(ReminderRun)
class ReminderRunAdmin(admin.ModelAdmin):
    list_display = [
        "day",
        "window_start",
        "planned_at",
        "completed_at",
        "digests",
        "items",
        "skipped",
    ]
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(admin.ModelAdmin):
    """The delivery log: what went to whom and when, failures with their error, and a retry action."""

    list_display = [
        "day",
        "kind",
        "recipient",
        "to_email",
        "state",
        "attempts",
        "sent_at",
        "acknowledged_at",
        "short_error",
    ]
    list_filter = ["state", "kind", "day"]
    search_fields = ["key", "to_email", "recipient__username", "recipient__full_name"]
    date_hierarchy = "day"
    readonly_fields = [
        "key",
        "kind",
        "day",
        "recipient",
        "to_email",
        "cc",
        "request_id",
        "requested_by",
        "note",
        "state",
        "attempts",
        "next_attempt_at",
        "lease_until",
        "sent_at",
        "acknowledged_at",
        "last_error",
        "created_at",
        "lines",
    ]
    exclude = ["claim_token"]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("nhiệm vụ trong thư"))
    def lines(self, obj):
        """The mail's item lines (the first LINES_SHOWN), with the assignment each is about."""
        entries = obj.entries()
        shown = reminder_selectors.lines_for(entries[:LINES_SHOWN])
        rows = format_html_join(
            "",
            '<tr><td>{}</td><td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>',
            (
                (
                    line.position + 1,
                    reverse("admin:directives_assignment_change", args=[line.assignment_id]),
                    f"{line.symbol} – {line.task_title}"
                    if line.symbol
                    else f"#{line.assignment_id}",
                    line.unit_name,
                    ReminderDelivery.Reason(line.reason).label,
                    format_date(line.deadline) or "—",
                    texts.status_text(line),
                )
                for line in shown
            ),
        )
        more = len(entries) - len(shown)
        return format_html(
            "<table><thead><tr><th>#</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>"
            "</thead><tbody>{}</tbody></table>{}",
            _("Nhiệm vụ"),
            _("Đơn vị"),
            _("Lý do"),
            _("Hạn"),
            _("Tình trạng"),
            rows,
            gettext("… và %(n)d nhiệm vụ khác.") % {"n": more} if more > 0 else "",
        )

    @admin.display(description=_("lỗi"))
    def short_error(self, obj):
        return obj.last_error[:120]

    @admin.action(description=_("Gửi lại các thư đã chọn (thư lỗi hoặc thiếu địa chỉ)"))
    def retry(self, request, queryset):
        count = reminder_ledger.delivery_retry(delivery_ids=queryset.values_list("pk", flat=True))
        self.message_user(request, _("Đã đưa %(n)d thư vào hàng đợi gửi lại.") % {"n": count})


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "delivery", "items", "overdue", "escalated", "created_at", "read_at"]
    list_filter = ["delivery__kind", "created_at"]
    list_select_related = ["user", "delivery"]
    raw_id_fields = ["user", "delivery"]
