"""Every Hearth form refuses hostile input with a clear message (issue 8.7)."""

import importlib
import pkgutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings

from core.forms import HearthForm, HearthFormMixin

PROJECT_APPS = [config for config in apps.get_app_configs() if Path(config.path).parent == Path(settings.BASE_DIR)]


def project_form_classes():
    for config in PROJECT_APPS:
        for module in pkgutil.walk_packages([config.path], prefix=f"{config.name}."):
            if ".forms" in module.name or module.name.endswith(".forms") or ".forms_" in module.name:
                importlib.import_module(module.name)
        importlib.import_module(config.name)
    seen, stack = set(), [forms.BaseForm]
    while stack:
        for subclass in stack.pop().__subclasses__():
            if subclass not in seen:
                seen.add(subclass)
                stack.append(subclass)
    prefixes = tuple(f"{config.name}." for config in PROJECT_APPS)
    return sorted((c for c in seen if c.__module__.startswith(prefixes)), key=lambda c: c.__qualname__)


def test_every_project_form_is_hardened():
    classes = project_form_classes()
    assert len(classes) > 60
    unhardened = [f"{c.__module__}.{c.__qualname__}" for c in classes if not issubclass(c, HearthFormMixin)]
    assert not unhardened, f"Base these on core.forms.HearthForm / HearthModelForm: {unhardened}"


class Sample(HearthForm):
    name = forms.CharField(required=False)
    notes = forms.CharField(required=False, widget=forms.Textarea)
    on = forms.DateField(required=False)
    at = forms.DateTimeField(required=False)
    amount = forms.DecimalField(required=False)
    count = forms.IntegerField(required=False)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "a\x00b", "hidden control character"),
        ("name", "\x1b[31mred", "hidden control character"),
        ("notes", "one\x07two", "hidden control character"),
        ("on", "9999-12-31", "between 1 January 1900 and 31 December 2100"),
        ("on", "0001-01-01", "between 1 January 1900 and 31 December 2100"),
        ("at", "9999-12-31 10:00", "between 1 January 1900 and 31 December 2100"),
        ("amount", "1e400", "no more than 12 digits"),
        ("amount", "0.001", "no more than 2 decimal places"),
        ("amount", "NaN", "Enter a number"),
        ("count", "99999999999", "less than or equal to 2147483647"),
    ],
)
def test_hostile_values_get_a_clear_message(field, value, message):
    form = Sample(data={field: value})
    assert not form.is_valid()
    assert any(message in error for error in form.errors[field]), form.errors


def test_ordinary_values_pass():
    form = Sample(
        data={
            "name": "Ann O'Neill",
            "notes": "Line one\r\nLine two\tindented",
            "on": "2026-12-02",
            "amount": "12.50",
            "count": "3",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["on"] == date(2026, 12, 2)
    assert form.cleaned_data["amount"] == Decimal("12.50")


def test_hardening_does_not_leak_between_instances():
    Sample()
    Sample()
    assert len(Sample().fields["name"].validators) == len(Sample.base_fields["name"].validators) + 1
