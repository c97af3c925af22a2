"""Incentives: requested by an officer, approved by a team leader above the limit (never their own
request), paid within the financial year's budget, and recovered if the tenancy fails early."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from ..models import Incentive, IncentiveBudget, MoveOnSettings, financial_year_label, financial_year_of

NOT_POSITIVE = "Enter an amount of more than £0."
NO_APPROVAL_NEEDED = "This incentive is within the approval limit and needs no approval."
ALREADY_APPROVED = "This incentive has already been approved."
OWN_REQUEST = "You asked for this incentive, so another team leader must approve it."
NOT_A_LEADER = "Only a team leader can approve an incentive above the limit."
NEEDS_APPROVAL = "This incentive is over the £{limit} limit: a team leader must approve it before it is paid."
ALREADY_PAID = "This incentive was paid on {day:%-d %B %Y}."
NO_BUDGET = "No incentive budget is set for {year}. Ask an administrator to set one."
OVER_BUDGET = (
    "This would take incentive spending for {year} to £{total}, over the budget of £{budget} "
    "(£{left} is left). Nothing was saved."
)
RECOVER_UNPAID = "Only an incentive that has been paid can be recovered."
RECOVER_TOO_MUCH = "You cannot recover more than the £{amount} paid."
RECOVERED_TOO_MUCH = "The amount recovered cannot be more than the amount to recover."
WITHDRAW_PAID = "This incentive has been paid, so it cannot be withdrawn. Record any recovery instead."
ALREADY_WITHDRAWN = "This incentive has already been withdrawn."
WITHDRAW_REASON = "Say why the incentive is no longer needed."


def committed_in(year: int, *, excluding: Incentive | None = None) -> Decimal:
    """What the year's budget has spent or promised: paid in the year, and approved but not yet paid."""
    start, end = date(year, 4, 1), date(year + 1, 3, 31)
    paid = Incentive.objects.filter(cancelled=False, paid_on__range=(start, end))
    waiting = Incentive.objects.filter(cancelled=False, paid_on__isnull=True, approved_at__isnull=False)
    if excluding is not None and excluding.pk:
        paid, waiting = paid.exclude(pk=excluding.pk), waiting.exclude(pk=excluding.pk)
    total = (paid.aggregate(t=Sum("amount"))["t"] or Decimal("0")) + (
        waiting.aggregate(t=Sum("amount"))["t"] or Decimal("0")
    )
    return total


def _check_budget(incentive: Incentive, on: date, field: str | None = None) -> None:
    year = financial_year_of(on)
    budget = IncentiveBudget.objects.select_for_update().filter(financial_year=year).first()
    label = financial_year_label(year)
    if budget is None:
        raise ValidationError({field: NO_BUDGET.format(year=label)} if field else NO_BUDGET.format(year=label))
    total = committed_in(year, excluding=incentive) + incentive.amount
    if total > budget.amount:
        left = max(budget.amount - (total - incentive.amount), Decimal("0"))
        message = OVER_BUDGET.format(year=label, total=total, budget=budget.amount, left=left)
        raise ValidationError({field: message} if field else message)


@transaction.atomic
def incentive_request(*, offer, kind: str, amount: Decimal, by) -> Incentive:
    if amount is None or amount <= 0:
        raise ValidationError({"amount": NOT_POSITIVE})
    limit = MoveOnSettings.current().incentive_approval_limit
    incentive = Incentive(
        offer=offer,
        kind=kind,
        amount=amount,
        needs_approval=amount > limit,
        requested_by=by,
        requested_at=timezone.now(),
    )
    incentive._history_user = by
    incentive._change_reason = "Requested"
    incentive.save()
    return incentive


@transaction.atomic
def incentive_approve(*, incentive: Incentive, by) -> Incentive:
    """A team leader approves an incentive above the limit; the budget must cover it."""
    incentive = Incentive.objects.select_for_update().get(pk=incentive.pk)
    if not by.has_perm("moveon.approve_incentive"):
        raise PermissionDenied(NOT_A_LEADER)
    if not incentive.needs_approval:
        raise ValidationError(NO_APPROVAL_NEEDED)
    if incentive.approved_at:
        raise ValidationError(ALREADY_APPROVED)
    if incentive.requested_by_id == by.pk:
        raise ValidationError(OWN_REQUEST)
    _check_budget(incentive, timezone.localdate())
    incentive.approved_by = by
    incentive.approved_at = timezone.now()
    incentive._history_user = by
    incentive._change_reason = "Approved"
    incentive.save()
    return incentive


@transaction.atomic
def incentive_pay(*, incentive: Incentive, paid_on: date, by) -> Incentive:
    """Record the payment: refused over the limit without approval, or over the year's budget."""
    incentive = Incentive.objects.select_for_update().get(pk=incentive.pk)
    if incentive.paid_on:
        raise ValidationError(ALREADY_PAID.format(day=incentive.paid_on))
    if incentive.needs_approval and not incentive.approved_at:
        limit = MoveOnSettings.current().incentive_approval_limit
        raise ValidationError(NEEDS_APPROVAL.format(limit=limit))
    _check_budget(incentive, paid_on, "paid_on")
    incentive.paid_on = paid_on
    incentive._history_user = by
    incentive._change_reason = "Paid"
    incentive.save()
    return incentive


@transaction.atomic
def incentive_recovery(
    *, incentive: Incentive, recover_amount: Decimal, recovered_amount: Decimal | None, by
) -> Incentive:
    """The tenancy failed early: how much is to be recovered, and how much has been so far."""
    incentive = Incentive.objects.select_for_update().get(pk=incentive.pk)
    if not incentive.paid_on:
        raise ValidationError(RECOVER_UNPAID)
    if recover_amount > incentive.amount:
        raise ValidationError({"recover_amount": RECOVER_TOO_MUCH.format(amount=incentive.amount)})
    if recovered_amount is not None and recovered_amount > recover_amount:
        raise ValidationError({"recovered_amount": RECOVERED_TOO_MUCH})
    incentive.recover_amount = recover_amount
    incentive.recovered_amount = recovered_amount
    incentive._history_user = by
    incentive._change_reason = "Recovery recorded"
    incentive.save()
    return incentive


@transaction.atomic
def incentive_withdraw(*, incentive: Incentive, reason: str, by) -> Incentive:
    """An incentive no longer needed before it is paid: it stops counting against the budget, and the
    reason stays in its history."""
    incentive = Incentive.objects.select_for_update().get(pk=incentive.pk)
    if incentive.paid_on:
        raise ValidationError(WITHDRAW_PAID)
    if incentive.cancelled:
        raise ValidationError(ALREADY_WITHDRAWN)
    if not (reason or "").strip():
        raise ValidationError({"reason": WITHDRAW_REASON})
    incentive.cancelled = True
    incentive._history_user = by
    incentive._change_reason = f"Withdrawn: {reason.strip()}"[:100]
    incentive.save()
    return incentive
