import datetime
from decimal import Decimal

import pytest
import time_machine

from rents.figures import collection_figures
from rents.services import ledger
from tests.rents.factories import ChargeLineFactory, RentAccountFactory

pytestmark = pytest.mark.django_db
D = Decimal


# The reversal is posted today, so today must fall inside the period for it to count there.
@time_machine.travel(datetime.datetime(2026, 11, 26, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_collection_figures_for_a_period():
    first = RentAccountFactory(charging_from=datetime.date(2026, 11, 2))
    ChargeLineFactory(account=first, weekly_amount=D("100.00"))
    second = RentAccountFactory(charging_from=datetime.date(2026, 11, 2))
    ChargeLineFactory(account=second, weekly_amount=D("50.00"))
    ledger.charge_run(week=datetime.date(2026, 11, 23))  # 4 weeks: 400 + 200 due
    paid = ledger.payment_post(
        account=first, amount=D("400.00"), method="bank_transfer", received_on=datetime.date(2026, 11, 20), by=None
    )
    ledger.payment_post(
        account=second, amount=D("30.00"), method="cash", received_on=datetime.date(2026, 11, 20), by=None
    )
    bounced = ledger.payment_post(
        account=second, amount=D("20.00"), method="card", received_on=datetime.date(2026, 11, 21), by=None
    )
    ledger.entry_reverse(entry=bounced, reason="Card payment failed", by=None)
    figures = collection_figures(
        start=datetime.date(2026, 11, 2), end=datetime.date(2026, 11, 29), today=datetime.date(2026, 11, 26)
    )
    assert (figures.due, figures.collected) == (D("600.00"), D("430.00"))
    assert figures.collection_rate == D("71.67")
    assert figures.arrears == D("120.00")  # second owes 200 - 30, less this week's £50 charged in advance
    assert figures.annual_rent_roll == D("7800.00")  # (100 + 50) x 52
    assert figures.arrears_rate == D("1.54")
    assert figures.hb_pending == D("0.00")
    assert paid.amount == D("-400.00")


def test_collection_figures_with_nothing_due():
    figures = collection_figures(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 1, 31))
    assert figures.collection_rate is None and figures.arrears_rate is None


# Arrears in the figures are the arrears list's (`rents.rules.arrears`), with HB still expected apart.
# The residents pay £120 a week, charged every Monday from 6 April 2026 (tests.rents.test_arrears_meaning).


def _worker():
    from accounts import roles
    from tests.accounts.factories import UserFactory

    return UserFactory(role=roles.HOUSING_WORKER)


def _figures(today):
    return collection_figures(start=datetime.date(2026, 4, 6), end=today, today=today)


def test_a_mondays_charge_with_nothing_else_owed_is_no_arrears():
    from tests.rents.test_arrears_meaning import MONDAY, resident

    account = resident(_worker(), paid_until=MONDAY, today=MONDAY)
    assert account.balance == D("120.00")
    figures = _figures(MONDAY)
    assert (figures.arrears, figures.hb_pending, figures.arrears_rate) == (D("0.00"), D("0.00"), D("0.00"))


def test_a_missed_previous_week_counts_and_matches_the_arrears_list():
    from rents.models import RentAccount
    from rents.services.arrears import in_arrears
    from tests.rents.test_arrears_meaning import MONDAY, THURSDAY, resident

    user = _worker()
    resident(user, paid_until=MONDAY - datetime.timedelta(days=7), today=THURSDAY)  # £240 owed, £120 late
    resident(user, paid_until=datetime.date(2026, 4, 27), today=THURSDAY)  # £360 owed, £240 late
    resident(user, paid_until=MONDAY, today=THURSDAY)  # this week's rent only
    figures = _figures(THURSDAY)
    assert figures.arrears == D("360.00")
    _, splits = in_arrears(RentAccount.objects.all(), today=THURSDAY)
    assert figures.arrears == sum(split.arrears for split in splits.values())


def test_housing_benefit_still_expected_is_apart_from_the_arrears():
    from rents.models import LedgerEntry
    from rents.services import hb
    from tests.rents.test_arrears_meaning import START, THURSDAY, pay, resident

    account = resident(_worker(), paid_until=None, today=THURSDAY)
    hb.claim_create(
        account=account, claim_reference="HB-4W", starts_on=START, status="awarded", weekly_award=D("120.00")
    )
    pay(account, "480.00", datetime.date(2026, 5, 3), method=LedgerEntry.Method.HOUSING_BENEFIT)
    figures = _figures(THURSDAY)
    assert (figures.arrears, figures.hb_pending) == (D("0.00"), D("188.57"))  # balance £240
