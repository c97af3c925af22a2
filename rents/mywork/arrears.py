"""Arrears stage proposals waiting for a decision."""

from django.urls import reverse

from core import mywork

from ..models import ArrearsAction, RentAccount


@mywork.provider("rents.arrears_proposals")
def proposals_for(user) -> list[mywork.DueItem]:
    """Pending stage proposals on accounts the user can see (one query)."""
    if not user.has_perm("rents.change_arrearscase"):
        return []
    visible = RentAccount.objects.visible_to(user)
    actions = (
        ArrearsAction.objects.filter(decision=ArrearsAction.Decision.PENDING, case__account__in=visible)
        .select_related("case__account", "stage")
        .order_by("proposed_on", "pk")[:100]
    )
    return [
        mywork.DueItem(
            title=f"Arrears: {action.case.account.reference}: {action.stage.name}?",
            due=action.proposed_on,
            url=reverse("rents:arrears_account", args=[action.case.account_id]),
            category="Rent arrears",
            detail=f"Owes £{action.resident_owed:,.2f}; HB still expected £{action.hb_pending:,.2f}",
        )
        for action in actions
    ]
