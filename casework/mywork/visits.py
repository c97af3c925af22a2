"""Home visits on "My work": open lone-working alerts for the leaders who answer them (first, before anything
else), and the officer's visits today and tomorrow not yet checked out, and any they are on now."""

from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from core.clocks import LONDON
from core.mywork import DueItem, provider

from ..models import HomeVisit
from ..services.visits import can_acknowledge


@provider("casework.lone_working")
def lone_working_alerts(user) -> list[DueItem]:
    """Open alerts on visits the leader watches, marked urgent so My work puts them at the top. One query."""
    if not can_acknowledge(user):
        return []
    open_alerts = (
        HomeVisit.objects.watched_by(user)
        .checked_in()
        .filter(alert_level__gt=0, alert_acknowledged_at__isnull=True)
        .select_related("officer")
        .order_by("expected_end", "pk")
    )
    items = []
    for visit in open_alerts:
        officer = visit.officer
        reach = f"work phone {officer.phone}" if officer.phone else f"no work phone recorded, {officer.email}"
        items.append(
            DueItem(
                title=f"Lone-working alert: {officer} has not checked out of a visit at "
                f"{visit.address.splitlines()[0]}",
                due=timezone.localdate(visit.expected_end),
                url=visit.get_absolute_url(),
                category="Lone-working alert",
                detail=f"Expected to finish at {timezone.localtime(visit.expected_end):%H:%M}; {reach}. "
                "Try to reach them, then acknowledge the alert.",
                urgent=True,
            )
        )
    return items


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
