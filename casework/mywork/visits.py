"""Home visits on "My work": the officer's visits today and tomorrow not yet checked out, and any they are on now."""

from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from core.clocks import LONDON
from core.mywork import DueItem, provider

from ..models import HomeVisit


@provider("casework.visits")
def visits(user) -> list[DueItem]:
    today = timezone.localdate()
    until = datetime.combine(today + timedelta(days=2), time.min, tzinfo=LONDON)
    upcoming = (
        HomeVisit.objects.filter(officer=user, checked_out_at__isnull=True)
        .filter(
            Q(planned_start__lt=until, planned_start__gte=timezone.now() - timedelta(hours=12))
            | Q(checked_in_at__isnull=False)
        )
        .select_related("case__person")
        .order_by("planned_start")
    )
    items = []
    for visit in upcoming:
        start = timezone.localtime(visit.planned_start)
        on_visit = visit.checked_in_at is not None
        items.append(
            DueItem(
                title=("Check out of" if on_visit else "Home visit:")
                + f" {visit.case.person.name} at {start:%H:%M}, {visit.address.splitlines()[0]}",
                due=start.date(),
                url=visit.get_absolute_url(),
                category="Home visit",
                detail=f"Case {visit.case.reference}" + (" · you are checked in" if on_visit else ""),
            )
        )
    return items
