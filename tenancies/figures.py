"""Read-only figures for the Regulator of Social Housing's tenant satisfaction measures.

* CH01: complaints received per 1,000 homes, stage 1 and stage 2 separately. A stage 2
  complaint is "received" on the day the resident asked to escalate it.
* CH02: the proportion of complaints answered within the Complaint Handling Code's times
  (extensions the Code allows included), of those answered in the period, stage 1 and stage 2
  separately. See `services.complaints` for the clocks.
* NM01: anti-social behaviour cases opened per 1,000 homes, and those that involve hate
  incidents. A case counts in the period its incident happened (`occurred_on`).

Every function takes the period as two dates (both days included) and, optionally, a queryset
of schemes (all schemes otherwise). "Homes" are the units (bed-spaces and flats) in those
schemes. Rates are Decimals rounded half-up to 2 places; None when there is nothing to divide
by (no homes, or no complaints answered).
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet

from .models import Complaint, Incident, Scheme, Unit
from .services.complaints import complaint_clocks

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Rate:
    """`count` out of `base`, scaled: per 1,000 homes, or per 100 (a percentage)."""

    count: int
    base: int
    per: int

    @property
    def value(self) -> Decimal | None:
        if not self.base:
            return None
        return (Decimal(self.count) * self.per / Decimal(self.base)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class RegulatorFigures:
    start: date
    end: date
    homes: int
    ch01_stage1: Rate
    ch01_stage2: Rate
    ch02_stage1: Rate
    ch02_stage2: Rate
    nm01_asb: Rate
    nm01_hate: Rate


def _schemes(schemes: QuerySet[Scheme] | None) -> QuerySet[Scheme]:
    return Scheme.objects.all() if schemes is None else schemes


def homes_count(schemes: QuerySet[Scheme] | None = None) -> int:
    return Unit.objects.filter(property__scheme__in=_schemes(schemes)).count()


def _per_thousand(count: int, homes: int) -> Rate:
    return Rate(count=count, base=homes, per=1000)


def _complaints(schemes) -> QuerySet[Complaint]:
    return Complaint.objects.filter(scheme__in=_schemes(schemes))


def ch01(start: date, end: date, schemes: QuerySet[Scheme] | None = None, *, homes: int | None = None):
    """Stage 1 and stage 2 complaints received in the period per 1,000 homes: (stage 1, stage 2)."""
    homes = homes_count(schemes) if homes is None else homes
    complaints = _complaints(schemes)
    stage1 = complaints.filter(received_on__range=(start, end)).count()
    stage2 = complaints.filter(escalated_on__range=(start, end)).count()
    return _per_thousand(stage1, homes), _per_thousand(stage2, homes)


def ch02(start: date, end: date, schemes: QuerySet[Scheme] | None = None):
    """Percentage of stage 1 and of stage 2 responses sent in the period within the Code's times."""
    complaints = _complaints(schemes)
    rates = []
    for stage in (1, 2):
        answered = complaints.filter(**{f"stage{stage}_responded_on__range": (start, end)})
        on_time = sum(complaint_clocks(c).get(stage, "respond").met for c in answered)
        rates.append(Rate(count=on_time, base=len(answered), per=100))
    return tuple(rates)


def nm01(start: date, end: date, schemes: QuerySet[Scheme] | None = None, *, homes: int | None = None):
    """ASB cases opened in the period per 1,000 homes, and those involving hate incidents: (all, hate)."""
    homes = homes_count(schemes) if homes is None else homes
    asb = Incident.objects.filter(scheme__in=_schemes(schemes), kind=Incident.Kind.ASB, occurred_on__range=(start, end))
    return _per_thousand(asb.count(), homes), _per_thousand(asb.filter(hate_incident=True).count(), homes)


def regulator_figures(start: date, end: date, schemes: QuerySet[Scheme] | None = None) -> RegulatorFigures:
    homes = homes_count(schemes)
    ch01_stage1, ch01_stage2 = ch01(start, end, schemes, homes=homes)
    ch02_stage1, ch02_stage2 = ch02(start, end, schemes)
    nm01_asb, nm01_hate = nm01(start, end, schemes, homes=homes)
    return RegulatorFigures(
        start=start,
        end=end,
        homes=homes,
        ch01_stage1=ch01_stage1,
        ch01_stage2=ch01_stage2,
        ch02_stage1=ch02_stage1,
        ch02_stage2=ch02_stage2,
        nm01_asb=nm01_asb,
        nm01_hate=nm01_hate,
    )
