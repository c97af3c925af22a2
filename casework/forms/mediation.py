"""Forms for mediation with the host, its sessions and its outcome."""

from django import forms
from django.utils import timezone

from core.forms import DateInput, HearthForm, HearthModelForm

from ..models import Mediation, MediationSession


class MediationForm(HearthModelForm):
    class Meta:
        model = Mediation
        fields = [
            "host_name",
            "host_relationship",
            "other_parties",
            "started_on",
            "professional_referral",
            "professional_service",
            "referred_on",
        ]
        labels = {
            "started_on": "Date mediation started",
            "professional_service": "Mediation service",
            "referred_on": "Date of the referral",
        }
        help_texts = {
            "host_relationship": "For example mother, uncle or friend.",
            "professional_service": "Only if they were referred to professional mediation.",
        }
        widgets = {
            "started_on": DateInput,
            "referred_on": DateInput,
            "other_parties": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("host_name", case.host_name)
        self.initial.setdefault("host_relationship", case.host_relationship)
        self.initial.setdefault("started_on", timezone.localdate())


class SessionForm(HearthModelForm):
    class Meta:
        model = MediationSession
        fields = ["held_on", "attended", "notes", "agreed_actions"]
        labels = {"held_on": "Date of the session", "agreed_actions": "What was agreed"}
        widgets = {
            "held_on": DateInput,
            "attended": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 5}),
            "agreed_actions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("held_on", timezone.localdate())


OUTCOME_CHOICES = [(value, label) for value, label in Mediation.Outcome.choices if value != Mediation.Outcome.ONGOING]


class OutcomeForm(HearthForm):
    outcome = forms.ChoiceField(label="How did the mediation end?", choices=OUTCOME_CHOICES, widget=forms.RadioSelect)
    stay_until = forms.DateField(
        label="They can stay until",
        required=False,
        widget=DateInput,
        help_text="Only if the host agrees they can stay until a date.",
    )
    outcome_on = forms.DateField(label="Date of the outcome", widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("outcome_on", timezone.localdate())
