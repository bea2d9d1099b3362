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
    """A form's fields, editable until a round asks for it: then a change is a new version."""

    model = FormField
    extra = 1
    fields = ["position", "code", "label", "kind", "parent", "required", "non_negative", "sum_of"]

    def _in_use(self, obj) -> bool:
        return obj is not None and obj.rounds.exists()

    def has_add_permission(self, request, obj=None):
        return not self._in_use(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._in_use(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._in_use(obj) and super().has_delete_permission(request, obj)


@admin.register(ReportForm)
class ReportFormAdmin(admin.ModelAdmin):
    list_display = ["code", "version", "title", "circular", "is_example", "is_active"]
    list_filter = ["is_active", "is_example"]
    inlines = [FormFieldInline]

    def get_readonly_fields(self, request, obj=None):
        # The template check trusts code and version to name one set of fields.
        if obj is not None and obj.rounds.exists():
            return ["code", "version"]
        return []


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
    # What a unit sent and what the inspectorate decided change only through the pages
    # (services: versions kept, events sent); the admin reads them.
    readonly_fields = [
        "round",
        "unit",
        "state",
        "values",
        "nothing_to_report",
        "submitted_at",
        "return_reason",
        "reviewed_by",
        "reviewed_at",
    ]
    inlines = [SubmissionVersionInline]

    def has_add_permission(self, request):
        return False


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
