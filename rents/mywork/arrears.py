"""Arrears stage proposals waiting for a decision: one line per stage, not one per account."""

from django.db.models import Count, Min
from django.urls import reverse

from core import mywork

from ..models import ArrearsAction, RentAccount


@mywork.provider("rents.arrears_proposals")
def proposals_for(user) -> list[mywork.DueItem]:
    """Pending stage proposals on accounts the user can see, counted per stage (one query), each
    linking to the arrears stages list filtered to that proposal."""
    if not user.has_perm("rents.change_arrearscase"):
        return []
    visible = RentAccount.objects.visible_to(user)
    per_stage = (
        ArrearsAction.objects.filter(decision=ArrearsAction.Decision.PENDING, case__account__in=visible)
        .values("stage_id", "stage__name", "stage__order")
        .annotate(count=Count("pk"), since=Min("proposed_on"))
        .order_by("stage__order")
    )
    return [
        mywork.DueItem(
            title=(
                f"Arrears: {row['count']} {'account may' if row['count'] == 1 else 'accounts may'} "
                f"need '{row['stage__name']}'"
            ),
            due=row["since"],
            url=f"{reverse('rents:arrears_cases')}?proposed={row['stage_id']}",
            category="Rent arrears",
            detail="Accept or decline each proposal.",
        )
        for row in per_stage
    ]
