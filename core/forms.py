from django import forms
from django.forms.renderers import TemplatesSetting


class HearthFormRenderer(TemplatesSetting):
    """Every `{{ form }}` gets an error summary, labels, hints and linked error messages."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


class DateInput(forms.DateInput):
    """A native date picker. Browsers need ISO dates in `value`, whatever the locale."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs=attrs, format=format)
