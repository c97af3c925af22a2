"""Journey: import a Housing Benefit schedule with one unmatched row, resolve it, see it posted."""

from decimal import Decimal

from playwright.sync_api import Page, expect

from rents.models import HousingBenefitClaim, LedgerEntry
from rents.services import hb
from tests.browser.helpers import assert_fits_screen, log_in
from tests.rents.factories import account_for


def test_hb_schedule_with_an_unmatched_row_is_resolved_and_posted(page: Page, worker, screen, tmp_path):
    matched = account_for(worker)
    other = account_for(worker)
    hb.claim_create(
        account=matched,
        claim_reference="HB200001",
        weekly_award=Decimal("120.00"),
        status=HousingBenefitClaim.Status.AWARDED,
        starts_on=matched.charging_from,
    )
    name = matched.name.split(",")[0]
    schedule = tmp_path / "schedule.csv"
    schedule.write_text(
        "claim_reference,resident_name,period_from,period_to,amount\n"
        f"HB200001,{name},2026-04-06,2026-04-19,240.00\n"
        "HB299999,New Claimant,2026-04-06,2026-04-19,180.00\n"
    )
    log_in(page, worker)

    page.goto("/rents/imports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Imports")
    page.get_by_role("link", name="Import a Housing Benefit schedule").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a housing benefit schedule")
    page.get_by_label("CSV file").set_input_files(str(schedule))
    assert_fits_screen(page, screen.width)
    page.get_by_role("button", name="Import the file").click()

    expect(page.locator(".messages")).to_contain_text("1 of 2 rows posted")
    expect(page.get_by_test_id("batch-status")).to_have_text("Needs review")
    assert_fits_screen(page, screen.width)
    page.get_by_role("link", name="Check line 3").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check line 3")
    page.get_by_label("Post it to the account below").check()
    page.get_by_label("Rent account reference").fill(other.reference)
    assert_fits_screen(page, screen.width)
    page.get_by_role("button", name="Save decision").click()

    expect(page.locator(".messages")).to_contain_text(f"Line 3 posted to {other.reference}")
    expect(page.get_by_test_id("batch-status")).to_have_text("Posted")
    expect(page.get_by_test_id("row-3")).to_contain_text("Posted after review")
    assert LedgerEntry.objects.get(account=other).amount == Decimal("-180.00")
    assert LedgerEntry.objects.get(account=matched).amount == Decimal("-240.00")
