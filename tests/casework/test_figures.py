"""Casework figures for the dashboards: each from the records, in a fixed number of queries."""

import datetime
from datetime import date as D
from decimal import Decimal

import pytest
import time_machine

from casework import figures
from casework.models import Case, Duty, Placement
from casework.services import placements
from rents.services import ledger
from tests.casework.factories import CaseFactory, DutyFactory, HomeVisitFactory, PlanFactory, officer_in

pytestmark = pytest.mark.django_db
NOON = datetime.datetime(2026, 12, 3, 12, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOON, tick=False):
        yield


def _placed(kind, started, ended=None):
    case = CaseFactory(homeless_tonight=True, reason_to_believe_priority_need=True, threatened_within_56_days=False)
    DutyFactory(case=case, kind=Duty.Kind.INTERIM, started_on=started)
    placement = placements.placement_start(
        case=case, kind=kind, address="Somewhere", started_on=started, weekly_charge=Decimal("150.00"), by=case.officer
    )
    if ended:
        placement = placements.placement_end(placement=placement, ended_on=ended, by=case.officer)
    return placement


def test_households_in_ta_and_in_bed_and_breakfast_on_a_night(django_assert_num_queries):
    _placed(Placement.Kind.BED_AND_BREAKFAST, D(2026, 11, 20))
    _placed(Placement.Kind.HOSTEL, D(2026, 11, 1))
    _placed(Placement.Kind.BED_AND_BREAKFAST, D(2026, 11, 1), ended=D(2026, 12, 2))  # last night was yesterday
    with django_assert_num_queries(1):
        tonight = figures.temporary_accommodation_on(D(2026, 12, 3))
    assert (tonight.households, tonight.in_bed_and_breakfast) == (2, 1)
    assert figures.temporary_accommodation_on(D(2026, 12, 2)).in_bed_and_breakfast == 2


def test_ta_arrears_count_only_ta_accounts_behind(django_assert_max_num_queries):
    behind = _placed(Placement.Kind.HOSTEL, D(2026, 11, 1))
    _placed(Placement.Kind.HOSTEL, D(2026, 11, 1))
    ledger.adjustment_post(account=behind.rent_account, amount=Decimal("300.00"), reason="Brought forward", by=None)
    from tests.rents.factories import account_for

    supported = account_for(behind.case.officer)
    ledger.adjustment_post(account=supported, amount=Decimal("999.00"), reason="Not TA", by=None)
    with django_assert_max_num_queries(5):
        arrears = figures.temporary_accommodation_arrears(D(2026, 12, 3))
    assert (arrears.accounts, arrears.arrears) == (1, Decimal("300.00"))


def test_duties_ended_with_accommodation_secured_for_six_months_as_a_share(django_assert_num_queries):
    secured = Duty.EndReason.ACCOMMODATION_SECURED
    for ended_on, reason in [
        (D(2026, 10, 5), secured),
        (D(2026, 11, 5), secured),
        (D(2026, 12, 1), Duty.EndReason.BECAME_HOMELESS),
        (D(2026, 9, 30), secured),  # before the period
    ]:
        DutyFactory(started_on=D(2026, 8, 1), ended_on=ended_on, end_reason=reason)
    DutyFactory(kind=Duty.Kind.RELIEF, started_on=D(2026, 9, 1), ended_on=D(2026, 11, 1), end_reason="withdrew")
    DutyFactory(kind=Duty.Kind.PREVENTION, started_on=D(2026, 11, 1))  # still open
    with django_assert_num_queries(1):
        ended = figures.duties_ended_secured(D(2026, 10, 1), D(2026, 12, 31))
    prevention, relief = ended[Duty.Kind.PREVENTION], ended[Duty.Kind.RELIEF]
    assert (prevention.ended, prevention.secured_six_months, prevention.share) == (3, 2, Decimal("66.7"))
    assert (relief.ended, relief.secured_six_months, relief.share) == (1, 0, Decimal("0.0"))


def test_average_caseload_per_officer_with_unassigned_apart(django_assert_num_queries):
    first = CaseFactory()
    team = first.team
    CaseFactory(team=team, officer=first.officer)
    CaseFactory(team=team, officer=officer_in(team))
    CaseFactory(team=team, officer=None)
    CaseFactory(team=team, officer=first.officer, status=Case.Status.CLOSED, closed_on=D(2026, 11, 1))
    with django_assert_num_queries(1):
        load = figures.caseload_per_officer(team)
    assert (load.open_cases, load.officers, load.unassigned, load.average) == (3, 2, 1, Decimal("1.5"))


def test_days_from_approach_to_the_first_visit_and_to_the_plan(django_assert_num_queries):
    visited = CaseFactory(approached_on=D(2026, 11, 1))
    when = datetime.datetime(2026, 11, 4, 10, tzinfo=datetime.UTC)
    HomeVisitFactory(case=visited, planned_start=when, checked_in_at=when)
    HomeVisitFactory(case=visited, planned_start=when + datetime.timedelta(days=5), checked_in_at=None)
    PlanFactory(case=visited, issued_on=D(2026, 11, 8))
    unvisited = CaseFactory(approached_on=D(2026, 11, 10))
    PlanFactory(case=unvisited, issued_on=D(2026, 11, 20))
    CaseFactory(approached_on=D(2026, 10, 1))  # before the period
    with django_assert_num_queries(1):
        days = figures.days_from_approach(D(2026, 11, 1), D(2026, 11, 30))
    assert (days.cases, days.visited, days.to_first_visit) == (2, 1, Decimal("3.0"))
    assert (days.planned, days.to_plan) == (2, Decimal("8.5"))
