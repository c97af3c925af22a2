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
    assert figures.arrears == D("170.00")  # second owes 200 - 30
    assert figures.annual_rent_roll == D("7800.00")  # (100 + 50) x 52
    assert figures.arrears_rate == D("2.18")
    assert figures.hb_pending == D("0.00")
    assert paid.amount == D("-400.00")


def test_collection_figures_with_nothing_due():
    figures = collection_figures(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 1, 31))
    assert figures.collection_rate is None and figures.arrears_rate is None
