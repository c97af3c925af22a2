"""On a phone the arrears lists show what is owed without scrolling sideways (issue 10.8)."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from rents.services import ledger
from tests.browser.helpers import assert_fits_screen, log_in
from tests.rents.factories import account_for
from tests.tenancies.scoping import scheme_for


def _assert_on_screen(page: Page, locator, width: int) -> None:
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (locator, box)


@pytest.mark.screens("phone")
@pytest.mark.parametrize("url", ["/rents/arrears/", "/rents/arrears/cases/"])
def test_balance_and_arrears_fit_a_phone(page: Page, worker, screen, url):
    account = account_for(worker, scheme=scheme_for(worker, name="Riverside House"))
    ledger.adjustment_post(account=account, amount=Decimal("1234.56"), reason="Arrears brought forward", by=None)
    log_in(page, worker)
    page.goto(url)
    assert_fits_screen(page, screen.width)
    row = page.get_by_role("table").get_by_role("row").filter(has_text=account.reference)
    for column in ("Balance", "Arrears"):
        cell = row.locator(f'td[data-label="{column}"]')
        expect(cell).to_contain_text("£1,234.56")
        _assert_on_screen(page, cell, screen.width)
    if url == "/rents/arrears/":
        _assert_on_screen(page, page.get_by_role("link", name=re.compile("^Balance")), screen.width)
