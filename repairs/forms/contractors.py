"""Forms for contractors and repairs budgets."""

from decimal import Decimal

from django import forms

from core.forms import DateInput, HearthForm, HearthModelForm
from tenancies.models import Scheme

from ..models import BudgetCode, Contractor, Repair

YEAR_MIN, YEAR_MAX = 2000, 2099


class ContractorForm(HearthModelForm):
    trades = forms.MultipleChoiceField(
        label="Trades",
        choices=Repair.Category.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The kinds of repair they take on.",
        error_messages={"invalid_choice": "Choose trades from the list."},
    )
    target_within_target_pct = forms.DecimalField(
        label="Their target: % of jobs completed within target",
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        initial=Decimal("95"),
        error_messages={"required": "Enter their target, from 0 to 100."},
    )

    class Meta:
        model = Contractor
        fields = [
            "name",
            "trades",
            "contact_name",
            "phone",
            "email",
            "address",
            "target_within_target_pct",
            "insurance_expires_on",
            "active",
        ]
        labels = {
            "name": "Name",
            "contact_name": "Contact name",
            "phone": "Phone",
            "email": "Email",
            "address": "Address",
            "insurance_expires_on": "Insurance expires on",
            "active": "Still in use",
        }
        help_texts = {
            "insurance_expires_on": "No works order can be raised with them once this date has passed.",
            "active": "Untick when we stop using them. Their past orders stay.",
        }
        widgets = {"insurance_expires_on": DateInput, "address": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "name": {
                "required": "Enter the contractor's name.",
                "unique": "A contractor with this name is already recorded.",
            },
            "email": {"invalid": "Enter an email address like jobs@example.org."},
            "insurance_expires_on": {"invalid": "Enter a real date."},
        }


class BudgetCodeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code}: {obj.name}"


class BudgetForm(HearthForm):
    scheme = forms.ModelChoiceField(
        label="Scheme",
        queryset=Scheme.objects.none(),
        empty_label="Choose…",
        error_messages={"required": "Choose the scheme.", "invalid_choice": "Choose a scheme from the list."},
    )
    budget_code = BudgetCodeChoiceField(
        label="Budget code",
        queryset=BudgetCode.objects.all(),
        empty_label="Choose…",
        error_messages={"required": "Choose the budget code.", "invalid_choice": "Choose a budget code from the list."},
    )
    financial_year = forms.IntegerField(
        label="Financial year",
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        help_text="The year it starts: 2026 means 1 April 2026 to 31 March 2027.",
        error_messages={"required": "Enter the year the financial year starts.", "invalid": "Enter a year like 2026."},
    )
    amount = forms.DecimalField(
        label="Amount (£)",
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
        error_messages={"required": "Enter the amount, £0.00 or more.", "invalid": "Enter an amount like 25000.00."},
    )

    def __init__(self, *args, schemes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes


class BudgetFilterForm(HearthForm):
    year = forms.IntegerField(
        label="Financial year",
        required=False,
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        help_text="The year it starts: 2026 means 2026 to 2027.",
        error_messages={"invalid": "Enter a year like 2026."},
    )
    scheme = forms.ModelChoiceField(
        label="Scheme",
        queryset=Scheme.objects.none(),
        required=False,
        empty_label="All schemes",
        error_messages={"invalid_choice": "Choose a scheme from the list."},
    )

    def __init__(self, *args, schemes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes
