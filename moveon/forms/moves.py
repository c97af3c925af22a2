"""Forms for the move and the six-month follow-up."""

from django import forms

from core.forms import DateInput, HearthForm


class MoveForm(HearthForm):
    start_date = forms.DateField(
        label="Tenancy start date", widget=DateInput, error_messages={"required": "Enter the date the tenancy started."}
    )
    tenancy_months = forms.IntegerField(
        label="Length of the tenancy (months)",
        min_value=1,
        max_value=120,
        error_messages={"required": "Enter the length of the tenancy in months, for example 12."},
    )


class FollowUpForm(HearthForm):
    on = forms.DateField(
        label="Date of the follow-up", widget=DateInput, error_messages={"required": "Enter the date."}
    )
    still_there = forms.TypedChoiceField(
        label="Are they still living there?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether they are still living there."},
    )
    left_reason = forms.CharField(
        label="If not, why did they leave?", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
