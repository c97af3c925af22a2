import pytest
from django.urls import reverse

from accounts import roles
from rents.services import ledger
from tests.accounts.factories import UserFactory
from tests.rents.factories import RentAccountFactory

pytestmark = pytest.mark.django_db


def test_ledger_entries_are_read_only_in_admin(client):
    from decimal import Decimal

    entry = ledger.adjustment_post(account=RentAccountFactory(), amount=Decimal("5.00"), reason="Recharge", by=None)
    client.force_login(UserFactory(role=roles.ADMINISTRATOR, is_superuser=True))
    assert client.get(reverse("admin:rents_ledgerentry_changelist")).status_code == 200
    assert client.get(reverse("admin:rents_ledgerentry_add")).status_code == 403
    assert client.post(reverse("admin:rents_ledgerentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:rents_importbatch_add")).status_code == 403
    assert client.get(reverse("admin:rents_arrearsstage_changelist")).status_code == 200
