from django.contrib import admin

from audit.models import AuditEvent, SecurityEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["seq", "at", "table_name", "op", "row_pk", "actor_id"]
    list_filter = ["table_name", "op"]
    search_fields = ["row_pk", "table_name"]
    ordering = ["-id"]


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "kind", "username", "ip", "path"]
    list_filter = ["kind"]
    search_fields = ["username", "ip"]
