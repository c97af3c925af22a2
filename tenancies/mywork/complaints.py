"""Complaint deadlines on "My work": complaints the user handles, or in schemes they cover."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from accounts.models import Coverage
from core.mywork import DueItem, provider

from ..models import Complaint, Scheme
from ..services.complaints import complaint_clocks

HORIZON = timedelta(days=14)


@provider("tenancies.complaint_deadlines")
def complaint_deadlines(user) -> list[DueItem]:
    """One query: the next deadline of each such open complaint, if due within two weeks or overdue."""
    if not user.has_perm("tenancies.view_complaint"):
        return []  # a support worker covers schemes but cannot open their complaints
    today = timezone.localdate()
    mine = (
        Q(stage=Complaint.Stage.ONE, stage1_handler=user)
        | Q(stage=Complaint.Stage.TWO, stage2_handler=user)
        | Q(scheme__in=Coverage.objects.object_ids(user, Scheme))
    )
    complaints = Complaint.objects.visible_to(user).open().filter(mine).select_related("scheme", "person")
    items = []
    for complaint in complaints:
        deadline = complaint_clocks(complaint).next
        if deadline is None or deadline.due > today + HORIZON:
            continue
        who = complaint.person or complaint.complainant_name or "a complainant"
        items.append(
            DueItem(
                title=f"{deadline.label} for the complaint from {who}",
                due=deadline.due,
                url=complaint.get_absolute_url(),
                category="Complaint",
                detail=f"{complaint.scheme}, received {complaint.received_on:%-d %B %Y}",
            )
        )
    return items
