"""Compliance on "My work": the user's checks coming due or overdue and their open actions due, each
linking to its page, in a fixed number of queries."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import roles
from compliance.models import Action, ScheduledCheck
from compliance.mywork.checks import checks_due
from core import mywork
from tests.accounts.factories import UserFactory
from tests.compliance.factories import ActionFactory, record, schedule_of
from tests.tenancies.factories import PropertyFactory
from tests.tenancies.scoping import scheme_for

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 3, 10, tzinfo=ZoneInfo("Europe/London"))
HOSTEL = {"safety_exemption": "hostel", "safety_exemption_basis": "Board and lodging, no self-contained flats"}
QUIET = {"has_gas_supply": False, "has_communal_areas": False, "asbestos": "none"}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def worker(housing_worker):
    return housing_worker


def buildings(scheme, n=1):
    """`n` buildings needing only a legionella assessment, each recorded on 1 November 2026 (in date)."""
    made = []
    for i in range(n):
        building = PropertyFactory(scheme=scheme, address=f"{i + 1} Mill Lane", **QUIET)
        record(schedule_of("legionella_risk_assessment", building=building), date(2026, 11, 1))
        made.append(building)
    return made


def quiet_scheme(user, name, n=1):
    scheme = scheme_for(user, name=name, **HOSTEL)
    record(schedule_of("health_safety_walkround", scheme=scheme), date(2026, 11, 20))  # due 20 December
    buildings(scheme, n)
    return scheme


def due(schedule, next_due_on, **changes):
    schedule.next_due_on = next_due_on
    schedule.due_soon_from = next_due_on - timedelta(days=schedule.check_type.warning_days)
    for name, value in changes.items():
        setattr(schedule, name, value)
    schedule.save()
    return schedule


def legionella(building) -> ScheduledCheck:
    return schedule_of("legionella_risk_assessment", building=building)


def fill(scheme, owner=None):
    """In each building: the legionella assessment overdue, an action due in 5 days and one overdue."""
    for schedule in ScheduledCheck.objects.filter(scheme=scheme, check_type__code="legionella_risk_assessment"):
        due(schedule, date(2026, 11, 30))
        done = schedule.records.first()
        ActionFactory(check_record=done, due_on=date(2026, 12, 8), owner=owner, description="Descale the showers.")
        ActionFactory(check_record=done, due_on=date(2026, 12, 1), owner=owner, description="Lag the pipes.")


def test_the_workers_checks_and_actions_with_links(worker):
    scheme = quiet_scheme(worker, "Riverside House")
    (building,) = scheme.properties.all()
    fill(scheme, owner=worker)
    ActionFactory(check_record=legionella(building).records.first(), due_on=date(2026, 12, 20), owner=worker)
    ActionFactory(
        check_record=legionella(building).records.first(),
        due_on=date(2026, 11, 1),
        owner=worker,
        status=Action.Status.DONE,
    )
    items = checks_due(worker)
    assert [(item.title, item.due, item.overdue) for item in items] == [
        ("Legionella risk assessment: 1 Mill Lane, LS2 7EE", date(2026, 11, 30), True),
        ("Action: Lag the pipes.", date(2026, 12, 1), True),
        ("Action: Descale the showers.", date(2026, 12, 8), False),
    ]
    assert {item.category for item in items} == {"Compliance"}
    assert items[0].detail == "Overdue: it was due by 30 November 2026. Riverside House."
    assert items[0].url == legionella(building).get_absolute_url()
    lag = Action.objects.get(description="Lag the pipes.")
    assert items[1].url == lag.get_absolute_url()
    assert set(items) <= set(mywork.due_for(worker))


def test_due_soon_and_never_recorded_checks_are_listed(worker):
    scheme = quiet_scheme(worker, "Riverside House", n=2)
    first, second = scheme.properties.order_by("address")
    due(legionella(first), date(2026, 12, 20))  # within its 60 days' warning
    ScheduledCheck.objects.filter(pk=legionella(second).pk).update(last_done_on=None, next_due_on=None)
    items = {item.title: item for item in checks_due(worker)}
    assert set(items) == {
        "Legionella risk assessment: 1 Mill Lane, LS2 7EE",
        "Legionella risk assessment: 2 Mill Lane, LS2 7EE",
    }
    assert items["Legionella risk assessment: 1 Mill Lane, LS2 7EE"].due == date(2026, 12, 20)
    assert items["Legionella risk assessment: 1 Mill Lane, LS2 7EE"].detail.startswith("Due by 20 December 2026.")
    assert items["Legionella risk assessment: 2 Mill Lane, LS2 7EE"].due is None
    assert items["Legionella risk assessment: 2 Mill Lane, LS2 7EE"].detail.startswith("No record")


def test_only_the_users_own_what_is_assigned_elsewhere_and_other_schemes_are_left_out(worker):
    mine = quiet_scheme(worker, "Riverside House")
    fill(mine)  # no owner: the scheme's workers'
    colleague = UserFactory(role=roles.HOUSING_WORKER)
    (building,) = mine.properties.all()
    due(legionella(building), date(2026, 11, 30), assigned_to=colleague)  # the colleague's, not mine
    other = quiet_scheme(UserFactory(role=roles.HOUSING_WORKER), "Hill View")
    fill(other, owner=worker)  # owned by me but out of my scope
    assert [item.title for item in checks_due(worker)] == ["Action: Lag the pipes.", "Action: Descale the showers."]


def test_a_manager_sees_what_is_theirs_not_every_scheme(manager, worker):
    fill(quiet_scheme(worker, "Riverside House"), owner=worker)
    assert checks_due(manager) == []
    scheme = quiet_scheme(None, "Hill View")
    (building,) = scheme.properties.all()
    due(legionella(building), date(2026, 11, 30), assigned_to=manager)
    assert [item.title for item in checks_due(manager)] == ["Legionella risk assessment: 1 Mill Lane, LS2 7EE"]


def test_nothing_for_users_without_compliance_or_with_nothing_due(worker):
    quiet_scheme(worker, "Riverside House")
    assert checks_due(worker) == []
    assert checks_due(UserFactory(role=roles.PREVENTION_OFFICER)) == []


def test_a_fixed_number_of_queries(worker):
    scheme = quiet_scheme(worker, "Riverside House")
    fill(scheme)
    worker = type(worker).objects.get(pk=worker.pk)
    with CaptureQueriesContext(connection) as one:
        assert len(checks_due(worker)) == 3
    buildings(scheme, 3)
    fill(scheme)
    worker = type(worker).objects.get(pk=worker.pk)
    with CaptureQueriesContext(connection) as more:
        assert len(checks_due(worker)) == 4 * 3 + 2
    assert len(more) == len(one)


def test_beyond_the_soonest_checks_one_line_per_scheme_says_how_many_more(worker, monkeypatch):
    from compliance.mywork import checks

    monkeypatch.setattr(checks, "CHECKS_LISTED", 3)  # the cap is policy; five overdue buildings pass three
    scheme = quiet_scheme(worker, "Riverside House", n=5)
    for building in scheme.properties.all():
        due(legionella(building), date(2026, 11, 30))
    items = [item for item in checks_due(worker) if not item.title.startswith("Action")]
    assert [item.title.split(":")[0] for item in items[:3]] == ["Legionella risk assessment"] * 3
    assert items[3].title == "2 more checks due or overdue at Riverside House"
    assert items[3].url == f"/compliance/checks/?scheme={scheme.pk}"
    assert len(items) == 4
