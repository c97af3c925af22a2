"""Journey on a phone: an officer makes a housing plan from the family-or-friends menu, issues it, reads the PDF
back, marks a step done, then starts mediation with the host and records a session."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from accounts import roles
from casework.models import Mediation, MediationSession, PersonalisedHousingPlan
from tests.accounts.factories import UserFactory
from tests.browser.helpers import assert_fits_screen, log_in
from tests.casework.factories import DutyFactory
from tests.casework.scoping import case_for


@pytest.mark.screens("phone")
def test_an_officer_makes_issues_and_downloads_a_housing_plan_then_records_mediation(page: Page, screen):
    officer = UserFactory(role=roles.PREVENTION_OFFICER, full_name="Priya Officer")
    case = case_for(officer, person__legal_name="Jordan Rivers", host_name="Dee Rivers", host_relationship="Mother")
    DutyFactory(case=case)
    review_on = timezone.localdate() + datetime.timedelta(days=14)

    log_in(page, officer)
    page.goto(case.get_absolute_url())
    page.get_by_role("link", name="Make a housing plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Make a housing plan for Jordan Rivers")
    expect(page.get_by_label("Family or friends asking them to leave")).to_be_checked()
    page.get_by_role("button", name="Continue").click()

    applicant = page.get_by_role("group", name="Steps the applicant will take")
    council = page.get_by_role("group", name="Steps the council will take")
    expect(applicant.get_by_role("textbox", name="Applicant step 2 (optional)")).to_have_value(
        "Come to the mediation meeting we arrange with your host."
    )
    expect(applicant.get_by_label("Include applicant step 1")).to_be_checked()
    applicant.get_by_role("textbox", name="Applicant step 2 (optional)").fill(
        "Come to the mediation meeting with your mum."
    )
    council.get_by_label("Include council step 4").uncheck()
    applicant.get_by_label("Applicant step of your own (1)").fill("Keep your phone charged so we can reach you.")
    page.get_by_label("What we agreed, in plain words").fill("You can stay with your mum while we work on this.")
    page.get_by_label("Review the plan by").fill(review_on.isoformat())
    assert_fits_screen(page, screen.width)
    page.get_by_role("button", name="Save the plan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Housing plan for Jordan Rivers")
    expect(page.locator(".messages")).to_contain_text("Housing plan saved")
    plan = PersonalisedHousingPlan.objects.get()
    assert not plan.steps.filter(text="Add you to the housing register if you are eligible.").exists()
    assert_fits_screen(page, screen.width)

    page.get_by_role("button", name="Issue the plan").click()
    expect(page.locator(".messages")).to_contain_text("Plan issued")
    href = page.get_by_role("link", name="Download the plan (PDF)").get_attribute("href")
    response = page.request.get(href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    assert "Steps you will take" in text and "Steps we will take" in text
    assert "Come to the mediation meeting with your mum." in text
    assert "Keep your phone charged so we can reach you." in text
    assert "Offer mediation with your host" in text
    assert "Add you to the housing register" not in text
    assert f"{review_on:%-d %B %Y}" in text
    assert "Priya Officer" in text

    page.get_by_role("button", name=re.compile(r"^Mark done\W+Offer mediation")).click()
    expect(page.locator(".messages")).to_contain_text("Marked done: Offer mediation")
    expect(page.locator("#steps-council")).to_contain_text("Done")

    # Mediation with the host, from the case page.
    page.get_by_role("link", name="Back to the case").click()
    page.get_by_role("link", name="Start mediation with the host").click()
    expect(page.get_by_label("Host's name")).to_have_value("Dee Rivers")
    expect(page.get_by_label("Host's relationship to the applicant")).to_have_value("Mother")
    assert_fits_screen(page, screen.width)
    page.get_by_role("button", name="Start mediation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mediation for Jordan Rivers")

    page.get_by_label("Who took part").fill("Jordan, Dee (mum), Priya")
    page.get_by_label("Notes").fill("Talked about the arguments over money and the house rules.")
    page.get_by_label("What was agreed").fill("Dee agrees Jordan can stay while they save for a deposit.")
    page.get_by_role("button", name="Add the session").click()
    expect(page.locator(".messages")).to_contain_text("Session on")
    expect(page.locator("main")).to_contain_text("Dee agrees Jordan can stay while they save for a deposit.")
    assert_fits_screen(page, screen.width)
    session = MediationSession.objects.get()
    assert session.mediation == Mediation.objects.get(case=case) and session.by == officer
