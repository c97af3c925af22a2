"""The charge run benchmark command (PostgreSQL only: it times a COPY)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from rents.models import ChargeLine, LedgerEntry, RentAccount
from tests.rents.factories import ChargeLineFactory, RentAccountFactory


@pytest.mark.skipif(connection.vendor != "postgresql", reason="The benchmark needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_bench_charge_run_reports_the_ratio_and_cleans_up():
    out = StringIO()
    call_command("bench_charge_run", agreements=200, stdout=out)
    output = out.getvalue()
    assert "Ratio run/COPY:" in output
    assert "charge_run: 200 rows" in output
    assert "Second charge_run (idempotency): 0 rows posted" in output
    assert not RentAccount.objects.exists()
    assert not ChargeLine.objects.exists()
    assert not LedgerEntry.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'bench_ledger_copy_%%'")
        assert cursor.fetchone()[0] == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="The benchmark needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_bench_charge_run_refuses_to_run_beside_real_accounts():
    RentAccountFactory()
    with pytest.raises(CommandError, match="already exist"):
        call_command("bench_charge_run", agreements=10, stdout=StringIO())
    assert RentAccount.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="The benchmark needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_bench_charge_run_with_force_charges_and_removes_only_its_own_accounts():
    account = RentAccountFactory()
    ChargeLineFactory(account=account)
    out = StringIO()
    call_command("bench_charge_run", agreements=50, weeks=2, force=True, stdout=out)
    assert "charge_run: 100 rows" in out.getvalue()
    assert list(RentAccount.objects.all()) == [account]
    assert not LedgerEntry.objects.exists()
    assert ChargeLine.objects.get().account == account


@pytest.mark.skipif(connection.vendor == "postgresql", reason="Checks the refusal on other databases")
@pytest.mark.django_db
def test_bench_charge_run_refuses_other_databases():
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        call_command("bench_charge_run", agreements=10, stdout=StringIO())
