"""Repairs on "My work": one line per kind, with a count, linking to the list that shows them.

Counts go through each model's `visible_to(user)`: two queries however much is due.
"""

from datetime import timedelta

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone

from core.mywork import DueItem, provider

from ..models import Repair, Void
from ..rules import VOID_TURNAROUND_TARGET


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


@provider("repairs.repairs")
def repairs_due(user) -> list[DueItem]:
    if not user.has_perm("repairs.view_repair"):
        return []
    now = timezone.now()
    today = timezone.localdate()
    counts = (
        Repair.objects.visible_to(user)
        .open()
        .aggregate(
            overdue=Count("pk", filter=Q(target_due_at__lt=now)),
            first_due=Min("target_due_at", filter=Q(target_due_at__lt=now)),
            hazards=Count("pk", filter=Q(hazard__isnull=False)),
        )
    )
    late = Q()
    for kind, rule in VOID_TURNAROUND_TARGET.items():
        late |= Q(kind=kind, started_on__lt=today - timedelta(days=rule.days))
    voids_late = Void.objects.visible_to(user).open().filter(late).count()

    list_url = reverse("repairs:repair_list")
    items = []
    if counts["overdue"]:
        items.append(
            DueItem(
                title=_plural(counts["overdue"], "repair past its target", "repairs past their target"),
                due=timezone.localdate(counts["first_due"]),
                url=f"{list_url}?status=overdue",
                category="Repairs",
            )
        )
    if counts["hazards"]:
        items.append(
            DueItem(
                title=_plural(counts["hazards"], "open repair with a hazard", "open repairs with a hazard"),
                due=None,
                url=f"{list_url}?hazard=any",
                category="Repairs",
                detail="Awaab's Law clocks run on these.",
            )
        )
    if voids_late:
        items.append(
            DueItem(
                title=_plural(voids_late, "void past its turnaround target", "voids past their turnaround target"),
                due=None,
                url=reverse("repairs:void_board"),
                category="Voids",
            )
        )
    return items
