"""Forms for temporary accommodation placements."""

from decimal import Decimal

from django import forms
from django.utils import timezone

from core.forms import DateInput, HearthForm

from ..models import Placement


class PlacementForm(HearthForm):
    kind = forms.ChoiceField(label="Type of accommodation", choices=[("", "Choose…"), *Placement.Kind.choices])
    address = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    provider = forms.CharField(label="Provider or landlord", max_length=200, required=False)
    started_on = forms.DateField(label="First night", widget=DateInput, initial=timezone.localdate)
    weekly_charge = forms.DecimalField(
        label="Weekly charge (£)",
        min_value=Decimal("0.00"),
        max_digits=9,
        decimal_places=2,
        help_text="What the household is charged each week; Housing Benefit may cover some or all of it.",
    )


class PlacementEndForm(HearthForm):
    ended_on = forms.DateField(label="Last night", widget=DateInput, initial=timezone.localdate)
    note = forms.CharField(label="Why it ended", required=False, widget=forms.Textarea(attrs={"rows": 2}))
