"""Journeys: on a phone, an officer plans a home visit, checks in, records what they found and checks out;
a team leader answers a lone-working alert."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts import roles
from casework.models import HomeVisit
from casework.services.visits import lone_working_sweep
from core.models import Notification
from tests.accounts.factories import UserFactory
from tests.browser.helpers import assert_fits_screen, log_in
from tests.casework.factories import CaseFactory, PreventionTeamFactory, officer_in
from tests.casework.factories_visits import OverdueVisitFactory


@pytest.mark.screens("phone")
def test_officer_plans_a_visit_checks_in_records_findings_and_checks_out(page: Page, screen):
    officer = officer_in(PreventionTeamFactory(), full_name="Olu Officer")
    case = CaseFactory(officer=officer, team=officer.team, person__legal_name="Sam Okafor")
    start = timezone.localtime().replace(second=0, microsecond=0)
    finish = min(start + timedelta(hours=1), start.replace(hour=23, minute=59))

    log_in(page, officer)
    page.goto(case.get_absolute_url())
    page.get_by_role("link", name="Plan a home visit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan a home visit")
    page.get_by_label("Address you are visiting").fill("14 Mill Lane\nAnytown AN1 2BC")
    page.get_by_label("Start").fill(f"{start:%Y-%m-%dT%H:%M}")
    page.get_by_label("Expected finish").fill(f"{start:%H:%M}")
    assert_fits_screen(page, screen.width)
    page.get_by_role("button", name="Plan the visit").click()

    # A finish that is not after the start: the error summary says so, and nothing is saved.
    expect(page.locator("[data-error-summary]")).to_contain_text("The expected finish must be after the start.")
    assert not HomeVisit.objects.exists()
    page.get_by_label("Expected finish").fill(f"{finish:%H:%M}")
    page.get_by_role("button", name="Plan the visit").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Home visit")
    expect(page.locator(".messages")).to_contain_text("Visit planned")
    assert_fits_screen(page, screen.width)
    page.get_by_role("button", name="Check in").click()

    expect(page.locator(".messages")).to_contain_text("Checked in.")
    alert_at = timezone.localtime(HomeVisit.objects.get().expected_end + timedelta(minutes=5))
    alert_at += timedelta(seconds=-alert_at.second % 60)  # the sweep runs on the minute
    expect(page.locator(".messages")).to_contain_text(
        f"If you have not checked out by {alert_at:%H:%M}, your team leader will be alerted then."
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("On visit now")
    page.get_by_role("link", name="Record what you found").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("What you found")
    page.get_by_label("Who was there").fill("Sam and their mum")
    page.get_by_label("Yes, confirmed").check()
    page.get_by_label("Space and overcrowding").fill("Sam sleeps on the sofa; two bedrooms for four people.")
    page.get_by_label("Why they are at risk").fill("Mum says: we love Sam but we cannot keep arguing about money.")
    page.get_by_label("Risks to staff").fill("A large dog, shut away when asked.")
    assert_fits_screen(page, screen.width)
    page.get_by_role("button", name="Save what you found").click()

    expect(page.locator(".messages")).to_contain_text("What you found is saved.")
    expect(page.locator("main")).to_contain_text("A large dog, shut away when asked.")
    page.get_by_role("button", name="Check out").click()

    expect(page.locator(".messages")).to_contain_text("Checked out.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Checked out")
    assert_fits_screen(page, screen.width)

    visit = HomeVisit.objects.get()
    assert visit.officer == officer
    assert visit.checked_in_at <= visit.checked_out_at
    assert visit.applicant_lives_there is True
    assert visit.present == "Sam and their mum"

    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=case.reference).click()
    expect(page.get_by_role("region", name="Home visits")).to_contain_text("Checked out")


@pytest.mark.screens("desktop")
def test_team_leader_sees_the_alert_and_acknowledges_it(page: Page):
    team = PreventionTeamFactory()
    leader = UserFactory(role=roles.TEAM_LEADER, team=team, full_name="Lee Leader")
    team.leader = leader
    team.save()
    officer = officer_in(team, full_name="Olu Officer")
    visit = OverdueVisitFactory(case=CaseFactory(team=team, officer=officer), officer=officer)
    lone_working_sweep(now=timezone.now())
    assert Notification.objects.filter(recipient=leader, key=f"lone-working:{visit.pk}:1").exists()

    log_in(page, leader)
    page.goto("/prevention/lone-working/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lone working")
    expect(page.locator("main")).to_contain_text("1 open alert")
    page.get_by_role("link", name="Olu Officer").click()

    expect(page.get_by_role("alert")).to_contain_text("Olu Officer has not checked out")
    page.get_by_role("button", name="Acknowledge the alert").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("Say what you have done")
    page.get_by_label("What you have done").fill("Called Olu at 15:20: safe, the visit is running long.")
    page.get_by_role("button", name="Acknowledge the alert").click()

    expect(page.locator(".messages")).to_contain_text("Alert acknowledged.")
    expect(page.locator("main")).to_contain_text("acknowledged by Lee Leader")
    visit.refresh_from_db()
    assert visit.alert_acknowledged_by == leader


@pytest.mark.screens("phone")
def test_on_a_phone_the_leaders_my_work_leads_with_the_alert_and_gives_the_phone_and_address(page: Page, screen):
    team = PreventionTeamFactory()
    leader = UserFactory(role=roles.TEAM_LEADER, team=team, full_name="Lee Leader")
    team.leader = leader
    team.save()
    officer = officer_in(team, full_name="Olu Officer", phone="07700 900123")
    visit = OverdueVisitFactory(
        case=CaseFactory(team=team, officer=officer), officer=officer, address="Flat 3, 14 Mill Lane\nAnytown"
    )
    lone_working_sweep(now=timezone.now())

    log_in(page, leader)
    page.goto("/")
    first = page.locator(".due-list .due-item").first
    expect(first).to_contain_text(
        "Lone-working alert: Olu Officer has not checked out of a visit at Flat 3, 14 Mill Lane"
    )
    expect(first).to_contain_text("work phone 07700 900123")
    expect(page.locator("main")).not_to_contain_text("Nothing is due")
    assert_fits_screen(page, screen.width)
    first.get_by_role("link").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Olu Officer has not checked out")
    expect(alert.get_by_role("link", name="07700 900123")).to_have_attribute("href", "tel:07700900123")
    expect(alert).to_contain_text("Flat 3, 14 Mill Lane")
    assert_fits_screen(page, screen.width)
    page.get_by_label("What you have done").fill("Called Olu: safe, the visit is running long.")
    page.get_by_role("button", name="Acknowledge the alert").click()
    expect(page.locator(".messages")).to_contain_text("Alert acknowledged.")
    visit.refresh_from_db()
    assert visit.alert_acknowledged_by == leader
    page.goto("/")
    expect(page.locator("main")).not_to_contain_text("Lone-working alert")
