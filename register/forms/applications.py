"""Forms for the housing register: open, triage, household, override, referral, close, and the queue filter."""

from django import forms

from accounts.models import User
from core.forms import DateInput, HearthForm, HearthModelForm

from ..models import ApplicationMember, Band, RegisterApplication


class OpenForm(HearthForm):
    applied_on = forms.DateField(label="Date applied", widget=DateInput(), required=False)


class TriageForm(HearthModelForm):
    class Meta:
        model = RegisterApplication
        fields = [
            "pref_homeless",
            "pref_duty",
            "pref_conditions",
            "pref_medical",
            "pref_locality",
            "urgent",
            "vulnerable",
            "armed_forces",
            "left_forces_on",
            "years_in_district",
            "household_income",
            "savings",
            "housing_arrears",
            "proven_asb",
            "bedrooms_now",
            "triage_note",
        ]
        widgets = {"left_forces_on": DateInput()}
        labels = {"triage_note": "Triage note"}


class MemberForm(HearthModelForm):
    class Meta:
        model = ApplicationMember
        fields = ["name", "relationship", "date_of_birth", "sex"]
        widgets = {"date_of_birth": DateInput()}
        labels = {"name": "Their name"}


class OverrideForm(HearthForm):
    band = forms.ModelChoiceField(
        queryset=Band.objects.all(), required=False, empty_label="No override: use the calculated band"
    )
    reason = forms.CharField(label="Reason for the override", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean_reason(self):
        reason = self.cleaned_data.get("reason", "").strip()
        if not reason:
            raise forms.ValidationError("Give the reason for overriding the band.")
        return reason


class SignpostForm(HearthForm):
    to_whom = forms.CharField(label="Referred or signposted to", max_length=200)
    made_on = forms.DateField(label="Date of the referral", widget=DateInput(), required=False)
    note = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class CloseForm(HearthForm):
    reason = forms.CharField(label="Reason for closing", widget=forms.Textarea(attrs={"rows": 3}))


class QueueFilterForm(HearthForm):
    status = forms.ChoiceField(
        choices=[("open", "All open"), ("all", "All"), *RegisterApplication.Status.choices], required=False
    )
    band = forms.ModelChoiceField(queryset=Band.objects.all(), required=False, empty_label="Any band")
    officer = forms.ModelChoiceField(queryset=User.objects.none(), required=False, empty_label="Any officer")

    def __init__(self, *args, officers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if officers is not None:
            self.fields["officer"].queryset = officers
