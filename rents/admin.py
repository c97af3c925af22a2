from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ChargeCalendar, ChargeLine, LedgerEntry, RentAccount, RentFreeWeek


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
    readonly_fields = ["balance"]
    inlines = [ChargeLineInline, LedgerEntryInline]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    list_display = ["posted_on", "account", "kind", "method", "amount", "reference"]
    list_filter = ["kind", "method"]
    search_fields = ["account__reference", "reference"]
    list_select_related = ["account"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
