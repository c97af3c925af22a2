"""Human-readable numbers from a locked counter (core.references), and case references opened at once."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from casework.models import Duty, Placement
from casework.services import cases as services
from casework.services.placements import placement_start
from rents.services.ledger import account_open
from tests.casework.factories import CaseFactory, DutyFactory, PreventionTeamFactory, officer_in
from tests.people.factories import PersonFactory

OFFICERS = 8


@pytest.mark.django_db
def test_numbers_are_consecutive_and_start_after_what_exists():
    from core.models import ReferenceCounter
    from core.references import next_number

    calls = []

    def start_after():
        calls.append(1)
        return 41

    assert [next_number("test:a", start_after=start_after) for _ in range(3)] == [42, 43, 44]
    assert len(calls) == 1  # only to seed a new counter
    assert next_number("test:b") == 1
    assert ReferenceCounter.objects.get(key="test:a").last == 44


@pytest.mark.django_db
def test_a_new_case_reference_follows_the_highest_existing_one():
    year = timezone.localdate().year
    CaseFactory(reference=f"HO-{year}-00007")
    team = PreventionTeamFactory()
    officer = officer_in(team)
    first = services.approach_open(person=PersonFactory(), team=team, by=officer)
    second = services.approach_open(person=PersonFactory(), team=team, by=officer)
    assert (first.reference, second.reference) == (f"HO-{year}-00008", f"HO-{year}-00009")


@pytest.mark.django_db
def test_a_placement_account_number_follows_an_account_left_by_a_deleted_placement():
    case = CaseFactory(homeless_tonight=True, reason_to_believe_priority_need=True, threatened_within_56_days=False)
    DutyFactory(case=case, kind=Duty.Kind.INTERIM, started_on=timezone.localdate())
    prefix = f"TA-{case.reference.removeprefix('HO-')}-"
    account_open(reference=f"{prefix}1", name="Left behind", charging_from=timezone.localdate(), lines={})
    placement = placement_start(
        case=case,
        kind=Placement.Kind.HOSTEL,
        address="Hostel",
        started_on=timezone.localdate(),
        weekly_charge=Decimal("90.00"),
        by=case.officer,
    )
    assert placement.rent_account.reference == f"{prefix}2"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: real row locks between connections")
@pytest.mark.django_db(transaction=True)
def test_eight_officers_opening_approaches_at_once_get_distinct_references():
    team = PreventionTeamFactory()
    officers = [officer_in(team) for _ in range(OFFICERS)]
    people = [PersonFactory() for _ in range(OFFICERS)]
    barrier = threading.Barrier(OFFICERS)
    references, errors = [], []

    def open_case(officer, person):
        try:
            barrier.wait(timeout=30)
            case = services.approach_open(person=person, team=team, by=officer, officer=officer)
            references.append(case.reference)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=open_case, args=pair) for pair in zip(officers, people, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(set(references)) == OFFICERS
