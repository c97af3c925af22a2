from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Case,
    Duty,
    HclicCategory,
    HomeVisit,
    HouseholdMember,
    MainDutyDecision,
    Mediation,
    PersonalisedHousingPlan,
    PlanStep,
    PlanStepTemplate,
    Referral,
    SafeguardingConcern,
)


@admin.register(Referral)
class ReferralAdmin(SimpleHistoryAdmin):
    list_display = ["person", "source", "risk", "status", "received_at", "referred_by"]
    list_filter = ["source", "risk", "status"]
    list_select_related = ["person", "referred_by"]
    search_fields = ["person__legal_name", "person__preferred_name"]
    raw_id_fields = ["person", "consent"]


@admin.register(HclicCategory)
class HclicCategoryAdmin(admin.ModelAdmin):
    """Codes can be corrected here to match the H-CLIC specification a council receives from MHCLG."""

    list_display = ["label", "list_id", "code", "active", "position"]
    list_filter = ["list_id", "active"]
    search_fields = ["label", "code"]
    readonly_fields = ["list_id", "source"]


@admin.register(PlanStepTemplate)
class PlanStepTemplateAdmin(admin.ModelAdmin):
    list_display = ["text", "scenario", "party", "position", "active"]
    list_filter = ["scenario", "party", "active"]
    search_fields = ["text"]


class HouseholdInline(admin.TabularInline):
    model = HouseholdMember
    extra = 0


class DutyInline(admin.TabularInline):
    model = Duty
    extra = 0
    fields = ["kind", "started_on", "ended_on", "end_reason"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # duties start and end through casework.services.duties, which enforce the Act's rules


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "person", "team", "officer", "status", "approached_on"]
    list_filter = ["status", "team", "source", "triage_outcome"]
    list_select_related = ["person", "team", "officer"]
    search_fields = ["reference", "previous_reference", "person__legal_name", "person__preferred_name"]
    raw_id_fields = ["person", "referral", "referral_consent", "officer", "triaged_by"]
    filter_horizontal = ["support_needs", "named_workers"]
    readonly_fields = ["reference"]
    inlines = [HouseholdInline, DutyInline]


@admin.register(Duty)
class DutyAdmin(SimpleHistoryAdmin):
    list_display = ["case", "kind", "started_on", "ended_on", "end_reason"]
    list_filter = ["kind", "end_reason"]
    list_select_related = ["case__person"]
    raw_id_fields = ["case", "mediation_outcome", "started_by", "ended_by"]


@admin.register(MainDutyDecision)
class MainDutyDecisionAdmin(SimpleHistoryAdmin):
    list_display = ["case", "outcome", "decided_on", "letter_sent_on", "review_requested_on"]
    list_filter = ["outcome"]
    raw_id_fields = ["case", "decided_by"]


class PlanStepInline(admin.TabularInline):
    model = PlanStep
    extra = 0


@admin.register(PersonalisedHousingPlan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["case", "version", "scenario", "review_on", "issued_on", "superseded_at"]
    list_filter = ["scenario"]
    raw_id_fields = ["case", "created_by"]
    inlines = [PlanStepInline]


@admin.register(HomeVisit)
class HomeVisitAdmin(SimpleHistoryAdmin):
    list_display = ["case", "officer", "planned_start", "checked_in_at", "checked_out_at", "alert_level"]
    list_filter = ["kind", "alert_level"]
    raw_id_fields = ["case", "officer", "alert_acknowledged_by"]


@admin.register(Mediation)
class MediationAdmin(SimpleHistoryAdmin):
    list_display = ["case", "host_name", "outcome", "started_on"]
    list_filter = ["outcome"]
    raw_id_fields = ["case", "started_by"]


@admin.register(SafeguardingConcern)
class SafeguardingConcernAdmin(SimpleHistoryAdmin):
    list_display = ["case", "about", "category", "status", "raised_on", "referred_to"]
    list_filter = ["status", "about", "category", "referred_to"]
    raw_id_fields = ["case", "raised_by"]
