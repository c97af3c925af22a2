"""Journey: start the prevention duty, try to end it too early, end it when they become homeless (relief opens),
record the s184 decision and a review request."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts import roles
from casework.models import Duty, MainDutyDecision
from tests.accounts.factories import UserFactory
from tests.browser.helpers import assert_fits_screen, log_in
from tests.casework.scoping import case_for


def test_duties_from_prevention_to_a_decision_and_review(page: Page, screen):
    officer = UserFactory(role=roles.PREVENTION_OFFICER, full_name="Priya Officer")
    today = timezone.localdate()
    case = case_for(officer, approached_on=today - timedelta(days=10), person__legal_name="Jordan Ellis")
    section = page.locator("#duties")

    log_in(page, officer)
    page.goto(case.get_absolute_url())
    expect(section.get_by_role("heading", name="Duties and decisions")).to_be_visible()
    expect(section).to_contain_text("No duty has started yet.")
    section.get_by_role("link", name="Start the prevention duty (s195)").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Start a duty for Jordan Ellis")
    expect(page.get_by_label("Prevention duty (s195)")).to_be_checked()
    page.get_by_label("Date the duty started").fill((today - timedelta(days=9)).isoformat())
    assert_fits_screen(page, screen.width)
    page.get_by_role("button", name="Start the duty").click()

    expect(page.locator(".messages")).to_contain_text("Prevention duty (s195) started")
    expect(section).to_contain_text("Day 10")
    expect(section).to_contain_text("47 days left")
    assert_fits_screen(page, screen.width)
    section.get_by_role("link", name="End the prevention duty (s195)").click()

    # Too early for "56 days have passed": the form says why and nothing changes.
    expect(page.get_by_role("heading", level=1)).to_have_text("End the prevention duty (s195)")
    page.get_by_label("56 days have passed").check()
    page.get_by_role("button", name="End the duty").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("The 56 days are not up until")
    assert Duty.objects.get().is_open

    page.get_by_label("Became homeless").check()
    page.get_by_label("Note").fill("Their mum asked them to leave last night.")
    assert_fits_screen(page, screen.width)
    page.get_by_role("button", name="End the duty").click()
    expect(page.locator(".messages")).to_contain_text("The relief duty started the same day.")
    expect(section).to_contain_text("Relief duty (s189B)")
    expect(section).to_contain_text("Their mum asked them to leave last night.")

    section.get_by_role("link", name="Record a decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record the s184 decision for Jordan Ellis")
    page.get_by_label("Homeless but not in priority need").check()
    page.get_by_label("Reasons for the decision").fill("You are homeless, but not in priority need.")
    page.get_by_role("button", name="Record the decision").click()
    deadline = today + timedelta(days=21)
    expect(page.locator(".messages")).to_contain_text(f"They can ask for a review until {deadline:%-d %B %Y}")
    expect(section).to_contain_text("Window open: 21 days left")

    section.get_by_role("link", name="Record a review request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a review request (s202)")
    page.get_by_role("button", name="Record the request").click()
    expect(page.locator(".messages")).to_contain_text("Review request recorded")
    expect(section).to_contain_text(f"Requested on {today:%-d %B %Y}")
    assert MainDutyDecision.objects.get().review_requested_on == today
