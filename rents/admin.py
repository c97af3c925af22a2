from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdminMixin

from .models import (
    ArrearsStage,
    ChargeCalendar,
    ChargeLine,
    HousingBenefitClaim,
    ImportBatch,
    LedgerEntry,
    RentAccount,
    RentFreeWeek,
)
from .services import standing


class RentFreeWeekInline(admin.TabularInline):
    model = RentFreeWeek
    extra = 1


@admin.register(ChargeCalendar)
class ChargeCalendarAdmin(SimpleHistoryAdmin):
    list_display = ["name"]
    inlines = [RentFreeWeekInline]


class ChargeLineInline(admin.TabularInline):
    model = ChargeLine
    extra = 0


class LedgerEntryInline(admin.TabularInline):
    """Read-only: the ledger is append-only; corrections are reversals posted through Hearth."""

    model = LedgerEntry
    extra = 0
    fields = ["posted_on", "kind", "method", "amount", "week_commencing", "description", "reference", "reverses"]
    readonly_fields = fields
    can_delete = False
    ordering = ["-posted_on", "-pk"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RentAccount)
class RentAccountAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "name", "balance", "charging_from", "charging_until"]
    search_fields = ["reference", "name"]
    readonly_fields = ["balance", "arrears", "standing_on"]
    inlines = [ChargeLineInline, LedgerEntryInline]

    def save_related(self, request, form, formsets, change):
        """A changed charge line changes the weekly charge and the arrears: worked out again on next read."""
        super().save_related(request, form, formsets, change)
        standing.invalidate([form.instance.pk])


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["posted_on", "account", "kind", "method", "amount", "reference"]
    list_filter = ["kind", "method"]
    search_fields = ["account__reference", "reference"]
    list_select_related = ["account"]


@admin.register(HousingBenefitClaim)
class HousingBenefitClaimAdmin(SimpleHistoryAdmin):
    list_display = ["claim_reference", "account", "status", "weekly_award", "starts_on", "ends_on"]
    list_filter = ["status"]
    search_fields = ["claim_reference", "account__reference", "account__name"]
    raw_id_fields = ["account"]

    def save_model(self, request, obj, form, change):
        previous = type(obj).objects.filter(pk=obj.pk).values_list("account_id", flat=True).first()
        super().save_model(request, obj, form, change)
        standing.invalidate({obj.account_id, previous} - {None})


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: imports are made and resolved through Hearth's import pages."""

    list_display = ["uploaded_at", "kind", "filename", "uploaded_by", "status", "row_count", "posted_count"]
    list_filter = ["kind", "status"]


@admin.register(ArrearsStage)
class ArrearsStageAdmin(SimpleHistoryAdmin):
    """Admins tune the arrears stages (thresholds, letters, manager review) here."""

    list_display = ["order", "name", "min_balance", "min_weeks_of_charge", "needs_manager_review", "refers_to_notice"]
    list_display_links = ["name"]
