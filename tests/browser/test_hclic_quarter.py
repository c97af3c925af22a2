"""Journey at phone size: a team leader finds the case that would fail the H-CLIC return on the
readiness page, follows the link to the field that fixes it, and exports the quarter; the export is
refused while the case fails and kept as version 1 once it passes.

The cases are dated in 2026Q3, a quarter already past, so nothing here depends on today's date."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from accounts import roles
from casework.models import Duty, Placement
from hclic.models import HclicSubmission
from tests.accounts.factories import UserFactory
from tests.browser.helpers import assert_fits_screen, go_by_menu, log_in
from tests.casework.factories import HouseholdMemberFactory, PreventionTeamFactory, hclic
from tests.hclic.factories import assessment, case_on, duty, placement

D = datetime.date


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.screens("phone")
def test_fix_a_case_from_the_readiness_page_and_export_the_quarter(page: Page, screen):
    team = PreventionTeamFactory()
    leader = UserFactory(role=roles.TEAM_LEADER, team=team, full_name="Lee Leader")
    team.leader = leader
    team.save(update_fields=["leader"])
    case = case_on(
        D(2026, 7, 6),
        team=team,
        homeless_tonight=True,
        partner_income_weekly=Decimal("120.00"),
        accommodation_at_approach=hclic("accommodation_at_application", "LIVING_WITH_FAMILY"),
        household_composition=hclic("household_composition", "SINGLE_PARENT_WITH_DEPENDENT_CHILDREN_FE"),
    )
    HouseholdMemberFactory(case=case, name="Ollie Quellington", date_of_birth=D(2019, 5, 4))
    duty(case, started_on=D(2026, 7, 6), ended_on=D(2026, 8, 1), end_reason=Duty.EndReason.BECAME_HOMELESS)
    duty(case, kind=Duty.Kind.RELIEF, started_on=D(2026, 8, 1))
    interim = duty(case, kind=Duty.Kind.INTERIM, started_on=D(2026, 8, 1))
    assessment(case, completed_on=D(2026, 7, 8))
    placement(case, interim, D(2026, 8, 1), kind=Placement.Kind.BED_AND_BREAKFAST)

    log_in(page, leader)
    go_by_menu(page, "H-CLIC")
    page.get_by_role("navigation", name="H-CLIC").get_by_role("link", name="Export a quarter").click()
    page.get_by_label("Quarter to export").fill("2026Q3")
    page.get_by_role("button", name="Export the quarter").click()
    expect(page.locator("[data-error-summary]")).to_be_visible()
    expect(page.get_by_role("link", name=case.reference, exact=True)).to_be_visible()
    assert not HclicSubmission.objects.exists()
    assert_fits_screen(page, screen.width)

    page.get_by_role("navigation", name="H-CLIC").get_by_role("link", name="Quarter readiness").click()
    page.get_by_label("Quarter").fill("2026Q3")
    page.get_by_role("button", name="Check the quarter").click()
    expect(page.get_by_text("1 case would fail")).to_be_visible()
    expect(page.get_by_text("there is no partner in the household")).to_be_visible()
    assert_fits_screen(page, screen.width)
    page.get_by_role("link", name=f"Check the partner's income for {case.reference}").click()

    income = page.get_by_label("Partner's income per week")
    expect(income).to_have_value("120.00")
    income.fill("")
    page.get_by_role("button", name="Save the details").click()
    expect(page.locator(".messages")).to_be_visible()
    case.refresh_from_db()
    assert case.partner_income_weekly is None

    page.goto("/prevention/hclic/readiness/?quarter=2026Q3")
    expect(page.get_by_text("Every case you can see in this quarter is ready for the return.")).to_be_visible()
    page.get_by_role("navigation", name="H-CLIC").get_by_role("link", name="Export a quarter").click()
    page.get_by_label("Quarter to export").fill("2026Q3")
    page.get_by_role("button", name="Export the quarter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("H-CLIC 2026Q3, version 1")
    expect(page.get_by_role("link", name="Case file (XML)")).to_be_visible()
    assert_fits_screen(page, screen.width)
    submission = HclicSubmission.objects.get()
    assert submission.case_count == 1 and submission.version == 1
