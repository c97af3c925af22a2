"""Journeys: record a house meeting with an action (and find it on My work); take a complaint through its
clocks to stage 2; the regulator's figures."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts import roles
from tenancies.models import Complaint, HouseMeeting, MeetingAction
from tests.accounts.factories import UserFactory
from tests.browser.helpers import assert_fits_screen, go_by_menu, log_in
from tests.tenancies.factories import AgreementFactory
from tests.tenancies.scoping import scheme_for


def test_record_a_house_meeting_with_an_action(page: Page, worker, screen):
    worker.full_name = "Hana Worker"
    worker.save()
    scheme = scheme_for(worker, name="Riverside House")
    scheme_for(worker, name="Elm Court")
    for name in ("Alex Khan", "Sam Okafor"):
        AgreementFactory(unit__property__scheme=scheme, person__legal_name=name)
    today = timezone.localdate()
    held_on = today - timedelta(days=1)
    due_on = today + timedelta(days=7)

    log_in(page, worker)
    page.goto("/housing/meetings/")
    expect(page.get_by_role("heading", level=1)).to_have_text("House meetings")
    page.get_by_label("Scheme").select_option(label="Riverside House")
    page.get_by_role("button", name="Show meetings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("House meetings at Riverside House")
    page.get_by_role("link", name="Record a house meeting").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Record a house meeting at Riverside House")
    page.get_by_label("Date of the meeting").fill("")
    page.get_by_label("Agenda").fill("Kitchen rota\nGarden gate")
    page.get_by_role("button", name="Save the meeting").click()

    # Bad input: the error summary takes focus and nothing is saved.
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Date of the meeting")
    assert not HouseMeeting.objects.exists()

    page.get_by_label("Date of the meeting").fill(held_on.isoformat())
    page.get_by_label("Minutes").fill("Agreed a new kitchen rota. The garden gate still does not latch.")
    page.get_by_label("Alex Khan").check()
    page.get_by_label("Sam Okafor").check()
    page.get_by_label("Hana Worker").check()
    assert_fits_screen(page, screen.width)
    page.get_by_role("button", name="Save the meeting").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"House meeting on {held_on:%-d %B %Y}")
    expect(page.locator(".messages")).to_contain_text("House meeting on")
    expect(page.locator("main")).to_contain_text("Alex Khan, Sam Okafor")
    page.get_by_label("What needs doing").fill("Ask Northern Homes to fix the back-garden gate latch")
    page.get_by_label("Who will do it").select_option(label="Hana Worker")
    page.get_by_label("Due by").fill(due_on.isoformat())
    page.get_by_role("button", name="Add the action").click()

    expect(page.locator(".messages")).to_contain_text(f"Action added for Hana Worker, due {due_on:%-d %B %Y}")
    actions = page.get_by_role("region", name="Actions")
    expect(actions).to_contain_text("Ask Northern Homes to fix the back-garden gate latch")
    assert_fits_screen(page, screen.width)

    # The action is on the owner's My work, and leads back to the meeting.
    go_by_menu(page, "My work")
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    page.get_by_role("link", name="Ask Northern Homes to fix the back-garden gate latch").click()
    expect(page).to_have_url(re.compile(r"/housing/meetings/\d+/#actions$"))

    page.get_by_role("button", name=re.compile(r"^Mark done")).click()
    expect(page.locator(".messages")).to_contain_text("Marked done")
    expect(page.get_by_role("region", name="Actions")).to_contain_text(f"Done on {today:%-d %B %Y}")
    action = MeetingAction.objects.get()
    assert action.done_on == today
    assert action.meeting.residents_present.count() == 2


def test_log_a_complaint_and_follow_its_clocks_to_stage2(page: Page, worker, screen):
    worker.full_name = "Hana Worker"
    worker.save()
    manager = UserFactory(role=roles.HOUSING_MANAGER, full_name="Morgan Manager")
    scheme = scheme_for(worker, name="Riverside House")
    AgreementFactory(unit__property__scheme=scheme, person__legal_name="Alex Khan")
    today = timezone.localdate()

    log_in(page, worker)
    page.goto(f"/housing/complaints/?scheme={scheme.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Complaints at Riverside House")
    page.get_by_role("link", name="Log a complaint").click()
    page.get_by_label("Resident making the complaint").select_option(label="Alex Khan")
    page.get_by_label("What the complaint is about").fill("The shower has been broken for two weeks.")
    page.get_by_label("Who will handle it at stage 1").select_option(label="Hana Worker")
    page.get_by_role("button", name="Log the complaint").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Complaint received {today:%-d %B %Y}")
    expect(page.get_by_test_id("deadline-stage1-acknowledge")).to_contain_text("5 working days left")
    assert_fits_screen(page, screen.width)
    page.get_by_role("link", name="Acknowledge stage 1").click()
    page.get_by_role("button", name="Record the acknowledgement").click()
    expect(page.get_by_test_id("deadline-stage1-acknowledge")).to_contain_text("Met")
    expect(page.get_by_test_id("deadline-stage1-respond")).to_contain_text("10 working days left")

    page.get_by_role("link", name="Record the stage 1 response").click()
    page.get_by_label("The response", exact=True).fill("We are sorry. A plumber fixed the shower today.")
    page.get_by_role("button", name="Record the response").click()
    expect(page.get_by_test_id("deadline-stage1-respond")).to_contain_text("Met")

    # Stage 2 must go to someone else: choosing the stage 1 handler is refused with a clear message.
    page.get_by_role("link", name="Take it to stage 2").click()
    page.get_by_label("Who will look at it at stage 2").select_option(label="Hana Worker")
    page.get_by_role("button", name="Escalate to stage 2").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("must not be the person who looked at it at stage 1")
    page.get_by_label("Who will look at it at stage 2").select_option(label="Morgan Manager")
    page.get_by_role("button", name="Escalate to stage 2").click()
    expect(page.locator("main")).to_contain_text("Stage 2 handler")
    expect(page.get_by_test_id("deadline-stage2-acknowledge")).to_contain_text("5 working days left")
    complaint = Complaint.objects.get()
    assert (complaint.stage, complaint.stage2_handler) == (2, manager)

    page.goto("/housing/complaints/")
    expect(page.get_by_role("region", name="Complaints")).to_contain_text("Stage 2 acknowledgement")
    assert_fits_screen(page, screen.width)


def test_managers_see_the_regulators_figures(page: Page, screen):
    manager = UserFactory(role=roles.HOUSING_MANAGER)
    log_in(page, manager)
    page.goto("/housing/figures/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Figures for the regulator")
    expect(page.get_by_test_id("ch01-stage1")).to_contain_text("No homes")
    assert_fits_screen(page, screen.width)
