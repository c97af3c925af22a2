"""Move-on figures: incentive spend against the year's budget, and six-month sustainment."""

import datetime
from decimal import Decimal

import pytest

from moveon import figures
from moveon.models import IncentiveBudget, MoveOnSettings
from moveon.services import incentives, moves
from moveon.services.offers import offer_decide
from tests.casework.scoping import case_for
from tests.moveon.conftest import TODAY
from tests.moveon.factories import an_offer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
D = Decimal


def test_incentive_spend_against_the_budget(officer, leader, django_assert_num_queries):
    MoveOnSettings.objects.create(incentive_approval_limit=D("500.00"))
    IncentiveBudget.objects.create(financial_year=2026, amount=D("2000.00"))
    offer = an_offer(case=case_for(leader))
    paid = incentives.incentive_request(offer=offer, kind="deposit", amount=D("400.00"), by=officer)
    incentives.incentive_pay(incentive=paid, paid_on=TODAY, by=officer)
    approved = incentives.incentive_request(offer=offer, kind="landlord", amount=D("800.00"), by=officer)
    incentives.incentive_approve(incentive=approved, by=leader)
    incentives.incentive_request(offer=offer, kind="landlord", amount=D("900.00"), by=officer)
    with django_assert_num_queries(2):
        spend = figures.incentive_spend(TODAY)
    assert (spend.label, spend.paid, spend.approved_unpaid, spend.waiting_for_approval) == (
        "2026/27",
        D("400.00"),
        D("800.00"),
        1,
    )
    assert spend.remaining == D("800.00")
    assert figures.incentive_spend(datetime.date(2027, 4, 1)).budget is None


def test_sustainment_share_of_moves_due(officer, django_assert_num_queries):
    made = []
    for start in (datetime.date(2026, 1, 5), datetime.date(2026, 2, 5), datetime.date(2026, 11, 5)):
        offer = an_offer(case=case_for(officer), by=officer, offered_on=start)
        offer_decide(offer=offer, outcome="accepted", on=start, by=officer)
        made.append(moves.move_record(offer=offer, start_date=start, tenancy_months=12, by=officer))
    moves.follow_up_record(move=made[0], on=datetime.date(2026, 7, 6), still_there=True, by=officer)
    moves.follow_up_record(
        move=made[1], on=datetime.date(2026, 6, 1), still_there=False, left_reason="Rent rose", by=officer
    )
    with django_assert_num_queries(1):
        result = figures.sustainment(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31), on=TODAY)
    assert (result.moves, result.due, result.followed_up, result.sustained, result.left) == (3, 2, 2, 1, 1)
    assert result.share_sustained == D("50.0")
