import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts import roles
from rents.models import LedgerEntry, RentAccount
from rents.services import ledger
from tests.accounts.factories import UserFactory
from tests.rents.factories import ChargeLineFactory, RentAccountFactory

D = Decimal
pytestmark = pytest.mark.django_db


def entries_total(account):
    return sum(account.entries.values_list("amount", flat=True), D("0.00"))


def test_payments_reduce_the_balance_and_reversals_restore_it():
    account = RentAccountFactory()
    worker = UserFactory()
    payment = ledger.payment_post(
        account=account, amount=D("25.50"), method="cash", received_on=datetime.date(2026, 11, 2), by=worker
    )
    assert account.balance == D("-25.50")
    reversal = ledger.entry_reverse(entry=payment, reason="Cheque bounced", by=worker)
    account.refresh_from_db()
    assert account.balance == D("0.00") == entries_total(account)
    assert reversal.reverses == payment
    with pytest.raises(ValidationError, match="itself a reversal, so it cannot be reversed"):
        ledger.entry_reverse(entry=reversal, reason="oops", by=worker)
    with pytest.raises(ValidationError, match="already been reversed"):
        ledger.entry_reverse(entry=payment, reason="again", by=worker)


@pytest.mark.parametrize("amount", [D("0"), D("-5"), D("1.234")])
def test_bad_payment_amounts_are_refused(amount):
    account = RentAccountFactory()
    with pytest.raises(ValidationError):
        ledger.payment_post(account=account, amount=amount, method="cash", received_on=datetime.date.today(), by=None)
    assert not account.entries.exists()


def test_a_payment_reference_posts_once():
    account = RentAccountFactory()
    kwargs = {"account": account, "amount": D("10"), "method": "bank_transfer", "received_on": datetime.date.today()}
    ledger.payment_post(reference="BACS-123", by=None, **kwargs)
    with pytest.raises(ValidationError, match="already on this account"):
        ledger.payment_post(reference="BACS-123", by=None, **kwargs)
    assert account.entries.count() == 1


def test_entries_are_append_only():
    account = RentAccountFactory()
    entry = ledger.adjustment_post(account=account, amount=D("5.00"), reason="Key replacement", by=None)
    entry.amount = D("1.00")
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()


def test_write_offs_and_refunds_need_a_manager():
    account = RentAccountFactory()
    worker, manager = UserFactory(role=roles.HOUSING_WORKER), UserFactory(role=roles.HOUSING_MANAGER)
    ledger.adjustment_post(account=account, amount=D("40.00"), reason="Damage recharge", by=worker)
    with pytest.raises(PermissionDenied):
        ledger.write_off_post(account=account, amount=D("40.00"), reason="Resident died", by=worker, approved_by=worker)
    ledger.write_off_post(account=account, amount=D("40.00"), reason="Resident died", by=worker, approved_by=manager)
    account.refresh_from_db()
    assert account.balance == D("0.00")
    with pytest.raises(ValidationError, match="in credit"):
        ledger.refund_post(account=account, amount=D("1.00"), reason="x", by=worker, approved_by=manager)


def test_charge_run_is_idempotent_and_catches_up(capsys):
    account = RentAccountFactory(charging_from=datetime.date(2026, 11, 4))  # a Wednesday
    ChargeLineFactory(account=account, weekly_amount=D("70.00"))
    assert ledger.charge_run(week=datetime.date(2026, 11, 16)) == 3  # part week, then two full weeks
    assert ledger.charge_run(week=datetime.date(2026, 11, 16)) == 0
    call_command("post_rent_charges", week_commencing="2026-11-30")  # catches up the 23rd and the 30th
    assert "2 charges posted." in capsys.readouterr().out
    account.refresh_from_db()
    charges = list(account.entries.filter(kind="charge").values_list("week_commencing", "amount"))
    assert charges == [
        (datetime.date(2026, 11, 2), D("50.00")),
        (datetime.date(2026, 11, 9), D("70.00")),
        (datetime.date(2026, 11, 16), D("70.00")),
        (datetime.date(2026, 11, 23), D("70.00")),
        (datetime.date(2026, 11, 30), D("70.00")),
    ]
    assert account.balance == D("330.00") == entries_total(account)


def test_charge_run_stops_when_charging_stops():
    account = RentAccountFactory(charging_from=datetime.date(2026, 11, 2))
    ChargeLineFactory(account=account, weekly_amount=D("70.00"))
    ledger.account_stop_charging(account=account, last_day=datetime.date(2026, 11, 10))  # a Tuesday
    ledger.charge_run(week=datetime.date(2026, 11, 30))
    assert list(account.entries.values_list("amount", flat=True)) == [D("70.00"), D("20.00")]


def test_the_database_refuses_a_second_charge_for_the_same_week():
    from django.db import IntegrityError, transaction

    account = RentAccountFactory()
    LedgerEntry.objects.create(account=account, kind="charge", amount=D("1"), week_commencing=datetime.date(2026, 4, 6))
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(
            account=account, kind="charge", amount=D("1"), week_commencing=datetime.date(2026, 4, 6)
        )


def test_check_rent_balances_finds_a_tampered_cache():
    account = RentAccountFactory()
    ledger.adjustment_post(account=account, amount=D("5.00"), reason="Recharge", by=None)
    call_command("check_rent_balances")
    RentAccount.objects.filter(pk=account.pk).update(balance=D("9.99"))
    with pytest.raises(CommandError, match="1 account balance"):
        call_command("check_rent_balances")


