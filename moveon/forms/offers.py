"""Forms for offering a private rented home to a household, a viewing, and the offer's outcome."""

from decimal import Decimal

from django import forms

from core.forms import DateInput, HearthForm

from ..models import BroadRentalMarketArea, LandlordProperty, Offer


class OfferForm(HearthForm):
    home = forms.ModelChoiceField(
        label="Home from the landlord directory",
        queryset=LandlordProperty.objects.none(),
        required=False,
        help_text="Or leave blank and type the address below.",
        error_messages={"invalid_choice": "Choose a home from the list."},
    )
    address = forms.CharField(
        label="Address, if not in the directory", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    weekly_rent = forms.DecimalField(
        label="Weekly rent (£)",
        max_digits=8,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages={"required": "Enter the weekly rent in pounds, for example 185.00."},
    )
    bedrooms = forms.IntegerField(
        label="Bedrooms in the home",
        min_value=0,
        max_value=10,
        error_messages={"required": "Enter the number of bedrooms (0 for a studio)."},
    )
    brma = forms.ModelChoiceField(
        label="Broad rental market area",
        queryset=BroadRentalMarketArea.objects.all(),
        required=False,
        help_text="Taken from the directory when you choose a home from it.",
    )
    weekly_income = forms.DecimalField(
        label="Household's weekly income now (£)",
        max_digits=8,
        decimal_places=2,
        min_value=Decimal("0"),
        help_text="All income, including benefits.",
        error_messages={"required": "Enter the household's weekly income, or 0."},
    )
    offered_on = forms.DateField(
        label="Date offered", widget=DateInput, error_messages={"required": "Enter the date the home was offered."}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home"].queryset = LandlordProperty.objects.filter(
            active=True, landlord__active=True
        ).select_related("landlord")


class ViewingForm(HearthForm):
    on = forms.DateField(
        label="Date of the viewing", widget=DateInput, error_messages={"required": "Enter the date of the viewing."}
    )
    attended = forms.TypedChoiceField(
        label="Did the household attend?",
        choices=[("", "Not yet known"), ("yes", "Yes"), ("no", "No")],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
        required=False,
    )
    notes = forms.CharField(label="Viewing notes", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class OutcomeForm(HearthForm):
    outcome = forms.ChoiceField(
        label="How did the offer end?",
        choices=[c for c in Offer.Outcome.choices if c[0] != Offer.Outcome.PENDING],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the offer ended."},
    )
    on = forms.DateField(label="Date of the outcome", widget=DateInput, error_messages={"required": "Enter the date."})
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Needed when the household refused: in their words where you can.",
    )
