"""Forms for voids: the stage dates, one checklist item, taking a unit out of use."""

from django import forms

from core.forms import DateInput, HearthForm
from tenancies.models import Scheme

from ..models import Void, VoidCheck
from ..services.voids import OUT_OF_USE_REASONS


def _date(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label, widget=DateInput, required=False, error_messages={"invalid": "Enter a real date."}, **kwargs
    )


class VoidDatesForm(HearthForm):
    keys_back_on = _date("Keys back")
    inspected_on = _date("Inspected")
    works_ordered_on = _date("Works ordered")
    works_completed_on = _date("Works complete")
    ready_to_let_on = _date("Ready to let")


class VoidCheckForm(HearthForm):
    item = forms.ChoiceField(label="Checklist item", choices=VoidCheck.Item.choices)
    result = forms.ChoiceField(label="Result", choices=VoidCheck.Result.choices, widget=forms.RadioSelect)
    checked_on = forms.DateField(
        label="Date checked",
        widget=DateInput,
        error_messages={"required": "Enter the date it was checked.", "invalid": "Enter a real date."},
    )
    notes = forms.CharField(
        label="Notes", widget=forms.Textarea(attrs={"rows": 2}), required=False, help_text="Needed if it failed."
    )


class OutOfUseForm(HearthForm):
    reason = forms.ChoiceField(
        label="Why it is out of use",
        choices=[(value, label) for value, label in Void.Reason.choices if value in OUT_OF_USE_REASONS],
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label="What is wrong",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say what is wrong, so colleagues know when it can be let again."},
    )
    started_on = forms.DateField(
        label="Out of use from",
        widget=DateInput,
        error_messages={"required": "Enter the date it went out of use.", "invalid": "Enter a real date."},
    )


class VoidFilterForm(HearthForm):
    scheme = forms.ModelChoiceField(label="Scheme", queryset=Scheme.objects.none(), required=False, empty_label="All")

    def __init__(self, *args, schemes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes
