"""Forms for the landlord directory: a landlord or agent, a home they offer, a document seen, the search."""

from django import forms

from core.forms import DateInput, HearthForm, HearthModelForm

from ..models import Landlord, LandlordProperty, PropertyDocument


class LandlordSearchForm(HearthForm):
    q = forms.CharField(label="Search by name", max_length=100, required=False)


class LandlordForm(HearthModelForm):
    class Meta:
        model = Landlord
        fields = ["kind", "name", "contact_name", "phone", "email", "address", "notes", "active"]
        labels = {
            "kind": "Landlord or letting agent",
            "name": "Name",
            "contact_name": "Contact name",
            "phone": "Phone",
            "email": "Email",
            "address": "Address",
            "notes": "Notes",
            "active": "Still working with us",
        }
        help_texts = {"active": "Untick when we stop working with them. Their homes and past moves stay."}
        widgets = {"address": forms.Textarea(attrs={"rows": 3}), "notes": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"name": {"required": "Enter the landlord's or agent's name."}}


class PropertyForm(HearthModelForm):
    class Meta:
        model = LandlordProperty
        fields = ["address", "postcode", "bedrooms", "shared", "weekly_rent", "brma", "active"]
        labels = {
            "address": "Address of the home",
            "postcode": "Postcode",
            "bedrooms": "Bedrooms",
            "shared": "A room in a shared house",
            "weekly_rent": "Weekly rent (£)",
            "brma": "Broad rental market area",
            "active": "Still available to us",
        }
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "address": {"required": "Enter the address of the home."},
            "bedrooms": {"required": "Enter the number of bedrooms (0 for a studio)."},
            "weekly_rent": {"required": "Enter the weekly rent in pounds, for example 185.00."},
        }

    def clean_weekly_rent(self):
        rent = self.cleaned_data["weekly_rent"]
        if rent is not None and rent <= 0:
            raise forms.ValidationError("The weekly rent must be more than £0.")
        return rent


class DocumentForm(HearthForm):
    kind = forms.ChoiceField(
        label="Document", choices=PropertyDocument.Kind.choices, error_messages={"required": "Choose the document."}
    )
    seen_on = forms.DateField(
        label="Date you saw it", widget=DateInput, error_messages={"required": "Enter the date you saw it."}
    )
    expires_on = forms.DateField(
        label="Expiry date",
        widget=DateInput,
        required=False,
        help_text="Leave blank for a document that does not expire (a deposit certificate).",
    )
    notes = forms.CharField(label="Notes", max_length=300, required=False)
