"""Journeys on a case: raise a safeguarding concern and close it; add to the household, log a contact,
refer to a support service with consent and upload a document; a colleague sees only that a concern is open."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts import roles
from casework.models import CaseDocument, SafeguardingConcern, ServiceReferral
from tests.accounts.factories import UserFactory
from tests.browser.helpers import assert_fits_screen, log_in
from tests.casework.factories import (
    CaseFactory,
    ContactLogFactory,
    PreventionTeamFactory,
    SafeguardingConcernFactory,
    officer_in,
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


# Browser tests flush the database between tests, which empties the H-CLIC lists; cases here need none.


@pytest.fixture
def team():
    team = PreventionTeamFactory()
    team.leader = UserFactory(role=roles.TEAM_LEADER, team=team, full_name="Lee Leader")
    team.save(update_fields=["leader"])
    return team


def test_raise_and_close_a_safeguarding_concern(page: Page, team, screen):
    officer = officer_in(team, full_name="Olu Officer")
    case = CaseFactory(team=team, officer=officer, person__legal_name="Casey Morgan", reason_for_loss=None)
    today = timezone.localdate()

    log_in(page, officer)
    page.goto(case.get_absolute_url())
    page.get_by_role("link", name="Raise a safeguarding concern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Raise a safeguarding concern")
    page.get_by_label("A child").check()
    page.get_by_label("Who is the concern about?").fill("Riley (aged 6)")
    page.get_by_label("Category").select_option(label="Neglect or acts of omission")
    page.get_by_label("What was seen or heard").fill("No food in the house on two visits.")
    page.get_by_label("Children's Services").check()
    page.get_by_label("Date of the referral").fill((today - timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Record the concern").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("The referral date cannot be before the date of the concern.")
    assert not SafeguardingConcern.objects.exists()

    page.get_by_label("Date of the referral").fill(today.isoformat())
    page.get_by_label("The agency's reference").fill("CS-0042")
    assert_fits_screen(page, screen.width)
    page.get_by_role("button", name="Record the concern").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Safeguarding concern")
    expect(page.locator("main")).to_contain_text("No food in the house on two visits.")
    assert_fits_screen(page, screen.width)
    page.get_by_role("link", name="Close the concern").click()
    page.get_by_label("Outcome").fill("Children's Services visited; support is in place.")
    page.get_by_role("button", name="Close the concern").click()
    expect(page.locator(".messages")).to_contain_text("Safeguarding concern closed.")
    assert SafeguardingConcern.objects.get().status == SafeguardingConcern.Status.CLOSED


def test_household_contact_referral_and_document(page: Page, team, screen, tmp_path):
    officer = officer_in(team, full_name="Olu Officer")
    case = CaseFactory(team=team, officer=officer, person__legal_name="Casey Morgan", reason_for_loss=None)

    log_in(page, officer)
    page.goto(case.get_absolute_url())
    page.get_by_role("link", name="Add someone to the household").click()
    page.get_by_label("Name").fill("Jo Morgan")
    page.get_by_label("Relationship to the applicant").select_option(label="Partner")
    page.get_by_label("Pregnant").check()
    page.get_by_role("button", name="Add to the household").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("Give the due date")
    page.get_by_label("Due date").fill((timezone.localdate() + timedelta(days=90)).isoformat())
    page.get_by_role("button", name="Add to the household").click()
    expect(page.get_by_role("region", name="Household members")).to_contain_text("Jo Morgan")
    assert_fits_screen(page, screen.width)

    page.get_by_role("link", name="Log a contact").click()
    page.get_by_label("Phone call").check()
    page.get_by_label("What was said or agreed").fill("Rang to confirm Thursday's visit.")
    page.get_by_role("button", name="Log the contact").click()
    expect(page.get_by_role("region", name="Latest contacts")).to_contain_text("Rang to confirm Thursday's visit.")

    page.get_by_role("link", name="Refer to a support service").click()
    page.get_by_label("Kind of service").select_option(label="Money and debt advice")
    page.get_by_label("Organisation").fill("Anytown Citizens Advice")
    page.get_by_role("button", name="Record the referral").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("We can only refer someone who has agreed")
    assert not ServiceReferral.objects.exists()
    page.get_by_label("They agreed to us sharing their details with this service").check()
    page.get_by_label("How they agreed").fill("Verbally, in person")
    page.get_by_role("button", name="Record the referral").click()
    expect(page.get_by_role("region", name="Referrals made")).to_contain_text("Anytown Citizens Advice")

    notice = tmp_path / "upload" / "notice.pdf"
    notice.parent.mkdir()
    notice.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page.get_by_role("link", name="Upload a document").click()
    page.get_by_label("Title").fill("Section 21 notice")
    page.get_by_label("File").set_input_files(str(notice))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("link", name="Section 21 notice")).to_be_visible()
    assert CaseDocument.objects.get().title == "Section 21 notice"
    assert_fits_screen(page, screen.width)


@pytest.mark.screens("phone")
def test_a_colleague_sees_only_that_a_concern_is_open(page: Page, team):
    case = CaseFactory(team=team, officer=None, reason_for_loss=None)
    SafeguardingConcernFactory(case=case, raised_by=team.leader, subject_name="Riley (aged 6)")
    log_in(page, officer_in(team))
    page.goto(case.get_absolute_url())
    section = page.locator("#safeguarding")
    expect(section).to_contain_text("There is an open safeguarding concern on this case.")
    expect(section).to_contain_text("Lee Leader (team leader)")
    expect(section).not_to_contain_text("Riley")


def test_a_team_leader_reviews_open_concerns_and_the_contact_log(page: Page, team, screen):
    case = CaseFactory(team=team, officer=officer_in(team), reason_for_loss=None, person__legal_name="Casey Morgan")
    SafeguardingConcernFactory(case=case, subject_name="Riley (aged 6)")
    for hours in range(7):
        ContactLogFactory(case=case, happened_at=timezone.now() - timedelta(hours=hours), summary=f"Contact {hours}")
    log_in(page, team.leader)
    page.goto(case.get_absolute_url())
    page.get_by_role("link", name="All open safeguarding concerns").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open safeguarding concerns")
    expect(page.get_by_role("region", name="Open safeguarding concerns")).to_contain_text(case.reference)
    assert_fits_screen(page, screen.width)
    page.get_by_role("link", name=case.reference, exact=True).click()
    page.get_by_role("link", name="All contacts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact log")
    expect(page.get_by_role("region", name="Contacts")).to_contain_text("Contact 6")
    assert_fits_screen(page, screen.width)
