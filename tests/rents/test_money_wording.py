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


def test_no_money_is_written_into_text_with_a_bare_pound_format():
    """`core.money.format_money` (or `|money` in templates) everywhere money goes into text: an
    f-string "£{x}" drops the thousands separator and writes "£-5.00" below zero."""
    from pathlib import Path

    import rents

    root = Path(rents.__file__).parent
    bare = [
        f"{path.relative_to(root)}:{number}"
        for path in sorted([*root.rglob("*.py"), *root.rglob("*.html")])
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "£{" in line
    ]
    assert bare == []


def test_the_housing_benefit_award_has_thousands_separators(client):
    from rents.services import hb

    worker = UserFactory(role=roles.HOUSING_WORKER)
    account = account_for(worker)
    hb.claim_create(
        account=account, claim_reference="HB-BIG", starts_on=account.charging_from, weekly_award=Decimal("1250.00")
    )
    client.force_login(worker)
    html = client.get(reverse("rents:account_detail", kwargs={"pk": account.pk})).content.decode()
    assert "£1,250.00 a week" in html


def test_the_balance_check_writes_money_as_people_do():
    import io

    from django.core.management import call_command
    from django.core.management.base import CommandError

    from rents.models import RentAccount

    worker = UserFactory(role=roles.HOUSING_WORKER)
    account = account_for(worker)
    ledger.adjustment_post(account=account, amount=Decimal("5.00"), reason="Recharge", by=None)
    RentAccount.objects.filter(pk=account.pk).update(balance=Decimal("-1234.50"))
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("check_rent_balances", stderr=errors)
    assert f"Account {account.pk}: cached \N{MINUS SIGN}£1,234.50, entries add up to £5.00" in errors.getvalue()