operations = st.lists(
    st.tuples(
        st.sampled_from(["payment", "adjustment", "reverse", "charge_run"]),
        st.decimals(min_value=D("-500"), max_value=D("500"), places=2, allow_nan=False, allow_infinity=False),
    ),
    min_size=1,
    max_size=15,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_balance_always_equals_the_sum_of_entries(ops):
    account = RentAccountFactory(charging_from=datetime.date(2026, 4, 6))
    ChargeLineFactory(account=account, weekly_amount=D("91.37"))
    week = datetime.date(2026, 4, 6)
    for op, amount in ops:
        try:
            if op == "payment":
                ledger.payment_post(account=account, amount=abs(amount), method="cash", received_on=week, by=None)
            elif op == "adjustment":
                ledger.adjustment_post(account=account, amount=amount, reason="test", by=None)
            elif op == "reverse":
                entry = account.entries.exclude(kind="reversal").filter(reversed_by__isnull=True).last()
                if entry:
                    ledger.entry_reverse(entry=entry, reason="test", by=None)
            else:
                week += datetime.timedelta(days=7)
                ledger.charge_run(week=week)
        except ValidationError:
            pass
        account.refresh_from_db()
        assert account.balance == entries_total(account)
    assert ledger.balance_mismatches() == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_payments_lose_nothing():
    account = RentAccountFactory()
    errors = []

    def pay(n):
        from django.db import connection as thread_connection

        try:
            for i in range(10):
                ledger.payment_post(
                    account=RentAccount.objects.get(pk=account.pk),
                    amount=D("1.01"),
                    method="card",
                    received_on=datetime.date(2026, 11, 26),
                    reference=f"T{n}-{i}",
                    by=None,
                )
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=pay, args=(n,)) for n in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    account.refresh_from_db()
    assert account.entries.count() == 50
    assert account.balance == D("-50.50") == entries_total(account)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_charge_runs_at_once_post_each_week_once():
    accounts = [RentAccountFactory(charging_from=datetime.date(2026, 10, 5)) for _ in range(20)]
    for account in accounts:
        ChargeLineFactory(account=account, weekly_amount=D("80.00"))
    results = []

    def run():
        from django.db import connection as thread_connection

        try:
            results.append(ledger.charge_run(week=datetime.date(2026, 11, 23)))
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(results) == 20 * 8
    assert LedgerEntry.objects.count() == 160
    assert ledger.balance_mismatches() == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="The COPY path is PostgreSQL's")
def test_a_charge_another_run_posted_meanwhile_is_not_posted_twice_or_counted_twice():
    """The fast path counts what it inserted; when another run got there first for some of the rows,
    it is undone and the exact statement moves each balance by what it really inserted."""
    first, second = (
        RentAccountFactory(charging_from=datetime.date(2026, 11, 2)),
        RentAccountFactory(charging_from=datetime.date(2026, 11, 2)),
    )
    for account in (first, second):
        ChargeLineFactory(account=account, weekly_amount=D("100.00"), effective_from=datetime.date(2026, 11, 2))
    monday = datetime.date(2026, 11, 23)
    rows = [(first.pk, monday, D("100.00")), (second.pk, monday, D("100.00"))]
    LedgerEntry.objects.create(account=first, kind="charge", amount=D("100.00"), posted_on=monday,
                               week_commencing=monday)  # fmt: skip
    RentAccount.objects.filter(pk=first.pk).update(balance=D("100.00"), charged_to=monday)
    with transaction.atomic():
        assert ledger._insert_charges_postgresql(rows) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.balance, second.balance) == (D("100.00"), D("100.00"))
    assert second.charged_to == monday
    assert ledger.balance_mismatches() == []


def test_the_charge_run_keeps_the_last_week_charged_and_reads_no_ledger_to_find_what_is_due():
    from django.test.utils import CaptureQueriesContext

    from tests.flatness import reading

    account = RentAccountFactory(charging_from=datetime.date(2026, 11, 2))
    ChargeLineFactory(account=account, weekly_amount=D("90.00"), effective_from=datetime.date(2026, 11, 2))
    assert ledger.charge_run(week=datetime.date(2026, 11, 18)) == 3
    account.refresh_from_db()
    assert account.charged_to == datetime.date(2026, 11, 16)
    with CaptureQueriesContext(connection) as ran:
        assert ledger.charge_run(week=datetime.date(2026, 11, 18)) == 0
    assert reading(ran, "rents_ledgerentry") == []
    call_command("check_rent_balances", stdout=__import__("io").StringIO())


def test_an_ended_account_charged_to_its_last_week_is_not_read_again():
    ended = RentAccountFactory(charging_from=datetime.date(2026, 11, 2), charging_until=datetime.date(2026, 11, 10))
    ChargeLineFactory(account=ended, weekly_amount=D("70.00"), effective_from=datetime.date(2026, 11, 2))
    assert ledger.charge_run(week=datetime.date(2026, 11, 16)) == 2  # a full week, then two days of the next
    ended.refresh_from_db()
    assert ended.balance == D("90.00") and ended.charged_to == datetime.date(2026, 11, 9)
    assert list(ledger._due_terms(RentAccount.objects.all(), datetime.date(2026, 11, 30))) == []
