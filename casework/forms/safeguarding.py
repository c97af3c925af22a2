"""Forms for raising, updating and closing a safeguarding concern."""

from django import forms
from django.utils import timezone

from core.forms import DateInput, HearthForm, HearthModelForm

from ..models import SafeguardingConcern

REQUIRED = {
    "about": "Say whether the concern is about an adult or a child.",
    "subject_name": "Say who the concern is about.",
    "category": "Choose the kind of concern.",
    "seen": "Write down what was seen or heard.",
    "raised_on": "Give the date of the concern.",
}


class ConcernForm(HearthModelForm):
    class Meta:
        model = SafeguardingConcern
        fields = [
            "about",
            "subject_name",
            "category",
            "seen",
            "raised_on",
            "referred_to",
            "referred_on",
            "agency_reference",
        ]
        labels = {
            "about": "Is the concern about an adult or a child?",
            "subject_name": "Who is the concern about?",
            "seen": "What was seen or heard",
            "raised_on": "Date of the concern",
            "referred_to": "Referred to",
            "referred_on": "Date of the referral",
            "agency_reference": "The agency's reference",
        }
        help_texts = {
            "subject_name": "Their name, and their age if it is a child.",
            "seen": "Write down what you saw or heard, and who said it, in their words where you can. "
            "Keep to facts; say what you did.",
            "referred_to": "If you have not referred it yet, choose 'Not referred' and update the concern later.",
            "referred_on": "Needed if you referred it.",
            "agency_reference": "If the agency gave you one.",
        }
        widgets = {
            "about": forms.RadioSelect,
            "referred_to": forms.RadioSelect,
            "seen": forms.Textarea(attrs={"rows": 6}),
            "raised_on": DateInput,
            "referred_on": DateInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about"].choices = SafeguardingConcern.About.choices
        self.fields["category"].choices = [("", "Choose the kind of concern"), *SafeguardingConcern.Category.choices]
        self.fields["referred_to"].choices = SafeguardingConcern.ReferredTo.choices
        self.fields["referred_to"].required = False
        for name, message in REQUIRED.items():
            self.fields[name].error_messages["required"] = message
        if not self.instance.pk:
            self.initial.setdefault("raised_on", timezone.localdate())
            self.initial.setdefault("referred_to", SafeguardingConcern.ReferredTo.NONE)

    def clean_referred_to(self):
        return self.cleaned_data.get("referred_to") or SafeguardingConcern.ReferredTo.NONE

    def _post_clean(self):
        """The service checks the rules and saves; the form only parses."""


class ConcernEditForm(ConcernForm):
    class Meta(ConcernForm.Meta):
        fields = [*ConcernForm.Meta.fields, "outcome"]
        labels = {**ConcernForm.Meta.labels, "outcome": "What has happened so far"}
        help_texts = {
            **ConcernForm.Meta.help_texts,
            "outcome": "Optional. You will be asked for the outcome when you close it.",
        }
        widgets = {**ConcernForm.Meta.widgets, "outcome": forms.Textarea(attrs={"rows": 4})}


class CloseConcernForm(HearthForm):
    outcome = forms.CharField(
        label="Outcome",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What happened, and what the agency decided if it was referred.",
        error_messages={"required": "Say what happened, so whoever reads the case later understands."},
    )
    closed_on = forms.DateField(label="Date closed", widget=DateInput, initial=timezone.localdate)
