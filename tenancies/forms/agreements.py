"""Forms for sign-up, the checklist, ending an agreement and referrals."""

from django import forms
from django.core.exceptions import ValidationError

from casework.models import Referral
from core.forms import HearthForm, HearthModelForm, add_validation_error
from people.models import Consent

from ..models import Agreement, Unit
from ..services.agreements import check_dates, check_no_overlap
from .stock import DATE, PersonForm


class SignUpPersonForm(PersonForm):
    """The resident's details at sign-up (a new person)."""

    prefix = "person"


class AgreementForm(HearthModelForm):
    prefix = "agreement"

    class Meta:
        model = Agreement
        fields = [
            "unit",
            "kind",
            "start_date",
            "end_date",
            "weekly_rent",
            "weekly_service_charge",
            "weekly_personal_charge",
            "weekly_support_charge",
        ]
        widgets = {"start_date": DATE, "end_date": DATE}
        help_texts = {"end_date": "Leave blank for an open-ended agreement."}

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
        self.fields["unit"].label_from_instance = lambda unit: f"{unit.scheme}: {unit}"
        self.fields["unit"].error_messages["invalid_choice"] = (
            "Choose a unit from the list: that unit is not one you can let."
        )

    def clean(self):
        cleaned = super().clean()
        unit, kind, start, end = (cleaned.get(k) for k in ("unit", "kind", "start_date", "end_date"))
        if start and kind:
            try:
                check_dates(kind=kind, start_date=start, end_date=end)
            except ValidationError as exc:
                add_validation_error(self, exc)
        if unit and start and not self.errors:
            if unit.unavailable_reason:
                self.add_error("unit", f"This unit is unavailable: {unit.unavailable_reason}")
            try:
                check_no_overlap(unit=unit, start_date=start, end_date=end)
            except ValidationError as exc:
                self.add_error("start_date", exc)
        return cleaned


class ChecklistForm(HearthModelForm):
    class Meta:
        model = Agreement
        fields = Agreement.CHECKLIST


class EndAgreementForm(HearthForm):
    end_date = forms.DateField(widget=DATE)
    reason = forms.ChoiceField(label="Why did it end?", choices=[("", "Choose a reason"), *Agreement.EndReason.choices])
    positive_move_on = forms.TypedChoiceField(
        label="Was it a positive move-on?",
        choices=[
            ("", "Choose"),
            ("yes", "Yes: somewhere settled and right for them"),
            ("no", "No"),
            ("unknown", "Not known"),
        ],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
    )
    destination = forms.CharField(
        label="Where did they move to?", required=False, help_text="For example 'own council flat', 'family'."
    )


class ReferralForm(HearthForm):
    """Raise a referral to the council's homelessness prevention team, with recorded consent."""

    risk = forms.ChoiceField(label="What puts their home at risk?", choices=Referral.Risk.choices)
    reason = forms.CharField(label="What is happening, in plain words", widget=forms.Textarea(attrs={"rows": 4}))
    expected_loss_on = forms.DateField(label="When might they lose their home?", required=False, widget=DATE)
    consent_given = forms.BooleanField(
        label="They agree to us sharing their details with the council's homelessness prevention team",
        required=False,
    )
    consent_how = forms.CharField(
        label="How did they give consent?", required=False, help_text="For example 'verbally, in person, today'."
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("consent_given"):
            self.add_error(
                "consent_given",
                "We can only refer someone with their consent. Talk it through with them first.",
            )
        elif not cleaned.get("consent_how"):
            self.add_error("consent_how", "Say how they gave consent.")
        return cleaned


__all__ = ["AgreementForm", "ChecklistForm", "Consent", "EndAgreementForm", "ReferralForm", "SignUpPersonForm"]
