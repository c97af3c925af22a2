import pytest
from django.core.management import call_command

from accounts.models import User
from people.models import Person
from tenancies.models import Agreement, Scheme

pytestmark = pytest.mark.django_db


def test_demo_has_schemes_residents_and_history_and_is_idempotent(settings):
    call_command("seed_demo", force=True)
    counts = (Scheme.objects.count(), Person.objects.count(), Agreement.objects.count())
    assert counts[0] == 3
    assert Agreement.objects.filter(status="active").count() >= 12
    assert Agreement.objects.filter(status="ended").exists()
    assert Agreement.objects.filter(status="offered").exists()
    worker = User.objects.get(email="housing.worker@example.org")
    assert Scheme.objects.visible_to(worker).count() == 2
    call_command("seed_demo", force=True)
    assert (Scheme.objects.count(), Person.objects.count(), Agreement.objects.count()) == counts


def test_demo_has_payments_hb_credits_plans_and_arrears(settings):
    from rents.models import ArrearsAction, LedgerEntry, PaymentPlan, RentAccount
    from rents.services.ledger import balance_mismatches

    call_command("seed_demo", force=True)
    assert LedgerEntry.objects.filter(kind="payment", method="housing_benefit").exists()
    assert LedgerEntry.objects.filter(kind="payment").exclude(method="housing_benefit").exists()
    assert RentAccount.objects.filter(balance__gt=0).exists()
    assert PaymentPlan.objects.exists()
    assert ArrearsAction.objects.exists()
    assert balance_mismatches() == []
    payments = LedgerEntry.objects.count()
    call_command("seed_demo", force=True)
    assert LedgerEntry.objects.count() == payments
