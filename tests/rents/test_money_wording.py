"""Money reads the same everywhere: thousands separated, and a reversal's direction in words."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts import roles
from rents.services import ledger
from tests.accounts.factories import UserFactory
from tests.rents.factories import account_for

pytestmark = pytest.mark.django_db


def test_reversing_a_payment_says_what_it_was_without_a_minus_pound(client):
    worker = UserFactory(role=roles.HOUSING_WORKER)
    account = account_for(worker)
    payment = ledger.payment_post(
        account=account, amount=Decimal("50.00"), method="cash", received_on=date.today(), reference="", by=worker
    )
    client.force_login(worker)
    html = client.get(reverse("rents:entry_reverse", kwargs={"pk": account.pk, "entry_pk": payment.pk})).content
    html = html.decode()
    assert "£50.00 paid or credited" in html
    assert "£-" not in html


def test_large_balances_have_thousands_separators(client):
    worker = UserFactory(role=roles.HOUSING_WORKER)
    account = account_for(worker)
    ledger.adjustment_post(account=account, amount=Decimal("2450.70"), reason="Damage recharge", by=worker)
    client.force_login(worker)
    html = client.get(reverse("rents:account_detail", kwargs={"pk": account.pk})).content.decode()
    assert "£2,450.70 in arrears" in html
    assert "£2450.70" not in html
