"""Admins maintain stock here; casework records are visible for support and audit."""

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import Coverage

from .models import (
    Agreement,
    Complaint,
    HouseMeeting,
    Incident,
    IncidentParty,
    Involvement,
    LadderAction,
    Letter,
    MeetingAction,
    Property,
    Scheme,
    Unit,
)


class CoverageInline(GenericTabularInline):
    """Which housing and support workers cover this scheme (their object scope)."""

    model = Coverage
    extra = 1
    fields = ["user", "starts", "ends"]
    raw_id_fields = ["user"]
    verbose_name = "assigned worker"
    verbose_name_plural = "assigned housing and support workers"


class PropertyInline(admin.TabularInline):
    model = Property
    extra = 0
    fields = ["address", "town", "postcode", "uprn", "owner"]
    show_change_link = True


@admin.register(Scheme)
class SchemeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "postcode", "partner_landlord", "support_provider"]
    list_filter = ["kind"]
    search_fields = ["name", "postcode", "partner_landlord"]
    inlines = [PropertyInline, CoverageInline]


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0
    fields = ["label", "kind", "accessibility_features", "unavailable_reason"]


@admin.register(Property)
class PropertyAdmin(SimpleHistoryAdmin):
    list_display = ["address", "town", "postcode", "scheme", "management_agreement_end"]
    list_filter = ["scheme"]
    search_fields = ["address", "postcode", "uprn"]
    list_select_related = ["scheme"]
    inlines = [UnitInline]


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["label", "property", "kind", "unavailable_reason"]
    list_filter = ["kind", "property__scheme"]
    search_fields = ["label", "property__address", "property__postcode"]
    list_select_related = ["property"]


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["person", "unit", "kind", "status", "start_date", "end_date"]
    list_filter = ["status", "kind", "unit__property__scheme"]
    search_fields = ["person__legal_name", "person__preferred_name", "unit__label"]
    list_select_related = ["person", "unit__property"]
    raw_id_fields = ["person", "unit", "created_by"]
    date_hierarchy = "start_date"


class PartyInline(admin.TabularInline):
    model = IncidentParty
    extra = 0
    raw_id_fields = ["person"]


class ActionInline(admin.StackedInline):
    model = LadderAction
    extra = 0
    raw_id_fields = ["person", "agreement", "support_worker", "approved_by", "recorded_by"]


@admin.register(Incident)
class IncidentAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "scheme", "kind", "risk", "hate_incident", "review_on", "closed_on"]
    list_filter = ["kind", "risk", "hate_incident", "scheme"]
    list_select_related = ["scheme"]
    inlines = [PartyInline, ActionInline]
    raw_id_fields = ["recorded_by"]


@admin.register(Letter)
class LetterAdmin(SimpleHistoryAdmin):
    list_display = ["title", "person", "created_at"]
    search_fields = ["title", "person__legal_name"]
    raw_id_fields = ["person", "ladder_action", "created_by"]
    list_select_related = ["person"]


class MeetingActionInline(admin.TabularInline):
    model = MeetingAction
    extra = 0
    raw_id_fields = ["owner"]


@admin.register(HouseMeeting)
class HouseMeetingAdmin(SimpleHistoryAdmin):
    list_display = ["scheme", "held_on"]
    list_filter = ["scheme"]
    inlines = [MeetingActionInline]
    filter_horizontal = ["residents_present", "staff_present"]


@admin.register(Involvement)
class InvolvementAdmin(SimpleHistoryAdmin):
    list_display = ["kind", "scheme", "person", "received_on"]
    list_filter = ["kind", "scheme"]
    raw_id_fields = ["person", "recorded_by"]


@admin.register(Complaint)
class ComplaintAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "scheme", "stage", "closed_on"]
    list_filter = ["stage", "scheme"]
    raw_id_fields = ["person", "stage1_handler", "stage2_handler", "recorded_by"]
