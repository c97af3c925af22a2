from django import forms
from django.utils import timezone

from core.forms import HearthForm

from ..quarters import Quarter


def last_quarter() -> Quarter:
    return Quarter.containing(timezone.localdate()).previous()


class QuarterField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 7)
        kwargs.setdefault("help_text", "As 2026Q3: July to September 2026.")
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        try:
            return Quarter.parse(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


class ReadinessForm(HearthForm):
    quarter = QuarterField(label="Quarter")


class ExportForm(HearthForm):
    quarter = QuarterField(label="Quarter to export")
    draft = forms.BooleanField(
        label="Export as a draft",
        required=False,
        help_text="A draft is marked as a draft inside every file, is not kept, and may include failing cases.",
    )
