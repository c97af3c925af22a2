"""The form for agreeing a payment plan. Rules live in rents.rules and rents.services.plans; it only parses."""

from decimal import Decimal

from django import forms

from core.forms import DateInput, HearthForm

from .. import rules


class PaymentPlanForm(HearthForm):
    weekly_amount = forms.DecimalField(
        label="Agreed weekly amount (£)",
        min_value=Decimal("0.01"),
        max_digits=9,
        decimal_places=2,
        help_text="Paid each week on top of the weekly charge.",
    )
    starts_on = forms.DateField(label="Start date", widget=DateInput())
    review_on = forms.DateField(label="Review date", widget=DateInput())
    missed_weeks_allowed = forms.IntegerField(
        label="Missed weeks that break the plan",
        min_value=1,
        max_value=rules.PLAN_LONGEST_WINDOW.amount,
        initial=rules.PLAN_BREAK_MISSED_WEEKS.amount,
        help_text="The plan is marked broken when this many of the weeks checked are missed.",
    )
    window_weeks = forms.IntegerField(
        label="Weeks checked",
        min_value=1,
        max_value=rules.PLAN_LONGEST_WINDOW.amount,
        initial=rules.PLAN_BREAK_WINDOW.amount,
        help_text="How many recent complete weeks are checked. The usual rule is 2 missed weeks in 4.",
    )
