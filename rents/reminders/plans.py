"""Rent reminder jobs: broken payment plans and payment plans due for review."""

from datetime import timedelta

from django.utils import timezone

from core.money import format_money
from core.reminders import reminder_job
from core.services import Openable, notify

from .. import rules
from ..models import PaymentPlan
from ..scopes import owners
from ..services.plans import check_broken_plans


def _tell_whoever_agreed(message, **filters) -> int:
    """One notification per matching plan to the active worker who agreed it, scope checked once per model.

    `message(plan)` gives the notification's key, subject and body.
    """
    plans = list(
        PaymentPlan.objects.filter(agreed_by__isnull=False, agreed_by__is_active=True, **filters).select_related(
            "account", "agreed_by", *owners.related("account__")
        )
    )
    openable = Openable(plans)
    return sum(
        notify(recipient=plan.agreed_by, about=plan, openable=openable, url=plan.get_absolute_url(), **message(plan))
        is not None
        for plan in plans
    )


@reminder_job("rents.broken_payment_plans")
def broken_payment_plans(now) -> int:
    """Break plans with too many missed weeks and tell whoever agreed them, once per plan."""
    today = timezone.localdate(now)
    check_broken_plans(today=today)
    return _tell_whoever_agreed(
        lambda plan: {
            "key": f"payment-plan-broken:{plan.pk}",
            "subject": f"Payment plan missed: {owners.resident_name(plan.account)}",
            "body": f"The payment plan for {plan.account.name} ({format_money(plan.weekly_amount)} a week on top of "
            "the charge) "
            f"has missed {plan.missed_weeks_allowed} or more of its last {plan.window_weeks} weeks, "
            "so it is now marked as broken. Please get in touch with the resident to talk about support.",
        },
        status=PaymentPlan.Status.BROKEN,
        broken_on__gte=today - timedelta(days=rules.BROKEN_PLAN_RENOTIFY.amount),
    )


@reminder_job("rents.payment_plan_reviews")
def payment_plan_reviews(now) -> int:
    """Remind whoever agreed an active plan when its review date is reached (once per review date)."""
    today = timezone.localdate(now)
    return _tell_whoever_agreed(
        lambda plan: {
            "key": f"payment-plan-review:{plan.pk}:{plan.review_on.isoformat()}",
            "subject": f"Payment plan review due: {owners.resident_name(plan.account)}",
            "body": f"The payment plan for {plan.account.name} is due for review on {plan.review_on:%-d %B %Y}.",
        },
        status=PaymentPlan.Status.ACTIVE,
        review_on__lte=today,
    )
