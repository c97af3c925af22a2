"""Forms for actions: closing one with its evidence, or a manager closing it with a reason."""

from django import forms

from core.forms import DateInput, HearthForm

from ..rules import CERTIFICATE_MAX_BYTES


class ActionCloseForm(HearthForm):
    completed_on = forms.DateField(
        label="Date it was done",
        widget=DateInput,
        error_messages={"required": "Enter the date it was done.", "invalid": "Enter a real date."},
    )
    evidence_notes = forms.CharField(
        label="What was done, and the evidence",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what was done and what shows it. An action cannot close without evidence."},
    )
    evidence = forms.FileField(
        label="Evidence file",
        required=False,
        help_text=f"A photo or a PDF (a job sheet, a certificate), up to {CERTIFICATE_MAX_BYTES // 2**20} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/*"}),
    )


class ActionOverrideForm(HearthForm):
    reason = forms.CharField(
        label="Why it can close without evidence",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the action can close without evidence."},
    )
