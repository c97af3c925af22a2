"""Forms for an incentive: the request, the payment date, and recovery after a tenancy fails early."""

from decimal import Decimal

from django import forms

from core.forms import DateInput, HearthForm

from ..models import Incentive


class IncentiveForm(HearthForm):
    kind = forms.ChoiceField(
        label="Kind of incentive",
        choices=Incentive.Kind.choices,
        error_messages={"required": "Choose the kind of incentive."},
    )
    amount = forms.DecimalField(
        label="Amount (£)",
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages={
            "required": "Enter the amount in pounds, for example 450.00.",
            "min_value": "Enter an amount of more than £0.",
        },
    )


class PaymentForm(HearthForm):
    paid_on = forms.DateField(
        label="Date paid", widget=DateInput, error_messages={"required": "Enter the date it was paid."}
    )


class RecoveryForm(HearthForm):
    recover_amount = forms.DecimalField(
        label="Amount to recover (£)",
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0"),
        error_messages={"required": "Enter the amount to recover, or 0."},
    )
    recovered_amount = forms.DecimalField(
        label="Recovered so far (£)",
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0"),
        required=False,
    )


class WithdrawForm(HearthForm):
    reason = forms.CharField(
        label="Why it is no longer needed",
        max_length=90,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say why the incentive is no longer needed."},
    )
