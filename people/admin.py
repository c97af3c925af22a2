from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Consent, Person, RiskFlag, SupportNeed, SupportNote


class SupportNeedInline(admin.TabularInline):
    model = SupportNeed
    extra = 0
    raw_id_fields = ["recorded_by"]


class RiskFlagInline(admin.TabularInline):
    model = RiskFlag
    extra = 0
    raw_id_fields = ["recorded_by"]


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    raw_id_fields = ["recorded_by"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["legal_name", "preferred_name", "date_of_birth", "key_support_worker"]
    search_fields = ["search_name", "ni_number"]
    raw_id_fields = ["key_support_worker"]
    inlines = [SupportNeedInline, RiskFlagInline, ConsentInline]
    readonly_fields = ["created_at"]


@admin.register(SupportNote)
class SupportNoteAdmin(SimpleHistoryAdmin):
    list_display = ["person", "written_on", "author"]
    raw_id_fields = ["person", "author"]
    list_select_related = ["person", "author"]
