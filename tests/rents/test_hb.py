import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from rents.models import HousingBenefitClaim
from rents.services import hb
from tests.rents.factories import RentAccountFactory

pytestmark = pytest.mark.django_db


def test_a_claim_covers_only_hb_eligible_charges():
    account = RentAccountFactory()
    with pytest.raises(ValidationError, match="only covers core rent"):
        hb.claim_create(account=account, claim_reference="X1", starts_on=account.charging_from, covers=["support"])
    claim = hb.claim_create(account=account, claim_reference=" x1 ", starts_on=account.charging_from)
    assert claim.claim_reference == "X1"
    assert claim.covers == ["core_rent", "eligible_service"]
    with pytest.raises(ValidationError, match="already recorded"):
        hb.claim_create(account=account, claim_reference="x1", starts_on=account.charging_from)


def test_claim_status_changes_are_kept_in_history():
    account = RentAccountFactory()
    claim = hb.claim_create(account=account, claim_reference="X2", starts_on=account.charging_from)
    hb.claim_set_status(claim=claim, status=HousingBenefitClaim.Status.AWARDED, weekly_award=Decimal("99.00"))
    assert claim.history.count() == 2
    with pytest.raises(ValidationError):
        hb.claim_set_status(claim=claim, status="maybe")


def test_expected_amount_is_the_weekly_award_by_the_day():
    account = RentAccountFactory()
    claim = hb.claim_create(
        account=account, claim_reference="X3", starts_on=account.charging_from, weekly_award=Decimal("70.00")
    )
    assert hb.expected_for_period(claim, datetime.date(2026, 4, 6), datetime.date(2026, 4, 19)) == Decimal("140.00")
    assert hb.expected_for_period(claim, datetime.date(2026, 4, 6), datetime.date(2026, 4, 8)) == Decimal("30.00")


def test_demo_claims_are_idempotent():
    from rents.demo.accounts import seed_housing_benefit_claims
    from tests.rents.factories import ChargeLineFactory

    ChargeLineFactory(account=RentAccountFactory(reference="RA000001"))
    assert seed_housing_benefit_claims(1) == "Housing Benefit claims: 1 created"
    assert seed_housing_benefit_claims(1) == "Housing Benefit claims: 0 created"
    assert HousingBenefitClaim.objects.get().weekly_award == Decimal("100.00")
