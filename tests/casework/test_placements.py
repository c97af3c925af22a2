"""Temporary accommodation placements and their rent accounts."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import roles
from casework.models import Case, Duty, Placement
from casework.services import placements as services
from rents.models import LedgerEntry
from rents.services.ledger import charge_run
from tests.accounts.factories import UserFactory
from tests.casework.factories import CaseFactory, DutyFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2026, 11, 20, 12, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def interim():
    case = CaseFactory(homeless_tonight=True, reason_to_believe_priority_need=True, threatened_within_56_days=False)
    return DutyFactory(case=case, kind=Duty.Kind.INTERIM, started_on=TODAY - datetime.timedelta(days=14))


def _place(duty, **kwargs):
    values = {
        "case": duty.case,
        "kind": Placement.Kind.BED_AND_BREAKFAST,
        "address": "Station Hotel, 1 Station Road\nAnytown",
        "started_on": TODAY - datetime.timedelta(days=14),
        "weekly_charge": Decimal("175.00"),
        "by": duty.case.officer,
    }
    return services.placement_start(**{**values, **kwargs})


def test_a_placement_opens_a_rent_account_that_the_charge_run_charges(interim):
    placement = _place(interim)
    account = placement.rent_account
    assert account.reference == f"TA-{interim.case.reference.removeprefix('HO-')}-1"
    assert placement.duty == interim
    charge_run(week=TODAY)
    charges = account.entries.filter(kind=LedgerEntry.Kind.CHARGE)
    assert charges.exists() and all(entry.amount <= Decimal("175.00") for entry in charges)


def test_a_placement_needs_an_interim_or_main_duty():
    case = CaseFactory()
    DutyFactory(case=case, kind=Duty.Kind.PREVENTION)
    with pytest.raises(ValidationError, match="interim"):
        services.placement_start(
            case=case,
            kind="hostel",
            address="Hostel",
            started_on=TODAY,
            weekly_charge=Decimal("90.00"),
            by=case.officer,
        )
    assert not Placement.objects.exists()


def test_a_placement_cannot_start_before_its_duty_or_in_the_future(interim):
    with pytest.raises(ValidationError) as error:
        _place(interim, started_on=interim.started_on - datetime.timedelta(days=1))
    assert "started_on" in error.value.message_dict
    with pytest.raises(ValidationError):
        _place(interim, started_on=TODAY + datetime.timedelta(days=1))
    with pytest.raises(ValidationError):
        _place(interim, weekly_charge=Decimal("-1.00"))
    assert not Placement.objects.exists()


def test_only_one_current_placement(interim):
    _place(interim)
    with pytest.raises(ValidationError, match="End the current placement"):
        _place(interim, kind=Placement.Kind.HOSTEL)


def test_placements_for_one_household_may_not_overlap(interim):
    day = datetime.timedelta(days=1)
    first = _place(interim, started_on=TODAY - 14 * day)
    services.placement_end(placement=first, ended_on=TODAY - 7 * day, by=interim.case.officer)
    for started_on in (TODAY - 7 * day, TODAY - 10 * day, TODAY - 14 * day):
        with pytest.raises(ValidationError) as error:
            _place(interim, kind=Placement.Kind.HOSTEL, started_on=started_on)
        assert "starts the night after" in error.value.message_dict["started_on"][0]
    assert Placement.objects.count() == 1
    second = _place(interim, kind=Placement.Kind.HOSTEL, started_on=TODAY - 6 * day)
    assert second.started_on == TODAY - 7 * day + day  # the night after the last night


def test_a_household_placed_under_another_case_is_not_placed_twice(interim):
    _place(interim)
    later = CaseFactory(
        person=interim.case.person,
        homeless_tonight=True,
        reason_to_believe_priority_need=True,
        threatened_within_56_days=False,
    )
    duty = DutyFactory(case=later, kind=Duty.Kind.INTERIM, started_on=TODAY - datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="under another case"):
        _place(duty, started_on=TODAY)
    assert not later.placements.exists()


def test_ending_a_placement_stops_its_account_charging(interim):
    placement = _place(interim)
    with pytest.raises(ValidationError):
        services.placement_end(
            placement=placement, ended_on=placement.started_on - datetime.timedelta(days=1), by=interim.case.officer
        )
    placement = services.placement_end(placement=placement, ended_on=TODAY, by=interim.case.officer, note="Moved")
    placement.rent_account.refresh_from_db()
    assert placement.rent_account.charging_until == TODAY
    with pytest.raises(ValidationError, match="already ended"):
        services.placement_end(placement=placement, ended_on=TODAY, by=interim.case.officer)


def test_the_officer_sees_the_ta_account_and_others_do_not(client, interim):
    placement = _place(interim)
    url = reverse("rents:account_detail", args=[placement.rent_account.pk])
    client.force_login(interim.case.officer)
    page = client.get(url)
    assert page.status_code == 200 and interim.case.reference.encode() in page.content
    for role in (roles.PREVENTION_OFFICER, roles.HOUSING_WORKER, roles.HOUSING_MANAGER):
        client.force_login(UserFactory(role=role))
        assert client.get(url).status_code in (403, 404), role


def test_recording_a_placement_through_the_page(client, interim):
    client.force_login(interim.case.officer)
    url = reverse("casework:placement_create", args=[interim.case.pk])
    data = {"kind": "hostel", "address": "Anytown Hostel", "started_on": TODAY.isoformat(), "weekly_charge": "abc"}
    response = client.post(url, data)
    assert response.status_code == 200 and "weekly_charge" in response.context["form"].errors
    assert not Placement.objects.exists()
    response = client.post(url, {**data, "weekly_charge": "120.50"})
    assert response.status_code == 302
    assert response.url == f"{interim.case.get_absolute_url()}#placements"
    assert Placement.objects.get().rent_account.charge_lines.get().weekly_amount == Decimal("120.50")
    assert Case.objects.get().placements.count() == 1


def test_ta_arrears_show_on_the_officers_arrears_list(client, interim):
    placement = _place(interim)
    charge_run(week=TODAY)
    client.force_login(interim.case.officer)
    page = client.get(reverse("rents:arrears_list"))
    assert page.status_code == 200 and placement.rent_account.reference.encode() in page.content
    client.force_login(UserFactory(role=roles.PREVENTION_OFFICER))
    assert placement.rent_account.reference.encode() not in client.get(reverse("rents:arrears_list")).content
