"""The columns lists read instead of the ledger (`rents.services.standing`): kept with every write,
worked out for the day, proven by `check_rent_balances`, and never aggregated per request."""

import datetime
import io
import threading
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from rents.models import LedgerEntry, RentAccount
from rents.services import arrears, hb, ledger, standing
from tests.accounts.factories import UserFactory
from tests.flatness import aggregates_over, plan, uses_index
from tests.rents.factories import account_for

D = Decimal
pytestmark = pytest.mark.django_db
THURSDAY = datetime.date(2026, 11, 26)
MONDAY = datetime.date(2026, 11, 23)
NOON = datetime.datetime(2026, 11, 26, 12, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


@pytest.fixture
def manager():
    return UserFactory(role=roles.HOUSING_MANAGER)


def resident(*, since=datetime.date(2026, 11, 2)):
    """£120 a week (£100 rent, £20 eligible service charge), charged from `since` to this week."""
    account = account_for(None, start_date=since)
    ledger.charge_run(week=THURSDAY)
    return account


def pay(account, amount, on=THURSDAY, **fields):
    return ledger.payment_post(
        account=account, amount=D(amount), method=fields.pop("method", "cash"), received_on=on, by=None, **fields
    )


def live(account):
    account.refresh_from_db()
    return arrears.split_for(account, today=THURSDAY)


def test_a_payment_moves_the_last_payment_and_works_out_the_arrears_for_today():
    account = resident()  # four weeks charged: £480, of which this week's £120 is not yet late
    pay(account, "100.00", on=datetime.date(2026, 11, 10))
    pay(account, "20.00", on=datetime.date(2026, 11, 3))  # keyed in late, for an earlier day
    account.refresh_from_db()
    assert account.last_payment_on == datetime.date(2026, 11, 10)
    assert account.standing_on == THURSDAY
    assert (account.balance, account.arrears, account.weekly_charge) == (D("360.00"), D("240.00"), D("120.00"))
    assert account.arrears == live(account).arrears
    assert standing.mismatches() == []


def test_housing_benefit_moves_how_far_it_has_paid_and_what_is_still_expected():
    account = resident()
    hb.claim_create(account=account, claim_reference="HB-1", starts_on=datetime.date(2026, 11, 2),
                    status="awarded", weekly_award=D("70.00"), by=None)  # fmt: skip
    pay(account, "140.00", method="housing_benefit", period_to=datetime.date(2026, 11, 15))
    account.refresh_from_db()
    assert account.hb_paid_to == datetime.date(2026, 11, 15)
    assert account.hb_pending == live(account).hb_pending == D("110.00")  # 16 to 26 November, 11 days
    assert standing.mismatches() == []


def test_reversing_the_latest_payment_brings_the_last_payment_back():
    account = resident()
    pay(account, "10.00", on=datetime.date(2026, 11, 9))
    latest = pay(account, "10.00", on=datetime.date(2026, 11, 20), method="housing_benefit",
                 period_to=datetime.date(2026, 11, 20))  # fmt: skip
    ledger.entry_reverse(entry=latest, reason="Bounced", by=None)
    account.refresh_from_db()
    assert (account.last_payment_on, account.hb_paid_to) == (datetime.date(2026, 11, 9), None)
    assert account.arrears == live(account).arrears
    assert standing.mismatches() == []


def test_the_charge_run_makes_the_standing_stale_and_a_refresh_works_it_out(frozen):
    account = resident()
    standing.refresh()
    frozen.move_to(datetime.datetime(2026, 11, 30, 12, tzinfo=datetime.UTC))  # the next Monday
    standing.refresh()
    ledger.charge_run()
    account.refresh_from_db()
    assert (account.balance, account.standing_balance) == (D("600.00"), D("480.00"))
    assert not RentAccount.objects.standing_current(datetime.date(2026, 11, 30)).exists()
    assert standing.refresh() == 1
    account.refresh_from_db()
    assert (account.standing_on, account.arrears) == (datetime.date(2026, 11, 30), D("480.00"))


def test_a_list_never_shows_a_standing_worked_out_for_another_day(client, manager, frozen):
    """HB accrues daily: tomorrow's list works the arrears out again before it reads them."""
    account = resident()
    hb.claim_create(account=account, claim_reference="HB-2", starts_on=datetime.date(2026, 11, 2),
                    status="awarded", weekly_award=D("120.00"), by=None)  # fmt: skip
    pay(account, "240.00", method="housing_benefit", period_to=datetime.date(2026, 11, 15))
    account.refresh_from_db()
    assert account.arrears == D("0.00")  # HB owes for 16 November on; the resident owes nothing
    frozen.move_to(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC))
    ledger.charge_run()
    client.force_login(manager)
    response = client.get(reverse("rents:arrears_list"))
    assert list(response.context["accounts"]) == []  # still all HB's to pay
    account.refresh_from_db()
    assert account.standing_on == datetime.date(2026, 12, 1)
    assert account.hb_pending == D("274.29")  # 16 November to 1 December at £120 a week


def test_a_changed_claim_clears_the_standing():
    account = resident()
    claim = hb.claim_create(account=account, claim_reference="HB-3", starts_on=datetime.date(2026, 11, 2), by=None)
    standing.refresh()
    hb.claim_set_status(claim=claim, status="awarded", weekly_award=D("50.00"))
    account.refresh_from_db()
    assert account.standing_on is None


