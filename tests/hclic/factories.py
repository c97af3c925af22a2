"""H-CLIC test data: cases with duties, assessments and placements on given dates (no wall clock)."""

import datetime
from decimal import Decimal

from casework.models import Assessment, Duty, Placement
from tests.casework.factories import CaseFactory, DutyFactory, hclic


def case_on(approached_on: datetime.date, **kwargs):
    return CaseFactory(approached_on=approached_on, triaged_on=approached_on, **kwargs)


def duty(case, kind=Duty.Kind.PREVENTION, started_on=None, **kwargs):
    return DutyFactory(case=case, kind=kind, started_on=started_on or case.approached_on, **kwargs)


def assessment(case, completed_on=None):
    return Assessment.objects.create(
        case=case,
        circumstances="Mum has asked them to leave.",
        housing_needs="A one-bedroom home near work.",
        support_needs="None beyond the plan.",
        completed_on=completed_on or case.approached_on,
        completed_by=case.officer,
    )


def placement(case, on_duty, started_on, kind=Placement.Kind.HOSTEL, ended_on=None):
    return Placement.objects.create(
        case=case,
        duty=on_duty,
        kind=kind,
        address="Anytown Hostel, 1 High Street",
        started_on=started_on,
        ended_on=ended_on,
        weekly_charge=Decimal("90.00"),
        created_by=case.officer,
    )


def ready(day=6, **kwargs):
    """A case approached on `day` July 2026 with a prevention duty and an assessment that day, and what
    the H-CLIC checks need at approach: one that passes validation for 2026Q3."""
    kwargs.setdefault("accommodation_at_approach", hclic("accommodation_at_application", "LIVING_WITH_FAMILY"))
    kwargs.setdefault("household_composition", hclic("household_composition", "SINGLE_ADULT_FEMALE"))
    case = case_on(datetime.date(2026, 7, day), **kwargs)
    duty(case, started_on=datetime.date(2026, 7, day))
    assessment(case, completed_on=datetime.date(2026, 7, day))
    return case
