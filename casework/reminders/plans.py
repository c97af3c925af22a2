"""Reminders for Personalised Housing Plans whose review date has come (s189A(9): keep the plan under review)."""

from django.utils import timezone

from core.reminders import reminder_job
from core.services import Openable, notify

from ..models import PersonalisedHousingPlan


@reminder_job("casework.plan_reviews")
def plan_reviews(now) -> int:
    """Tell the case officer (or, for an unassigned case, the team leader) once per plan version and review date."""
    today = timezone.localdate(now)
    sent = 0
    plans = PersonalisedHousingPlan.objects.review_due(today).select_related(
        "case__person", "case__officer", "case__team__leader"
    )
    plans = list(plans)
    openable = Openable(plans)
    for plan in plans:
        case = plan.case
        recipient = case.officer or case.team.leader
        if recipient is None or not recipient.is_active:
            continue
        sent += (
            notify(
                recipient=recipient,
                about=plan,
                openable=openable,
                key=f"plan-review:{plan.pk}:{plan.review_on.isoformat()}",
                subject=f"Housing plan review due: {case.person.name} ({case.reference})",
                body=(
                    f"The housing plan for {case.person.name} (version {plan.version}) was due for review on "
                    f"{plan.review_on:%-d %B %Y}. Talk it through with them and edit the plan to record any changes "
                    "and the next review date."
                ),
                url=plan.get_absolute_url(),
            )
            is not None
        )
    return sent
