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


def add_validation_error(form, exc) -> None:
    """Put a service's rule-break on the form: on its field when the form has it, else at the top."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(name if name in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)
