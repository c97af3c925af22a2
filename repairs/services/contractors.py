"""Contractors and budgets added or changed by a manager, each change recorded with who made it and why."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ..models import BudgetCode, Contractor, RepairsBudget

DUPLICATE_BUDGET = "{scheme} already has a {code} budget for {year}. Change that budget instead of adding another."


def contractor_save(*, contractor: Contractor, by, reason: str | None = None) -> Contractor:
    """Add a contractor (no primary key yet) or save the changes made to one."""
    contractor._history_user = by
    contractor._change_reason = reason or ("Added" if contractor.pk is None else "Details changed")
    contractor.save()
    return contractor


def _year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def budget_create(*, scheme, budget_code: BudgetCode, financial_year: int, amount: Decimal, by) -> RepairsBudget:
    """One budget per scheme, code and financial year: a second is refused, however it is attempted."""
    message = DUPLICATE_BUDGET.format(scheme=scheme, code=budget_code.code, year=_year_label(financial_year))
    if RepairsBudget.objects.filter(scheme=scheme, budget_code=budget_code, financial_year=financial_year).exists():
        raise ValidationError({"budget_code": message})
    budget = RepairsBudget(scheme=scheme, budget_code=budget_code, financial_year=financial_year, amount=amount)
    budget._history_user = by
    budget._change_reason = f"Budget set at {amount}"
    try:
        with transaction.atomic():
            budget.save()
    except IntegrityError as exc:  # another manager added the same budget a moment ago
        raise ValidationError({"budget_code": message}) from exc
    return budget
