import re
from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator, MaxValueValidator, MinValueValidator
from django.forms.renderers import TemplatesSetting

FORM_DATE_MIN = date(1900, 1, 1)
FORM_DATE_MAX = date(2100, 12, 31)
"""No date typed into Hearth is older than a living person's birth or further off than a tenancy could run.

Outside this range date arithmetic overflows (9999-12-31 plus a day) and the ledger's periods make no sense.
"""

INTEGER_MIN, INTEGER_MAX = -(2**31), 2**31 - 1
"""The range of a PostgreSQL `integer` column, so a form never hands the database a number it refuses."""

MONEY_MAX_DIGITS, MONEY_DECIMAL_PLACES = 12, 2

PERIOD_MESSAGE = "The end of the period must be on or after its start."

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""C0 and C1 control characters other than tab and line breaks: invisible, and NUL is refused by PostgreSQL."""


class HearthFormRenderer(TemplatesSetting):
    """Every `{{ form }}` gets an error summary, labels, hints and linked error messages."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


class DateInput(forms.DateInput):
    """A native date picker. Browsers need ISO dates in `value`, whatever the locale."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs=attrs, format=format)


DATE_TIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeInput(forms.DateTimeInput):
    """A native date-and-time picker; browsers need `YYYY-MM-DDTHH:MM` in `value`."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATE_TIME_FORMAT)


def date_time_field(**kwargs) -> forms.DateTimeField:
    """A date and time in London, typed or picked (what the phone's picker sends)."""
    return forms.DateTimeField(widget=DateTimeInput(), input_formats=[DATE_TIME_FORMAT, "%Y-%m-%d %H:%M"], **kwargs)


def add_validation_error(form, exc) -> None:
    """Put a service's rule-break on the form: on its field when the form has it, else at the top."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(name if name in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


def refuse_control_characters(value) -> None:
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            "This contains a hidden control character (perhaps from a copy and paste). Retype it and try again.",
            code="control_character",
        )


def check_date_in_range(value) -> None:
    day = value.date() if isinstance(value, datetime) else value
    if isinstance(day, date) and not FORM_DATE_MIN <= day <= FORM_DATE_MAX:
        raise ValidationError(
            f"Enter a date between {FORM_DATE_MIN:%-d %B %Y} and {FORM_DATE_MAX:%-d %B %Y}.", code="date_range"
        )


def harden_fields(fields) -> None:
    """Give every field the limits hostile or careless input needs, whatever the form declared.

    Text refuses control characters, dates stay in `FORM_DATE_MIN`..`FORM_DATE_MAX`, whole
    numbers fit an integer column, and decimals without declared precision get money's.
    """
    for field in fields.values():
        if isinstance(field, forms.CharField):
            field.validators.append(refuse_control_characters)
        elif isinstance(field, forms.DateField | forms.DateTimeField):
            field.validators.append(check_date_in_range)
        elif isinstance(field, forms.DecimalField):
            if field.max_digits is None:
                places = MONEY_DECIMAL_PLACES if field.decimal_places is None else field.decimal_places
                field.validators.append(DecimalValidator(MONEY_MAX_DIGITS, places))
        elif isinstance(field, forms.IntegerField):
            if field.max_value is None:
                field.validators.append(MaxValueValidator(INTEGER_MAX))
            if field.min_value is None:
                field.validators.append(MinValueValidator(INTEGER_MIN))
        elif isinstance(field, forms.MultiValueField):
            harden_fields(dict(enumerate(field.fields)))


def check_period(form, cleaned: dict, start: str = "start", end: str = "end", message: str = PERIOD_MESSAGE) -> None:
    """Every from/to pair in Hearth follows one rule: the end is on or after the start."""
    first, last = cleaned.get(start), cleaned.get(end)
    if first and last and last < first:
        form.add_error(end, message)


class HearthFormMixin:
    """Every Hearth form uses this (a test checks), so no field reaches a service or the database unchecked."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        harden_fields(self.fields)


class HearthForm(HearthFormMixin, forms.Form):
    pass


class HearthModelForm(HearthFormMixin, forms.ModelForm):
    pass


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.email})" if obj.full_name else obj.email


class ContentTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name.capitalize()


class AccessLogFilterForm(HearthForm):
    """Narrow the access log to one person, one kind of record or a range of days (a GET form).

    Only people and kinds of record that appear in the log are offered, so every choice finds something.
    """

    user = UserChoiceField(queryset=None, required=False, empty_label="Everyone", label="Who")
    content_type = ContentTypeChoiceField(
        queryset=None, required=False, empty_label="All kinds of record", label="Kind of record"
    )
    date_from = forms.DateField(required=False, widget=DateInput, label="From")
    date_to = forms.DateField(required=False, widget=DateInput, label="To")

    def __init__(self, *args, **kwargs):
        from django.contrib.auth import get_user_model
        from django.contrib.contenttypes.models import ContentType

        from .models import AccessLog

        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.filter(
            pk__in=AccessLog.objects.filter(user__isnull=False).values("user")
        )
        self.fields["content_type"].queryset = ContentType.objects.filter(
            pk__in=AccessLog.objects.values("content_type")
        ).order_by("model")
        self.fields["user"].error_messages["invalid_choice"] = "Choose a person from the list."
        self.fields["content_type"].error_messages["invalid_choice"] = "Choose a kind of record from the list."

    def clean(self):
        cleaned = super().clean()
        check_period(
            self, cleaned, "date_from", "date_to", "The 'To' date must be the same as or after the 'From' date."
        )
        return cleaned
