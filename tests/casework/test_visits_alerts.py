"""What the officer is told about the lone-working alert, and what the leader is given to act on it."""

from datetime import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from casework.models import HomeVisit
from casework.services import visits as services
from core import mywork
from core.clocks import LONDON
from core.mywork import DueItem
from tests.accounts.factories import UserFactory
from tests.casework.factories import CaseFactory, HomeVisitFactory, PreventionTeamFactory, officer_in
from tests.casework.factories_visits import AlertedVisitFactory, OnVisitFactory

pytestmark = pytest.mark.django_db

MORNING = datetime(2026, 3, 10, 6, 30, 20, tzinfo=LONDON)


@pytest.fixture
def team():
    team = PreventionTeamFactory()
    team.leader = UserFactory(role=roles.TEAM_LEADER, team=team, full_name="Lee Leader")
    team.save()
    team.officer = officer_in(team, full_name="Olu Officer", phone="07700 900123")
    return team


def test_the_officer_is_told_the_time_the_alert_will_really_fire(client, team):
    """Check out by 07:06 plus the 5-minute grace, swept on the minute: the alert goes at 07:11, not 07:06."""
    with time_machine.travel(MORNING, tick=False):
        visit = HomeVisitFactory(
            case=CaseFactory(team=team, officer=team.officer), officer=team.officer, planned_start=timezone.now()
        )
        client.force_login(team.officer)
        response = client.post(
            reverse("casework:visit_check_in", args=[visit.pk]), {"expected_end": "07:06"}, follow=True
        )
        text = response.content.decode()
        assert "If you have not checked out by 07:11, your team leader will be alerted then." in text
        visit.refresh_from_db()
        assert timezone.localtime(services.alert_fires_at(visit)) == datetime(2026, 3, 10, 7, 11, tzinfo=LONDON)
    with time_machine.travel(datetime(2026, 3, 10, 7, 10, 59, tzinfo=LONDON), tick=False):
        assert services.lone_working_sweep(now=timezone.now()) == 0
    with time_machine.travel(datetime(2026, 3, 10, 7, 11, tzinfo=LONDON), tick=False):
        assert services.lone_working_sweep(now=timezone.now()) == 1


def test_a_finish_between_minutes_is_alerted_at_the_next_sweep():
    visit = HomeVisit(expected_end=datetime(2026, 3, 10, 7, 6, 30, tzinfo=LONDON))
    assert timezone.localtime(services.alert_fires_at(visit)) == datetime(2026, 3, 10, 7, 12, tzinfo=LONDON)


def test_the_visit_page_gives_the_leader_the_officers_work_phone_and_the_address(client, team):
    visit = AlertedVisitFactory(
        case=CaseFactory(team=team, officer=team.officer), officer=team.officer, address="Flat 3, 14 Mill Lane"
    )
    client.force_login(team.leader)
    alert = client.get(visit.get_absolute_url()).content.decode().split('role="alert"')[1].split("</dl>")[0]
    assert 'href="tel:07700900123"' in alert and "07700 900123" in alert
    assert "Flat 3, 14 Mill Lane" in alert
    page = client.get(reverse("casework:lone_working")).content.decode()
    assert "07700 900123" in page


def test_without_a_work_phone_the_leader_is_given_the_email(client, team):
    team.officer.phone = ""
    team.officer.save()
    visit = AlertedVisitFactory(case=CaseFactory(team=team, officer=team.officer), officer=team.officer)
    client.force_login(team.leader)
    assert f"mailto:{team.officer.email}" in client.get(visit.get_absolute_url()).content.decode()


def test_staff_set_their_own_work_phone_on_their_profile(client, team):
    client.force_login(team.officer)
    response = client.post(reverse("accounts:profile"), {"phone": " 07700 900777 ", "email_notifications": "on"})
    assert response.status_code == 302
    team.officer.refresh_from_db()
    assert team.officer.phone == "07700 900777"


def test_an_open_alert_is_at_the_top_of_the_leaders_my_work(client, team):
    """Before, the leader's My work said "Nothing is due" while an officer was missing."""
    visit = AlertedVisitFactory(case=CaseFactory(team=team, officer=team.officer), officer=team.officer)
    OnVisitFactory(case=CaseFactory(team=team, officer=team.officer), officer=team.officer)  # no alert
    client.force_login(team.leader)
    page = client.get(reverse("core:home"))
    items = page.context["due_items"]
    assert items[0].url == visit.get_absolute_url() and items[0].urgent
    assert len([item for item in items if item.category == "Lone-working alert"]) == 1
    assert "07700 900123" in items[0].detail
    assert "Nothing is due" not in page.content.decode()
    visit.alert_acknowledged_at = timezone.now()
    visit.save()
    assert not [item for item in mywork.due_for(team.leader) if item.category == "Lone-working alert"]


def test_the_officer_gets_no_alert_line_about_themselves(team):
    AlertedVisitFactory(case=CaseFactory(team=team, officer=team.officer), officer=team.officer)
    assert not [item for item in mywork.due_for(team.officer) if item.category == "Lone-working alert"]


def test_urgent_items_come_before_anything_overdue(monkeypatch):
    overdue = DueItem(title="a", due=datetime(2020, 1, 1).date(), url="/a", category="x")
    urgent = DueItem(title="b", due=None, url="/b", category="y", urgent=True)
    monkeypatch.setattr(mywork, "_providers", {"tests.urgent": lambda user: [overdue, urgent]})
    assert mywork.due_for(None) == [urgent, overdue]
