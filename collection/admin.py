from django.contrib import admin

from collection.models import (
    FormField,
    FormObligation,
    ReportForm,
    Round,
    Submission,
    SubmissionReminder,
    SubmissionVersion,
)


class FormFieldInline(admin.TabularInline):
    model = FormField
    extra = 1
    fields = ["position", "code", "label", "kind", "parent", "required", "non_negative", "sum_of"]


@admin.register(ReportForm)
class ReportFormAdmin(admin.ModelAdmin):
    list_display = ["code", "version", "title", "circular", "is_example", "is_active"]
    list_filter = ["is_active", "is_example"]
    inlines = [FormFieldInline]


@admin.register(FormObligation)
class FormObligationAdmin(admin.ModelAdmin):
    list_display = ["form", "cadence", "windows", "starts_on", "planned_until", "is_active"]
    filter_horizontal = ["units"]
    readonly_fields = ["planned_until"]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["form", "label", "due_on", "status"]
    list_filter = ["status", "form"]
    filter_horizontal = ["units"]
    readonly_fields = ["opened_at", "closed_at"]


class SubmissionVersionInline(admin.TabularInline):
    model = SubmissionVersion
    extra = 0
    can_delete = False
    readonly_fields = [
        "number",
        "values",
        "nothing_to_report",
        "file",
        "submitted_by",
        "submitted_at",
        "is_late",
    ]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["round", "unit", "state", "nothing_to_report", "submitted_at"]
    list_filter = ["state", "nothing_to_report"]
    raw_id_fields = ["round", "unit", "reviewed_by"]
    readonly_fields = ["submitted_at", "reviewed_by", "reviewed_at"]
    inlines = [SubmissionVersionInline]


@admin.register(SubmissionReminder)
class SubmissionReminderAdmin(admin.ModelAdmin):
    """The reminders ledger: which stage of which submission was told, and when (read only)."""

    list_display = ["submission", "stage", "day", "event", "created_at"]
    list_filter = ["stage", "day"]
    list_select_related = ["submission__round__form", "submission__unit", "event"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