def test_check_rent_balances_finds_each_derived_column_and_repairs_them():
    account = resident()
    pay(account, "10.00", on=datetime.date(2026, 11, 9))
    RentAccount.objects.filter(pk=account.pk).update(last_payment_on=datetime.date(2026, 1, 1), arrears=D("1.00"))
    errors = io.StringIO()
    with pytest.raises(CommandError, match="1 account balance"):
        call_command("check_rent_balances", stderr=errors)
    assert "last payment is 1 January 2026, the ledger and charge lines give 9 November 2026" in errors.getvalue()
    assert "arrears is £1.00" in errors.getvalue()
    call_command("check_rent_balances", "--repair", stdout=io.StringIO(), stderr=io.StringIO())
    call_command("check_rent_balances", stdout=io.StringIO())
    account.refresh_from_db()
    assert account.last_payment_on == datetime.date(2026, 11, 9)


def test_the_arrears_lists_read_no_aggregate_of_the_ledger_however_long_it_is(client, manager):
    """The time-independent companion of the pinned query counts: ten years of weekly history behind
    an account, and neither arrears list (nor its CSV) sums, counts or maxes the ledger."""
    account = account_for(None, start_date=datetime.date(2016, 11, 7))
    ledger.charge_run(week=THURSDAY)
    LedgerEntry.objects.bulk_create(
        LedgerEntry(account=account, kind="payment", method="cash", amount=D("-120.00"),
                    posted_on=datetime.date(2016, 11, 10) + datetime.timedelta(weeks=week), description="Payment")
        for week in range(0, 520, 1)
    )  # fmt: skip
    standing.rebuild([account.pk])
    assert LedgerEntry.objects.filter(account=account).count() > 1000
    client.force_login(manager)
    for url in (
        reverse("rents:arrears_list"),
        reverse("rents:arrears_list") + "?sort=last_payment",
        reverse("rents:arrears_list") + "?format=csv",
        reverse("rents:arrears_cases"),
    ):
        with CaptureQueriesContext(connection) as ran:
            response = client.get(url)
            b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200
        assert aggregates_over(ran, "rents_ledgerentry") == [], url
    assert [a.pk for a in client.get(reverse("rents:arrears_list")).context["accounts"]] == [account.pk]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Query plans are read on PostgreSQL")
def test_the_arrears_list_can_read_its_partial_index():
    accounts = arrears.accounts_in_arrears(RentAccount.objects.all(), today=THURSDAY).order_by("-arrears", "pk")
    assert uses_index(accounts[:50], "rents_account_arrears_idx"), plan(accounts[:50])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_a_refresh_skips_an_account_another_transaction_is_writing():
    """The refresh never waits on (or deadlocks with) a payment or the charge run: it leaves a locked
    row to its writer, which works the standing out itself."""
    busy, free = resident(), resident()
    RentAccount.objects.update(standing_on=None)
    locked, release = threading.Event(), threading.Event()

    def hold_the_row():
        from django.db import connections, transaction

        try:
            with transaction.atomic():
                RentAccount.objects.select_for_update().get(pk=busy.pk)
                locked.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_the_row)
    holder.start()
    try:
        assert locked.wait(timeout=30)
        assert standing.refresh() == 1
    finally:
        release.set()
        holder.join()
    assert list(RentAccount.objects.filter(standing_on=THURSDAY).values_list("pk", flat=True)) == [free.pk]


def test_the_account_page_and_a_statement_read_their_own_entries_not_the_whole_history(client, manager):
    """The running balances and a statement's opening balance are worked back from the cached balance,
    so ten years behind an account cost nothing on its first page or on a statement of last month."""
    from rents.services.statements import statement_for

    account = account_for(None, start_date=datetime.date(2016, 11, 7))
    ledger.charge_run(week=THURSDAY)
    pay(account, "50.00", on=datetime.date(2026, 11, 20))
    client.force_login(manager)
    with CaptureQueriesContext(connection) as ran:
        response = client.get(reverse("rents:account_detail", args=[account.pk]))
    assert response.status_code == 200
    # The paginator's count of this account's entries is the one allowed: an index-only count.
    counts = [sql for sql in aggregates_over(ran, "rents_ledgerentry") if "COUNT(*)" in sql and "account_id" in sql]
    assert aggregates_over(ran, "rents_ledgerentry") == counts and len(counts) == 1
    rows = response.context["page_obj"].object_list
    account.refresh_from_db()
    assert rows[0].running_balance == account.balance  # the newest entry leaves today's balance
    assert rows[1].running_balance == rows[0].running_balance - rows[0].amount
    with CaptureQueriesContext(connection) as ran:
        made = statement_for(account=account, start=datetime.date(2026, 10, 1), end=datetime.date(2026, 10, 31))
    assert aggregates_over(ran, "rents_ledgerentry") == []
    before = LedgerEntry.objects.filter(account=account, posted_on__lt=datetime.date(2026, 10, 1))
    assert made.opening == sum(e.amount for e in before)
    second = client.get(reverse("rents:account_detail", args=[account.pk]) + "?page=2").context["page_obj"]
    assert second.object_list[0].running_balance == rows[-1].running_balance - rows[-1].amount


def test_many_accounts_are_worked_out_in_one_go_and_match_the_ledger():
    """Past 50 accounts the standing is written through a temporary table on PostgreSQL (one UPDATE,
    not a CASE per row); either way every account ends as the ledger says."""
    accounts = [account_for(None, start_date=datetime.date(2026, 11, 2)) for _ in range(60)]
    ledger.charge_run(week=THURSDAY)
    pay(accounts[0], "100.00")
    assert standing.refresh() == 59
    assert RentAccount.objects.standing_current(THURSDAY).count() == 60
    assert standing.mismatches() == []
    assert RentAccount.objects.get(pk=accounts[1].pk).arrears == D("360.00")
