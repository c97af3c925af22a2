"""Journey: a housing worker opens a resident's rent account and posts a payment."""

import datetime
from decimal import Decimal

from playwright.sync_api import Page, expect

from rents.models import LedgerEntry, RentAccount
from rents.services import ledger
from rents.services.charges import week_commencing
from tests.browser.helpers import log_in
from tests.rents.factories import account_for
from tests.tenancies.scoping import scheme_for


def test_post_a_payment_and_see_the_balance_change(page: Page, worker):
    scheme = scheme_for(worker, name="Riverside House")
    account = account_for(worker, scheme=scheme, start_date=datetime.date.today() - datetime.timedelta(days=14))
    ledger.charge_run(accounts=RentAccount.objects.filter(pk=account.pk))
    account.refresh_from_db()
    owed = account.balance
    this_week = account.entries.get(kind="charge", week_commencing=week_commencing(datetime.date.today())).amount
    assert owed > this_week + Decimal("50.00")
    log_in(page, worker)

    page.goto(f"/housing/agreements/{account.agreement.pk}/")
    page.get_by_role("link", name="Rent account").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Rent account {account.reference}")
    # This week's rent is charged in advance, so it is owed but not in arrears.
    expect(page.locator("#account-balance")).to_have_text(f"£{owed} owed, £{owed - this_week} of it in arrears")

    # Bad input: the error summary shows and nothing is posted.
    page.get_by_label("Amount received (£)").fill("0")
    page.get_by_role("button", name="Post payment").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("greater than or equal to 0.01")
    assert not LedgerEntry.objects.filter(kind="payment").exists()

    page.get_by_label("Amount received (£)").fill("50.00")
    page.get_by_label("How it was paid").select_option(label="Cash")
    page.get_by_label("Reference").fill("Receipt 0042")
    page.get_by_role("button", name="Post payment").click()
    expect(page.locator(".messages")).to_contain_text("Payment of £50.00 posted.")
    paid = Decimal("50.00")
    expect(page.locator("#account-balance")).to_have_text(
        f"£{owed - paid} owed, £{owed - paid - this_week} of it in arrears"
    )
    expect(page.get_by_role("region", name="Ledger entries, newest first")).to_contain_text("Receipt 0042")
    payment = LedgerEntry.objects.get(kind="payment")
    assert (payment.amount, payment.created_by) == (Decimal("-50.00"), worker)
