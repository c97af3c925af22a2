"""Incentives above the limit waiting for a team leader's approval, on the leader's My work. One query."""

from core.mywork import DueItem, provider

from ..models import Incentive


@provider("moveon.incentives")
def incentives_to_approve(user) -> list[DueItem]:
    if not user.has_perm("moveon.approve_incentive"):
        return []
    waiting = (
        Incentive.objects.visible_to(user)
        .waiting_for_approval()
        .exclude(requested_by=user)
        .select_related("offer__case__person", "requested_by")
    )
    return [
        DueItem(
            title=f"{incentive.offer.case.person.name}: approve {incentive}",
            due=incentive.requested_at.date(),
            url=incentive.get_absolute_url(),
            category="Incentive approval",
            detail=f"Requested by {incentive.requested_by} for {incentive.offer.place}",
        )
        for incentive in waiting
    ]
