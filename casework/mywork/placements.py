"""Families in bed and breakfast on "My work": the officer's own cases, with the night the six weeks
run out (SI 2003/3326 art 4(1)(b), counted across placements by `bed_and_breakfast_clock`)."""

from datetime import timedelta

from django.utils import timezone

from core.mywork import DueItem, provider

from ..models.placements import bed_and_breakfast_clock, families_in_bed_and_breakfast


@provider("casework.bed_and_breakfast")
def bed_and_breakfast(user) -> list[DueItem]:
    """Two queries: the cases and their placements."""
    today = timezone.localdate()
    items = []
    for case in families_in_bed_and_breakfast(today).filter(officer=user).order_by("pk"):
        clock = bed_and_breakfast_clock(case.placements.all(), today)
        breached = clock.in_breach(today)
        items.append(
            DueItem(
                title=f"Move {case.person.name}'s family out of bed and breakfast",
                due=clock.breach_from - timedelta(days=1) if clock.breach_from else None,
                url=f"{case.get_absolute_url()}#placements",
                category="Bed and breakfast",
                detail=(
                    f"Over six weeks since {clock.breach_from:%-d %B %Y}"
                    if breached
                    else f"{clock.nights} of {clock.limit} nights used; case {case.reference}"
                ),
            )
        )
    return items
