"""Personalised Housing Plans due for review on "My work": the officer's own cases, due within 7 days or overdue."""

from datetime import timedelta

from django.utils import timezone

from core.mywork import DueItem, provider

from ..models import PersonalisedHousingPlan

HORIZON = timedelta(days=7)


@provider("casework.plan_reviews")
def plan_reviews(user) -> list[DueItem]:
    today = timezone.localdate()
    plans = (
        PersonalisedHousingPlan.objects.visible_to(user)
        .review_due(today + HORIZON)
        .filter(case__officer=user)
        .select_related("case__person")
        .order_by("review_on", "pk")
    )
    return [
        DueItem(
            title=f"Review the housing plan for {plan.case.person.name}",
            due=plan.review_on,
            url=plan.get_absolute_url(),
            category="Housing plan review",
            detail=f"Case {plan.case.reference}, plan version {plan.version}",
        )
        for plan in plans
    ]
