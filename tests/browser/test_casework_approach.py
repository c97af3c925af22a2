"""Journey on a phone: a young person whose parent is asking them to leave approaches the council; the officer
records the approach, triages it and opens the prevention duty."""

import datetime
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts import roles
from casework.models import Case, Duty
from people.models import Person
from tests.accounts.factories import UserFactory
from tests.browser.helpers import assert_fits_screen, go_by_menu, log_in
from tests.casework.factories import CaseFactory, PreventionTeamFactory
from tests.people.factories import PersonFactory


@pytest.mark.screens("phone")
def test_triage_a_parents_eviction_threat_and_open_the_prevention_duty(page: Page, screen):
    team = PreventionTeamFactory(name="Housing Options North")
    officer = UserFactory(role=roles.PREVENTION_OFFICER, team=team, full_name="Priya Officer")
    today = timezone.localdate()

    log_in(page, officer)
    go_by_menu(page, "Caseload")
    expect(page.get_by_role("heading", level=1)).to_have_text("Caseload")
    page.get_by_role("link", name="Record a new approach").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Record a new approach")
    page.get_by_label("Full name").fill("Jade Wilson")
    page.get_by_label("Phone").fill("07700 900123")
    page.get_by_label("When and how to contact them").fill("Text first; she is at college in the mornings.")
    assert_fits_screen(page, screen.width)
    page.get_by_role("button", name="Open the case").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Triage the approach from Jade Wilson")
    expect(page.locator(".messages")).to_contain_text("opened for Jade Wilson")
    tonight = page.get_by_role("group", name="Do they have nowhere safe to stay tonight?")
    tonight.get_by_label("No", exact=True).check()
    within_56_days = page.get_by_role("group", name="Are they likely to lose their home within 56 days?")
    within_56_days.get_by_label("Yes", exact=True).check()
    page.get_by_label("Eligibility").select_option(label="Eligible")
    page.get_by_label("Accommodation when they approached").select_option(label="Living with family")
    page.get_by_label("Reason for loss, or threat of loss, of last settled home").select_option(
        label="Family or friends no longer willing or able to accommodate"
    )
    page.get_by_label("What is happening, in their words").fill("Mum says I have to be out by the end of the month.")
    page.get_by_label("Host's name").fill("Karen Wilson")
    page.get_by_label("Host's relationship to the applicant").fill("Mother")
    assert_fits_screen(page, screen.width)
    page.get_by_role("button", name="Save the triage").click()

    expect(page.locator(".messages")).to_contain_text("Triage saved: Application taken.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Jade Wilson")
    case = Case.objects.get()
    assert (case.officer, case.threatened_within_56_days, case.homeless_tonight) == (officer, True, False)
    assert case.reason_for_loss.code == "FAMILY_OR_FRIENDS_NO_LONGER_WILLING"
    duties = page.locator("#duties")
    duties.get_by_role("link", name="Start the prevention duty (s195)").click()
    page.get_by_role("button", name="Start the duty").click()

    expect(page.locator(".messages")).to_contain_text("Prevention duty (s195) started")
    expect(duties).to_contain_text("56 days left")
    assert_fits_screen(page, screen.width)
    duty = Duty.objects.get()
    assert (duty.kind, duty.started_on, duty.day_56) == (Duty.Kind.PREVENTION, today, today + timedelta(days=56))


@pytest.mark.screens("phone")
def test_an_approach_from_someone_already_known_goes_to_their_record_not_a_second_one(page: Page, screen):
    """Jade came to us last year; she approaches again, and the officer is offered her record before a new one."""
    team = PreventionTeamFactory(name="Housing Options North")
    officer = UserFactory(role=roles.PREVENTION_OFFICER, team=team, full_name="Priya Officer")
    born = datetime.date(2001, 6, 9)
    jade = PersonFactory(legal_name="Jade Wilson", date_of_birth=born, phone="07700 900123")
    CaseFactory(person=jade, team=team, officer=officer, status=Case.Status.CLOSED)

    log_in(page, officer)
    go_by_menu(page, "Caseload")
    page.get_by_role("link", name="Record a new approach").click()
    page.get_by_label("Full name").fill("Jayde Wilson")
    page.get_by_label("Date of birth").fill(born.isoformat())
    page.get_by_label("Phone").fill("07700 900456")  # her new number
    page.get_by_role("button", name="Open the case").click()

    expect(page.get_by_role("heading", name="We may already know them")).to_be_visible()
    expect(page.locator(".error-summary")).to_contain_text("Choose them, or say this is someone else")
    known = page.get_by_role("group", name="Is this someone we already know?")
    expect(known).to_contain_text("Jade Wilson, born 9 June 2001")
    assert_fits_screen(page, screen.width)
    known.get_by_label("Jade Wilson, born 9 June 2001", exact=False).check()
    page.get_by_role("button", name="Open the case").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Triage the approach from Jade Wilson")
    messages = page.locator(".messages")
    expect(messages).to_contain_text("Their record now has the details you gave: phone 07700 900456 (was 07700 900123)")
    expect(messages).to_contain_text("Their record keeps its own full name, not what you typed")
    assert_fits_screen(page, screen.width)
    assert Person.objects.count() == 1
    assert Case.objects.open().get().person == jade
    jade.refresh_from_db()
    assert (jade.legal_name, jade.phone) == ("Jade Wilson", "07700 900456")
