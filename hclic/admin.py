from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdminMixin

from .models import HclicItem, HclicSubmission


@admin.register(HclicItem)
class HclicItemAdmin(SimpleHistoryAdmin):
    """Administrators correct names, numbers and element names to the MHCLG specification they hold."""

    list_display = ["number", "name", "section", "element", "source", "list_id", "personal"]
    list_filter = ["section", "personal"]
    search_fields = ["number", "name", "element", "source"]
    list_editable = ["name", "element"]


@admin.register(HclicSubmission)
class HclicSubmissionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["quarter", "version", "case_count", "exported_by", "exported_at"]
    exclude = ["case_file", "personal_file", "csv_file"]
