"""Administrators keep the broad rental market areas and the Local Housing Allowance rates here."""

from django.contrib import admin

from core.forms import HearthModelForm

from .models import BroadRentalMarketArea, IncentiveBudget, LHARate, MoveOnSettings


class BroadRentalMarketAreaForm(HearthModelForm):
    class Meta:
        model = BroadRentalMarketArea
        fields = ["name"]


class LHARateForm(HearthModelForm):
    class Meta:
        model = LHARate
        fields = ["brma", "category", "weekly_rate", "valid_from"]


@admin.register(BroadRentalMarketArea)
class BroadRentalMarketAreaAdmin(admin.ModelAdmin):
    form = BroadRentalMarketAreaForm
    search_fields = ["name"]


@admin.register(LHARate)
class LHARateAdmin(admin.ModelAdmin):
    form = LHARateForm
    list_display = ["brma", "category", "weekly_rate", "valid_from"]
    list_filter = ["brma", "category"]
    date_hierarchy = "valid_from"


class MoveOnSettingsForm(HearthModelForm):
    class Meta:
        model = MoveOnSettings
        fields = ["affordability_share", "incentive_approval_limit"]


@admin.register(MoveOnSettings)
class MoveOnSettingsAdmin(admin.ModelAdmin):
    form = MoveOnSettingsForm
    list_display = ["__str__", "affordability_share", "incentive_approval_limit"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not MoveOnSettings.objects.exists()


class IncentiveBudgetForm(HearthModelForm):
    class Meta:
        model = IncentiveBudget
        fields = ["financial_year", "amount"]


@admin.register(IncentiveBudget)
class IncentiveBudgetAdmin(admin.ModelAdmin):
    form = IncentiveBudgetForm
    list_display = ["__str__", "amount"]
