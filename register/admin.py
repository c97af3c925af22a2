"""Administrators keep the banding scheme and the qualification settings here; applications are read-only."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Band, BandRule, QualificationSettings, RegisterApplication


@admin.register(Band)
class BandAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "rank"]


@admin.register(BandRule)
class BandRuleAdmin(SimpleHistoryAdmin):
    """The banding scheme: rules tried in priority order, the first that matches decides the band."""

    list_display = [
        "priority",
        "name",
        "band",
        "category",
        "needs_urgent",
        "needs_vulnerable",
        "needs_overcrowded",
        "needs_additional_preference",
        "active",
    ]
    list_filter = ["band", "active"]
    list_select_related = ["band"]


@admin.register(QualificationSettings)
class QualificationSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "local_connection_years", "income_limit", "savings_limit", "arrears_limit"]

    def has_add_permission(self, request):
        return not QualificationSettings.objects.exists() and super().has_add_permission(request)


@admin.register(RegisterApplication)
class RegisterApplicationAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "person", "status", "effective_band", "applied_on"]
    list_filter = ["status", "effective_band"]
    list_select_related = ["person", "effective_band"]
    search_fields = ["reference"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
