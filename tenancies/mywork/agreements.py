from core.mywork import DueItem, provider

from ..models import Agreement
from ..rules import CHECKLIST_GRACE


@provider("tenancies.signup_checklists")
def incomplete_checklists(user) -> list[DueItem]:
    if not user.has_perm("tenancies.change_agreement"):
        return []
    agreements = (
        Agreement.objects.visible_to(user)
        .checklist_incomplete()
        .select_related("person", "unit__property")
        .order_by("start_date")[:20]
    )
    return [
        DueItem(
            title=f"Finish sign-up: {agreement.person}",
            due=CHECKLIST_GRACE.due(agreement.start_date),
            url=agreement.get_absolute_url(),
            category="Sign-up",
            detail=f"{agreement.unit}",
        )
        for agreement in agreements
    ]
