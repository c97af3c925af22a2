"""Journey (phone): a housing worker adds a resident's Housing Benefit claim from the rent account,
records the council's award, and sees the status on the resident's page."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from rents.models import HousingBenefitClaim
from tests.browser.helpers import log_in
from tests.rents.factories import account_for


@pytest.mark.screens("phone")
def test_add_a_claim_record_the_award_and_see_it_on_the_residents_page(page: Page, worker):
    account = account_for(worker)
    person = account.agreement.person
    log_in(page, worker)

    page.goto(reverse("tenancies:resident_detail", args=[person.pk]))
    expect(page.get_by_text("No Housing Benefit claim is recorded on this account.")).to_be_visible()
    page.get_by_role("link", name=account.reference).click()
    page.get_by_role("link", name="Add a Housing Benefit claim").click()

    # Bad input: the error summary shows and nothing is saved.
    page.get_by_label("Council's claim reference").fill("LCC-4471")
    page.get_by_role("button", name="Add claim").click()
    expect(page.locator("[data-error-summary]")).to_be_visible()
    assert not HousingBenefitClaim.objects.exists()

    page.get_by_label("Claim start date").fill(datetime.date.today().isoformat())
    page.get_by_role("button", name="Add claim").click()
    expect(page.locator(".messages")).to_contain_text("Housing Benefit claim LCC-4471 added.")
    expect(page.locator("#housing-benefit + ul")).to_contain_text("Claim LCC-4471: Pending")

    page.get_by_role("link", name="Record status of claim LCC-4471").click()
    page.get_by_label("Status").select_option(label="Awarded")
    page.get_by_label("Weekly award (£)").fill("84.50")
    page.get_by_role("button", name="Record status").click()
    expect(page.locator(".messages")).to_contain_text("Claim LCC-4471 is now awarded.")
    claim = HousingBenefitClaim.objects.get()
    assert (claim.status, claim.weekly_award) == ("awarded", Decimal("84.50"))

    page.goto(reverse("tenancies:resident_detail", args=[person.pk]))
    expect(page.get_by_text("Claim LCC-4471: Awarded, £84.50 a week")).to_be_visible()
