"""Admins keep the repairs configuration here: priorities and their targets, hazard types and when
they become significant hazards, whether Awaab's Law applies per scheme and agreement type, budget
codes. Repairs, hazards, orders and voids are changed only through Hearth's pages (their services
keep the clocks, budgets and audit right), so they are read-only here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AwaabApplicability,
    BudgetCode,
    Contractor,
    Hazard,
    HazardType,
    Repair,
    RepairPriority,
    RepairsBudget,
    Void,
    WorksOrder,
)


@admin.register(RepairPriority)
class RepairPriorityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "target_amount", "target_unit", "is_emergency", "active", "order"]
    list_editable = ["order", "active"]


@admin.register(HazardType)
class HazardTypeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "significant_from", "source"]


@admin.register(AwaabApplicability)
class AwaabApplicabilityAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "applies", "reason", "set_by", "set_at"]
    list_filter = ["applies"]
    fields = ["scheme", "agreement_kind", "applies", "reason"]

    def save_model(self, request, obj, form, change):
        obj.set_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(BudgetCode)
class BudgetCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(Contractor)
class ContractorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "insurance_expires_on", "active"]
    search_fields = ["name"]


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Visible for support and audit; changed only through the services behind Hearth's pages."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Repair)
class RepairAdmin(ReadOnlyAdmin):
    list_display = ["reference", "scheme", "category", "priority", "status", "target_due_at"]
    list_filter = ["status", "priority", "category"]
    search_fields = ["reference"]


@admin.register(Hazard)
class HazardAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "basis", "aware_at", "outcome"]


@admin.register(WorksOrder)
class WorksOrderAdmin(ReadOnlyAdmin):
    list_display = ["number", "repair", "contractor", "estimated_cost", "closed_at"]
    search_fields = ["number"]


@admin.register(RepairsBudget)
class RepairsBudgetAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "amount", "committed", "spent"]


@admin.register(Void)
class VoidAdmin(ReadOnlyAdmin):
    list_display = ["unit", "reason", "started_on", "let_on"]
