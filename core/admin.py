from django.contrib import admin

from .models import AccessLog, Notification


class ReadOnlyAdminMixin:
    """For records that only Hearth's own services write (logs, ledgers, imports)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "created_at", "read_at", "emailed_at"]
    list_filter = ["read_at", "emailed_at"]
    search_fields = ["subject", "recipient__email", "key"]
    list_select_related = ["recipient"]
    readonly_fields = ["recipient", "key", "subject", "body", "url", "created_at", "read_at", "emailed_at"]

    def has_add_permission(self, request):
        return False


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: an access log that can be edited proves nothing."""

    list_display = ["accessed_at", "user", "what", "object_repr", "ip_address"]
    list_filter = ["content_type"]
    search_fields = ["object_repr", "user__email", "what"]
    list_select_related = ["user", "content_type"]
