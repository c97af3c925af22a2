"""My work: incident reviews due in the next 14 days (or overdue) for the user."""

from datetime import timedelta

from django.db.models import Prefetch, Q
from django.utils import timezone

from accounts.models import Coverage
from core.mywork import DueItem, provider

from ..models import Incident, IncidentParty, Scheme

LOOK_AHEAD = timedelta(days=14)


@provider("tenancies.incident_reviews")
def incident_reviews(user) -> list[DueItem]:
    """Open incidents in schemes the user can see, that they recorded or whose scheme they cover."""
    if not user.has_perm("tenancies.view_incident"):
        return []
    horizon = timezone.localdate() + LOOK_AHEAD
    about = Prefetch(
        "parties",
        queryset=IncidentParty.objects.filter(role=IncidentParty.Role.ALLEGED).select_related("person"),
        to_attr="about",
    )
    incidents = (
        Incident.objects.visible_to(user)
        .review_due(horizon)
        .filter(Q(recorded_by=user) | Q(scheme__in=Coverage.objects.object_ids(user, Scheme)))
        .select_related("scheme")
        .prefetch_related(about)
        .order_by("review_on", "pk")
    )
    items = []
    for incident in incidents:
        names = ", ".join(party.person.name if party.person else party.name for party in incident.about)
        items.append(
            DueItem(
                title=f"Review {incident.get_kind_display().lower()} at {incident.scheme}",
                due=incident.review_on,
                url=incident.get_absolute_url(),
                category="Incident review",
                detail=f"Happened {incident.occurred_on:%d %b %Y}" + (f"; about {names}" if names else ""),
            )
        )
    return items
