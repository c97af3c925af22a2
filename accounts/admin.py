from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Coverage, Team, User


class CoverageInline(admin.TabularInline):
    model = Coverage
    extra = 0
    fields = ["content_type", "object_id", "starts", "ends"]


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    ordering = ["full_name"]
    list_display = ["email", "full_name", "team", "is_active", "is_staff"]
    list_filter = ["groups", "team", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    list_select_related = ["team"]
    inlines = [CoverageInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "job_title", "phone", "team", "email_notifications")}),
        ("Roles", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)
    filter_horizontal = ["groups"]


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "leader"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Coverage)
class CoverageAdmin(SimpleHistoryAdmin):
    list_display = ["user", "content_type", "object_id", "starts", "ends"]
    list_filter = ["content_type"]
    search_fields = ["user__email", "user__full_name"]
