"""Incentives: the approval limit, team leaders approving (never their own request), the year's budget,
payment, recovery, My work."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts import roles
from core.mywork import due_for
from moveon.models import Incentive, IncentiveBudget, MoveOnSettings
from moveon.services import incentives as services
from tests.accounts.factories import UserFactory
from tests.casework.scoping import case_for
from tests.moveon.conftest import NOW, TODAY
from tests.moveon.factories import an_offer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
D = Decimal


@pytest.fixture
def budget():
    MoveOnSettings.objects.create(incentive_approval_limit=D("500.00"))
    return IncentiveBudget.objects.create(financial_year=2026, amount=D("1000.00"))


@pytest.fixture
def offer(leader):
    return an_offer(case=case_for(leader))


def test_within_the_limit_an_officer_pays_without_approval(budget, offer, officer):
    incentive = services.incentive_request(offer=offer, kind="deposit", amount=D("450.00"), by=officer)
    assert not incentive.needs_approval
    services.incentive_pay(incentive=incentive, paid_on=TODAY, by=officer)
    incentive.refresh_from_db()
    assert incentive.paid_on == TODAY
    with pytest.raises(ValidationError, match=re.escape(services.NO_APPROVAL_NEEDED)):
        services.incentive_approve(incentive=incentive, by=UserFactory(role=roles.TEAM_LEADER))


def test_over_the_limit_it_cannot_be_paid_until_a_team_leader_approves(budget, offer, officer, leader):
    incentive = services.incentive_request(offer=offer, kind="landlord", amount=D("750.00"), by=officer)
    assert incentive.needs_approval
    with pytest.raises(ValidationError, match=re.escape(services.NEEDS_APPROVAL.format(limit=D("500.00")))):
        services.incentive_pay(incentive=incentive, paid_on=TODAY, by=officer)
    with pytest.raises(PermissionDenied):
        services.incentive_approve(incentive=incentive, by=officer)
    services.incentive_approve(incentive=incentive, by=leader)
    incentive.refresh_from_db()
    assert incentive.approved_by == leader and incentive.approved_at == NOW
    services.incentive_pay(incentive=incentive, paid_on=TODAY, by=officer)
    assert incentive.history.first().history_change_reason == "Paid"


def test_a_team_leader_cannot_approve_their_own_request(budget, offer, leader):
    incentive = services.incentive_request(offer=offer, kind="landlord", amount=D("750.00"), by=leader)
    with pytest.raises(ValidationError, match=re.escape(services.OWN_REQUEST)):
        services.incentive_approve(incentive=incentive, by=leader)
    incentive.refresh_from_db()
    assert incentive.approved_at is None


def test_approval_and_payment_over_the_years_budget_are_refused(budget, offer, officer, leader):
    paid = services.incentive_request(offer=offer, kind="deposit", amount=D("400.00"), by=officer)
    services.incentive_pay(incentive=paid, paid_on=TODAY, by=officer)
    big = services.incentive_request(offer=offer, kind="landlord", amount=D("650.00"), by=officer)
    with pytest.raises(ValidationError) as refused:
        services.incentive_approve(incentive=big, by=leader)
    assert "over the budget of £1000.00 (£600.00 is left)" in str(refused.value)
    big.refresh_from_db()
    assert big.approved_at is None
    small = services.incentive_request(offer=offer, kind="removals", amount=D("300.00"), by=officer)
    services.incentive_pay(incentive=small, paid_on=TODAY, by=officer)
    last = services.incentive_request(offer=offer, kind="furniture", amount=D("300.01"), by=officer)
    with pytest.raises(ValidationError, match="over the budget"):
        services.incentive_pay(incentive=last, paid_on=TODAY, by=officer)
    last.refresh_from_db()
    assert last.paid_on is None


def test_a_payment_in_a_year_without_a_budget_is_refused(budget, offer, officer):
    incentive = services.incentive_request(offer=offer, kind="deposit", amount=D("100.00"), by=officer)
    with pytest.raises(ValidationError, match=re.escape(services.NO_BUDGET.format(year="2027/28"))):
        services.incentive_pay(incentive=incentive, paid_on=datetime.date(2027, 4, 1), by=officer)
    # 31 March 2027 is still 2026/27
    services.incentive_pay(incentive=incentive, paid_on=datetime.date(2027, 3, 31), by=officer)


def test_recovery_after_a_tenancy_fails_early(budget, offer, officer):
    incentive = services.incentive_request(offer=offer, kind="rent_in_advance", amount=D("300.00"), by=officer)
    with pytest.raises(ValidationError, match=services.RECOVER_UNPAID):
        services.incentive_recovery(incentive=incentive, recover_amount=D("100"), recovered_amount=None, by=officer)
    services.incentive_pay(incentive=incentive, paid_on=TODAY, by=officer)
    with pytest.raises(ValidationError, match=re.escape(services.RECOVER_TOO_MUCH.format(amount=D("300.00")))):
        services.incentive_recovery(incentive=incentive, recover_amount=D("300.01"), recovered_amount=None, by=officer)
    services.incentive_recovery(
        incentive=incentive, recover_amount=D("150.00"), recovered_amount=D("50.00"), by=officer
    )
    incentive.refresh_from_db()
    assert (incentive.recover_amount, incentive.recovered_amount) == (D("150.00"), D("50.00"))


def test_an_unpaid_incentive_is_withdrawn_with_a_reason_and_frees_the_budget(client, budget, leader):
    officer = case_for(leader).officer
    offer = an_offer(case=case_for(officer))
    incentive = services.incentive_request(offer=offer, kind="landlord", amount=D("900.00"), by=officer)
    services.incentive_approve(incentive=incentive, by=leader)
    assert services.committed_in(2026) == D("900.00")
    client.force_login(officer)
    url = reverse("moveon:incentive_withdraw", args=[incentive.pk])
    blank = client.post(url, {"reason": " "})
    assert blank.status_code == 200 and "Say why the incentive is no longer needed." in blank.content.decode()
    incentive.refresh_from_db()
    assert not incentive.cancelled
    assert client.post(url, {"reason": "The landlord let the flat to someone else"}).status_code == 302
    incentive.refresh_from_db()
    assert incentive.cancelled and services.committed_in(2026) == D("0")
    assert incentive.history.first().history_change_reason == "Withdrawn: The landlord let the flat to someone else"
    page = client.get(reverse("moveon:offer_detail", args=[offer.pk])).content.decode()
    assert "Withdraw landlord" not in page and "Record payment of landlord" not in page
    with pytest.raises(ValidationError, match=services.ALREADY_WITHDRAWN):
        services.incentive_withdraw(incentive=incentive, reason="Again", by=officer)
    paid = services.incentive_request(offer=offer, kind="deposit", amount=D("100.00"), by=officer)
    services.incentive_pay(incentive=paid, paid_on=TODAY, by=officer)
    with pytest.raises(ValidationError, match="cannot be withdrawn"):
        services.incentive_withdraw(incentive=paid, reason="Changed mind", by=officer)


def test_over_the_limit_payment_form_shows_the_error_and_saves_nothing(client, budget, leader):
    officer = case_for(leader).officer
    offer = an_offer(case=case_for(officer))
    incentive = services.incentive_request(offer=offer, kind="landlord", amount=D("900.00"), by=officer)
    client.force_login(officer)
    response = client.post(reverse("moveon:incentive_pay", args=[incentive.pk]), {"paid_on": "2026-12-03"})
    assert response.status_code == 200
    assert "a team leader must approve it before it is paid" in response.content.decode()
    incentive.refresh_from_db()
    assert incentive.paid_on is None
    bad = client.post(reverse("moveon:incentive_create", args=[offer.pk]), {"kind": "deposit", "amount": "0"})
    assert "Enter an amount of more than £0." in bad.content.decode()
    assert Incentive.objects.count() == 1
    assert client.post(reverse("moveon:incentive_approve", args=[incentive.pk])).status_code == 403


def test_team_leaders_see_incentives_waiting_for_approval_on_my_work(budget, leader, django_assert_num_queries):
    officer = case_for(leader).officer
    for amount in ("600.00", "700.00"):
        services.incentive_request(
            offer=an_offer(case=case_for(officer)), kind="landlord", amount=D(amount), by=officer
        )
    services.incentive_request(offer=an_offer(case=case_for(officer)), kind="deposit", amount=D("100.00"), by=officer)
    own = services.incentive_request(
        offer=an_offer(case=case_for(leader)), kind="landlord", amount=D("800.00"), by=leader
    )
    from moveon.mywork.incentives import incentives_to_approve

    leader.has_perm("moveon.approve_incentive")  # the role's permissions, cached on the user
    with django_assert_num_queries(1):
        items = incentives_to_approve(leader)
    assert sorted(item.title.split("£")[1] for item in items) == ["600.00", "700.00"]
    assert all(str(own.pk) not in item.url for item in items)
    assert incentives_to_approve(officer) == []
    with time_machine.travel(NOW, tick=False):
        assert any(item.category == "Incentive approval" for item in due_for(leader))
