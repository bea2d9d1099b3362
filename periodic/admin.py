from django.contrib import admin

from periodic.models import Occurrence, Recurrence, TaskTemplate, TaskTemplateItem


class TaskTemplateItemInline(admin.TabularInline):
    model = TaskTemplateItem
    extra = 1


@admin.register(TaskTemplate)
class TaskTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active"]
    inlines = [TaskTemplateItemInline]


@admin.register(Recurrence)
class RecurrenceAdmin(admin.ModelAdmin):
    list_display = ["task", "cadence", "windows", "lead_unit", "planned_until"]
    raw_id_fields = ["task", "lead_unit", "coordinating_units"]
    readonly_fields = ["planned_until"]


@admin.register(Occurrence)
class OccurrenceAdmin(admin.ModelAdmin):
    list_display = ["recurrence", "label", "due_on", "status"]
    list_filter = ["status", "period_kind"]
    raw_id_fields = ["recurrence", "task"]
    readonly_fields = ["changed_by", "changed_at"]
