"""Administrators keep the broad rental market areas and the Local Housing Allowance rates here."""

from django.contrib import admin

from core.forms import HearthModelForm

from .models import BroadRentalMarketArea, LHARate


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
