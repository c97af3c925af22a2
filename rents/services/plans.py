"""Payment plans: an agreed weekly amount on top of the charge, and the check that breaks them.

How a week is judged (documented rule):
- Plan weeks are the complete rent weeks (Monday to Sunday) from the first Monday on or after
  `starts_on`. A week is complete once its Sunday has passed.
- A week is "paid" when the payments posted in it (PAYMENT entries with `posted_on` in the week,
  leaving out any payment that has since been reversed) add up to at least the week's charge
  (CHARGE entries for that `week_commencing`, less reversals of them) plus the plan's
  `weekly_amount`. Otherwise it is "missed".
- Only the last `window_weeks` complete weeks are checked. The plan breaks when
  `missed_weeks_allowed` or more of them were missed (default: 2 weeks in 4, `rents.rules.PLAN_BREAK_*`).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from .. import rules
from ..models import LedgerEntry, PaymentPlan, RentAccount
from .charges import week_commencing

ZERO = Decimal("0.00")
ONE_WEEK = timedelta(days=7)


@dataclass(frozen=True)
class PlanWeek:
    monday: date
    charge: Decimal
    due: Decimal
    paid: Decimal

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def met(self) -> bool:
        return self.paid >= self.due


def first_plan_week(plan: PaymentPlan) -> date:
    """The first Monday on or after the plan starts (a part week at the start is not judged)."""
    monday = week_commencing(plan.starts_on)
    return monday if monday == plan.starts_on else monday + ONE_WEEK


def window_mondays(plan: PaymentPlan, today: date) -> list[date]:
    """The last `window_weeks` complete plan weeks before `today`, oldest first."""
    last_complete = week_commencing(today) - ONE_WEEK
    first = first_plan_week(plan)
    mondays = []
    monday = last_complete
    while monday >= first and len(mondays) < plan.window_weeks:
        mondays.append(monday)
        monday -= ONE_WEEK
    return mondays[::-1]


def plan_weeks(plan: PaymentPlan, today: date) -> list[PlanWeek]:
    """The weeks in the plan's window with what was due and what was paid (one query)."""
    mondays = window_mondays(plan, today)
    if not mondays:
        return []
    first, last = mondays[0], mondays[-1]
    last_sunday = last + timedelta(days=6)
    charges = dict.fromkeys(mondays, ZERO)
    paid = dict.fromkeys(mondays, ZERO)
    rows = LedgerEntry.objects.filter(account_id=plan.account_id).filter(
        Q(kind=LedgerEntry.Kind.CHARGE, week_commencing__range=(first, last))
        | Q(
            kind=LedgerEntry.Kind.REVERSAL,
            reverses__kind=LedgerEntry.Kind.CHARGE,
            reverses__week_commencing__range=(first, last),
        )
        | Q(kind=LedgerEntry.Kind.PAYMENT, posted_on__range=(first, last_sunday), reversed_by__isnull=True)
    )
    for kind, amount, posted_on, charged_week, reversed_week in rows.values_list(
        "kind", "amount", "posted_on", "week_commencing", "reverses__week_commencing"
    ):
        if kind == LedgerEntry.Kind.CHARGE:
            charges[charged_week] += amount
        elif kind == LedgerEntry.Kind.REVERSAL:
            charges[reversed_week] += amount
        else:
            paid[week_commencing(posted_on)] -= amount  # payments are negative entries
    return [
        PlanWeek(
            monday=monday,
            charge=max(charges[monday], ZERO),
            due=max(charges[monday], ZERO) + plan.weekly_amount,
            paid=paid[monday],
        )
        for monday in mondays
    ]


def missed_weeks(weeks: list[PlanWeek]) -> int:
    return sum(1 for week in weeks if not week.met)


def is_broken(plan: PaymentPlan, weeks: list[PlanWeek]) -> bool:
    return missed_weeks(weeks) >= plan.missed_weeks_allowed


def _validate_terms(*, weekly_amount, starts_on, review_on, missed_weeks_allowed, window_weeks) -> None:
    errors = {}
    if weekly_amount is None or weekly_amount <= ZERO:
        errors["weekly_amount"] = "The weekly amount must be more than £0.00."
    elif weekly_amount != weekly_amount.quantize(Decimal("0.01")):
        errors["weekly_amount"] = "The weekly amount must be in pounds and pence, like 12.50."
    if starts_on and review_on and review_on <= starts_on:
        errors["review_on"] = "The review date must be after the start date."
    if not 1 <= window_weeks <= rules.PLAN_LONGEST_WINDOW.amount:
        errors["window_weeks"] = f"Check between 1 and {rules.PLAN_LONGEST_WINDOW.amount} weeks."
    elif not 1 <= missed_weeks_allowed <= window_weeks:
        errors["missed_weeks_allowed"] = "The missed weeks that break the plan must be between 1 and the weeks checked."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def plan_create(
    *,
    account: RentAccount,
    weekly_amount: Decimal,
    starts_on: date,
    review_on: date,
    by,
    missed_weeks_allowed: int = rules.PLAN_BREAK_MISSED_WEEKS.amount,
    window_weeks: int = rules.PLAN_BREAK_WINDOW.amount,
) -> PaymentPlan:
    """Agree a plan. An account has at most one active plan (also enforced by a constraint)."""
    _validate_terms(
        weekly_amount=weekly_amount,
        starts_on=starts_on,
        review_on=review_on,
        missed_weeks_allowed=missed_weeks_allowed,
        window_weeks=window_weeks,
    )
    RentAccount.objects.select_for_update().filter(pk=account.pk).first()
    if PaymentPlan.objects.filter(account=account, status=PaymentPlan.Status.ACTIVE).exists():
        raise ValidationError("This account already has an active payment plan. Cancel it before agreeing a new one.")
    plan = PaymentPlan(
        account=account,
        weekly_amount=weekly_amount,
        starts_on=starts_on,
        review_on=review_on,
        missed_weeks_allowed=missed_weeks_allowed,
        window_weeks=window_weeks,
        agreed_by=by,
    )
    plan._history_user = by
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as exc:  # a plan agreed at the same moment by someone else
        raise ValidationError("This account already has an active payment plan.") from exc
    return plan


@transaction.atomic
def plan_cancel(*, plan: PaymentPlan, by) -> PaymentPlan:
    plan = PaymentPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PaymentPlan.Status.ACTIVE:
        raise ValidationError("Only an active payment plan can be cancelled.")
    plan.status = PaymentPlan.Status.CANCELLED
    plan._history_user = by
    plan.save(update_fields=["status"])
    return plan


@transaction.atomic
def plan_mark_broken(*, plan: PaymentPlan, on: date) -> bool:
    """Mark an active plan broken (True), or do nothing if it is no longer active (False)."""
    updated = PaymentPlan.objects.select_for_update().filter(pk=plan.pk, status=PaymentPlan.Status.ACTIVE).first()
    if updated is None:
        return False
    updated.status = PaymentPlan.Status.BROKEN
    updated.broken_on = on
    updated.save(update_fields=["status", "broken_on"])
    plan.status, plan.broken_on = updated.status, updated.broken_on
    return True


def check_broken_plans(*, today: date) -> list[PaymentPlan]:
    """Mark every active plan whose window has too many missed weeks as broken; return them."""
    broken = []
    for plan in PaymentPlan.objects.filter(status=PaymentPlan.Status.ACTIVE).select_related("account", "agreed_by"):
        if is_broken(plan, plan_weeks(plan, today)) and plan_mark_broken(plan=plan, on=today):
            broken.append(plan)
    return broken
