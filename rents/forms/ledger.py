"""One form per user action on a rent account. Rules live in rents.services; forms only parse input."""

from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils import timezone

from core.forms import DateInput, HearthForm, check_period

from .. import rules
from ..models import LedgerEntry

MONEY = {"max_digits": 10, "decimal_places": 2}


class PaymentForm(HearthForm):
    amount = forms.DecimalField(label="Amount received (£)", min_value=Decimal("0.01"), **MONEY)
    method = forms.ChoiceField(label="How it was paid", choices=[("", "Choose…"), *LedgerEntry.Method.choices])
    received_on = forms.DateField(label="Date received", widget=DateInput())
    reference = forms.CharField(
        label="Reference",
        max_length=100,
        required=False,
        help_text="A receipt, bank or card reference, if there is one.",
    )
    period_to = forms.DateField(
        label="Housing Benefit paid up to",
        required=False,
        widget=DateInput(),
        help_text="Needed for a Housing Benefit payment: the last day it pays for, from the council's remittance.",
    )

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise forms.ValidationError("The date received cannot be in the future.")
        return received_on


class ReasonForm(HearthForm):
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class AmountReasonForm(ReasonForm):
    amount = forms.DecimalField(label="Amount (£)", min_value=Decimal("0.01"), **MONEY)
    field_order = ["amount", "reason"]


class AdjustmentForm(HearthForm):
    direction = forms.ChoiceField(
        label="What the adjustment does",
        choices=[("increase", "Adds to what is owed"), ("decrease", "Takes off what is owed")],
        widget=forms.RadioSelect,
    )
    amount = forms.DecimalField(label="Amount (£)", min_value=Decimal("0.01"), **MONEY)
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def signed_amount(self) -> Decimal:
        amount = self.cleaned_data["amount"]
        return amount if self.cleaned_data["direction"] == "increase" else -amount


class StatementPeriodForm(HearthForm):
    """`?from=YYYY-MM-DD&to=YYYY-MM-DD`; the last 3 months when both are left out."""

    start = forms.DateField(label="From", widget=DateInput())
    end = forms.DateField(label="To", widget=DateInput())

    @classmethod
    def from_query(cls, query):
        today = timezone.localdate()
        if "from" not in query and "to" not in query:
            return cls({"start": today - relativedelta(months=rules.STATEMENT_DEFAULT_MONTHS), "end": today})
        return cls({"start": query.get("from", ""), "end": query.get("to", "")})

    def clean(self):
        cleaned = super().clean()
        check_period(self, cleaned)
        return cleaned

    def period(self) -> tuple[date, date]:
        return self.cleaned_data["start"], self.cleaned_data["end"]


class ArrearsFilterForm(HearthForm):
    scheme = forms.ModelChoiceField(queryset=None, required=False, empty_label="All schemes")
    min_balance = forms.DecimalField(label="Owing at least (£)", required=False, min_value=Decimal("0"), **MONEY)

    def __init__(self, *args, schemes, **kwargs):
        """`schemes` come from the accounts' owners (rents.scopes); without any, there is no scheme filter."""
        super().__init__(*args, **kwargs)
        if schemes is None:
            del self.fields["scheme"]
        else:
            self.fields["scheme"].queryset = schemes
