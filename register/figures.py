"""Read-only housing register figures for the dashboards, one query each.

* `applications_by_band`: open applications in each effective band (banded ones only), every band listed.
* `awaiting_triage`: applications received and not yet triaged, and the oldest date applied among them.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Min, Q

from .models import Band, RegisterApplication


def applications_by_band(applications=None) -> dict[str, int]:
    """{band code: open applications in it}, in band order, zero for an empty band. One query."""
    applications = RegisterApplication.objects.all() if applications is None else applications
    open_ids = applications.open().values("pk")
    bands = Band.objects.annotate(total=Count("applications", filter=Q(applications__in=open_ids))).order_by("rank")
    return {band.code: band.total for band in bands}


@dataclass(frozen=True)
class AwaitingTriage:
    count: int
    oldest: date | None


def awaiting_triage(applications=None) -> AwaitingTriage:
    applications = RegisterApplication.objects.all() if applications is None else applications
    result = applications.awaiting_triage().aggregate(count=Count("pk"), oldest=Min("applied_on"))
    return AwaitingTriage(count=result["count"], oldest=result["oldest"])
