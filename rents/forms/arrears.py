from django import forms

from core.forms import HearthForm


class AcceptProposalForm(HearthForm):
    notes = forms.CharField(
        label="Notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, what you agreed with the resident or their support worker.",
    )


class DeclineProposalForm(HearthForm):
    notes = forms.CharField(
        label="Why is this stage not right for now?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why this stage is not right for now."},
    )
