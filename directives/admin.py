from django.contrib import admin

from directives.models import (
    Assignment,
    Directive,
    DirectiveLink,
    ExtensionRequest,
    Holiday,
    IssuerCode,
    PartyTerm,
    ProgressReport,
    ReportReview,
    Task,
)


@admin.register(IssuerCode)
class IssuerCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "track"]
    search_fields = ["code", "name"]


@admin.register(PartyTerm)
class PartyTermAdmin(admin.ModelAdmin):
    list_display = ["issuer_code", "name", "starts_on", "ends_on"]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["day", "name", "is_working_day"]
    date_hierarchy = "day"


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
    list_display = ["symbol", "type_name", "issued_on", "issuer_code", "track", "is_classified", "is_stub"]
    list_filter = ["track", "symbol_kind", "is_classified", "is_stub"]
    search_fields = ["symbol", "summary", "search_text"]
    readonly_fields = ["identity_key", "parse_warnings", "created_by", "created_at", "updated_at"]
    inlines = [TaskInline, LinkInline]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    fields = ["unit", "role", "deadline_text", "effective_deadline", "state"]
    readonly_fields = fields
    show_change_link = True


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["title", "directive", "position"]
    search_fields = ["title", "directive__symbol"]
    autocomplete_fields = ["directive"]
    inlines = [AssignmentInline]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["task", "unit", "role", "effective_deadline", "state"]
    list_filter = ["state", "role"]
    search_fields = ["task__title", "unit__name", "task__directive__symbol"]
    raw_id_fields = ["task", "unit", "assigned_by"]


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


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(admin.ModelAdmin):
    list_display = ["assignment", "requested_deadline", "state", "decided_by"]
    list_filter = ["state"]
    raw_id_fields = ["assignment", "requested_by", "decided_by"]
