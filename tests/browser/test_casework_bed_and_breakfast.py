"""Journey at phone size: place a family in bed and breakfast, see the six-week clock on the case and
the caseload, get the four-week reminder in the inbox, then move them to self-contained accommodation;
the nights already used stay counted, and a placement that would overlap is refused."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts import roles
from casework.models import Duty, Placement
from core import reminders
from tests.accounts.factories import UserFactory
from tests.browser.helpers import assert_fits_screen, go_by_menu, log_in
from tests.casework.factories import CaseFactory, DutyFactory, HouseholdMemberFactory, PreventionTeamFactory, officer_in


@pytest.mark.screens("phone")
def test_a_family_in_bed_and_breakfast_moved_before_six_weeks(page: Page, screen):
    today = timezone.localdate()
    team = PreventionTeamFactory()
    team.leader = UserFactory(role=roles.TEAM_LEADER, team=team, full_name="Lee Leader")
    team.save(update_fields=["leader"])
    officer = officer_in(team, full_name="Olu Officer")
    case = CaseFactory(
        team=team,
        officer=officer,
        person__legal_name="Jess Carter",
        homeless_tonight=True,
        reason_to_believe_priority_need=True,
        threatened_within_56_days=False,
        approached_on=today - timedelta(days=31),
        reason_for_loss=None,
    )
    DutyFactory(case=case, kind=Duty.Kind.INTERIM, started_on=today - timedelta(days=30))
    HouseholdMemberFactory(case=case, name="Max Carter")
    first_night = today - timedelta(days=29)
    section = page.locator("#placements")

    log_in(page, officer)
    page.goto(case.get_absolute_url())
    section.get_by_role("link", name="Record a placement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record temporary accommodation for Jess Carter")
    page.get_by_label("Type of accommodation").select_option(label="Bed and breakfast")
    page.get_by_label("Address").fill("Station Hotel, 1 Station Road\nAnytown")
    page.get_by_label("Provider or landlord").fill("Station Hotel")
    page.get_by_label("First night").fill(first_night.isoformat())
    page.get_by_label("Weekly charge (£)").fill("196.00")
    assert_fits_screen(page, screen.width)
    page.get_by_role("button", name="Record the placement").click()

    expect(page.locator(".messages")).to_contain_text("Placement recorded")
    clock = page.locator("#bnb-clock")
    expect(clock).to_contain_text("29 of 42 nights used")
    expect(clock).to_contain_text(f"Move them before the night of {first_night + timedelta(days=42):%-d %B %Y}")
    assert_fits_screen(page, screen.width)

    go_by_menu(page, "Caseload")
    expect(page.locator(".bnb-clock")).to_contain_text("B&B night 30 of 42")
    assert_fits_screen(page, screen.width)

    # The nightly reminder job (run by Celery beat in production) tells the officer at four weeks.
    assert reminders.run_reminder_jobs(only=["casework.bed_and_breakfast"])["casework.bed_and_breakfast"] == 1
    page.locator("#inbox-link").click()
    reminder = page.get_by_role("link", name="Jess Carter's family: 4 weeks in bed and breakfast")
    expect(reminder).to_be_visible()
    assert_fits_screen(page, screen.width)
    reminder.click()

    # Move them: the new placement cannot start while the B&B is current, nor overlap its last night.
    expect(page.get_by_role("heading", level=1)).to_have_text("Jess Carter")
    section.get_by_role("link", name="Record a placement").click()
    page.get_by_label("Type of accommodation").select_option(label="Nightly paid, privately managed, self-contained")
    page.get_by_label("Address").fill("Flat 4, 22 Mill Lane\nAnytown")
    page.get_by_label("First night").fill(today.isoformat())
    page.get_by_label("Weekly charge (£)").fill("160.00")
    page.get_by_role("button", name="Record the placement").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("End the current placement before starting a new one.")
    assert Placement.objects.count() == 1

    page.goto(case.get_absolute_url())
    section.get_by_role("link", name="End this placement").click()
    page.get_by_label("Last night").fill((today - timedelta(days=1)).isoformat())
    page.get_by_label("Why it ended").fill("Moved to a self-contained flat.")
    page.get_by_role("button", name="End the placement").click()
    expect(page.locator(".messages")).to_contain_text("Placement ended")

    section.get_by_role("link", name="Record a placement").click()
    page.get_by_label("Type of accommodation").select_option(label="Nightly paid, privately managed, self-contained")
    page.get_by_label("Address").fill("Flat 4, 22 Mill Lane\nAnytown")
    page.get_by_label("First night").fill((today - timedelta(days=1)).isoformat())
    page.get_by_label("Weekly charge (£)").fill("160.00")
    page.get_by_role("button", name="Record the placement").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("A new placement starts the night after.")
    page.get_by_label("First night").fill(today.isoformat())
    page.get_by_role("button", name="Record the placement").click()

    expect(page.locator(".messages")).to_contain_text("Placement recorded")
    expect(clock).to_contain_text("29 of 42 bed and breakfast nights used under this application")
    expect(section).to_contain_text("Nightly paid, privately managed, self-contained")
    assert_fits_screen(page, screen.width)
    assert Placement.objects.filter(case=case, ended_on__isnull=True).get().kind == "nightly_paid"
