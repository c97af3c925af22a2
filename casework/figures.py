"""Read-only casework figures for the managers' dashboards, a fixed number of queries each.

* `bed_and_breakfast_breaches`: families (a child or a pregnancy in the household) in bed and
  breakfast on a day, and how many of them are past the six-week limit, counted as the total of B&B
  nights under the application across placements (SI 2003/3326 art 4(1)(b)). The goal is none.
* `temporary_accommodation_on`: households in TA and in B&B on a night.
* `temporary_accommodation_arrears`: TA accounts in arrears and the total, as `rents` defines arrears.
* `duties_ended_secured`: prevention and relief duties ended in a period, and the share ended with
  accommodation secured for 6 months or more.
* `caseload_per_officer`: open cases per officer holding cases, unassigned apart.
* `days_from_approach`: average days from approach to the first home visit and to the issued plan.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Min, Q
from django.utils import timezone

from rents.models import RentAccount
from rents.services.arrears import in_arrears

from .models import Case, Duty, Placement
from .models.placements import bed_and_breakfast_clock, families_in_bed_and_breakfast


@dataclass(frozen=True)
class BedAndBreakfastFamilies:
    in_bed_and_breakfast: int
    over_six_weeks: int


def bed_and_breakfast_breaches(on: date) -> BedAndBreakfastFamilies:
    """Two queries: the open cases with a family in B&B on `on`, and their placements."""
    clocks = [bed_and_breakfast_clock(case.placements.all(), on) for case in families_in_bed_and_breakfast(on)]
    return BedAndBreakfastFamilies(
        in_bed_and_breakfast=len(clocks), over_six_weeks=sum(clock.in_breach(on) for clock in clocks)
    )


@dataclass(frozen=True)
class TemporaryAccommodation:
    households: int
    in_bed_and_breakfast: int


def temporary_accommodation_on(on: date) -> TemporaryAccommodation:
    """Households in temporary accommodation on the night of `on`, and how many in B&B (one query)."""
    tonight = Placement.objects.current(on)
    counts = tonight.aggregate(
        households=Count("case", distinct=True),
        bed_and_breakfast=Count("case", distinct=True, filter=Q(kind=Placement.Kind.BED_AND_BREAKFAST)),
    )
    return TemporaryAccommodation(households=counts["households"], in_bed_and_breakfast=counts["bed_and_breakfast"])


@dataclass(frozen=True)
class TemporaryAccommodationArrears:
    accounts: int
    arrears: Decimal


def temporary_accommodation_arrears(on: date) -> TemporaryAccommodationArrears:
    """Arrears on TA accounts as `rents.rules.arrears` defines them (past this week's charge and
    Housing Benefit still expected), a fixed number of queries however many accounts."""
    accounts = RentAccount.objects.filter(placement__isnull=False)
    _, splits = in_arrears(accounts, today=on)
    return TemporaryAccommodationArrears(
        accounts=len(splits), arrears=sum((split.arrears for split in splits.values()), Decimal("0.00"))
    )


@dataclass(frozen=True)
class DutiesEnded:
    kind: str
    ended: int
    secured_six_months: int

    @property
    def share(self) -> Decimal | None:
        if not self.ended:
            return None
        return (Decimal(self.secured_six_months) * 100 / self.ended).quantize(Decimal("0.1"))


def duties_ended_secured(start: date, end: date) -> dict[str, DutiesEnded]:
    """Prevention and relief duties ended in the period, and those ended because suitable accommodation
    was secured with a reasonable prospect of lasting at least 6 months (s195(8)(a), s189B(7)(b)), one query."""
    rows = (
        Duty.objects.filter(kind__in=[Duty.Kind.PREVENTION, Duty.Kind.RELIEF], ended_on__range=(start, end))
        .values("kind")
        .annotate(ended=Count("pk"), secured=Count("pk", filter=Q(end_reason=Duty.EndReason.ACCOMMODATION_SECURED)))
    )
    found = {row["kind"]: row for row in rows}
    return {
        kind: DutiesEnded(
            kind=kind,
            ended=found.get(kind, {}).get("ended", 0),
            secured_six_months=found.get(kind, {}).get("secured", 0),
        )
        for kind in (Duty.Kind.PREVENTION, Duty.Kind.RELIEF)
    }


@dataclass(frozen=True)
class Caseloads:
    open_cases: int
    officers: int
    unassigned: int

    @property
    def average(self) -> Decimal | None:
        return (Decimal(self.open_cases) / self.officers).quantize(Decimal("0.1")) if self.officers else None


def caseload_per_officer(team=None) -> Caseloads:
    """Open cases per officer holding any (one query); unassigned cases are shown apart."""
    cases = Case.objects.filter(status=Case.Status.OPEN)
    if team is not None:
        cases = cases.filter(team=team)
    counts = cases.aggregate(
        assigned=Count("pk", filter=Q(officer__isnull=False)),
        officers=Count("officer", distinct=True),
        unassigned=Count("pk", filter=Q(officer__isnull=True)),
    )
    return Caseloads(open_cases=counts["assigned"], officers=counts["officers"], unassigned=counts["unassigned"])


@dataclass(frozen=True)
class DaysFromApproach:
    cases: int
    to_first_visit: Decimal | None  # average days, over the cases with a visit
    visited: int
    to_plan: Decimal | None  # average days to the written plan, over the cases with one issued
    planned: int


def days_from_approach(start: date, end: date) -> DaysFromApproach:
    """For approaches in the period: average days to the first home visit checked into and to the
    issued Personalised Housing Plan (one query, bounded by the period's cases)."""
    rows = (
        Case.objects.filter(approached_on__range=(start, end))
        .annotate(first_visit=Min("visits__checked_in_at"), first_plan=Min("plans__issued_on"))
        .values_list("approached_on", "first_visit", "first_plan")
    )
    visits, plans, cases = [], [], 0
    for approached, visited_at, issued in rows:
        cases += 1
        if visited_at:
            visits.append((timezone.localtime(visited_at).date() - approached).days)
        if issued:
            plans.append((issued - approached).days)

    def mean(days):
        return (Decimal(sum(days)) / len(days)).quantize(Decimal("0.1")) if days else None

    return DaysFromApproach(
        cases=cases, to_first_visit=mean(visits), visited=len(visits), to_plan=mean(plans), planned=len(plans)
    )
