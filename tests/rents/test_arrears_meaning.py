"""Arrears mean what housing staff mean (`rents.rules.arrears`): not this week's rent, charged in
advance on Monday, and not Housing Benefit still expected (paid four-weekly in arrears)."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from core import mywork
from rents import scopes as rents_scopes
from rents.models import ArrearsAction, LedgerEntry
from rents.services import arrears, hb, ledger
from tests.accounts.factories import UserFactory
from tests.rents.factories import account_for

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 4, 6)  # a Monday; £120 a week (£100 rent, £20 eligible service charge)
MONDAY = datetime.date(2026, 5, 11)
THURSDAY = datetime.date(2026, 5, 14)


@pytest.fixture
def worker():
    return UserFactory(role=roles.HOUSING_WORKER)


def resident(worker, *, paid_until: datetime.date | None, today: datetime.date):
    """An account charged every Monday from START to `today`'s week, paid in full each Monday before `paid_until`."""
    account = account_for(worker, start_date=START)
    ledger.charge_run(week=today)
    monday = START
    while paid_until and monday < paid_until:
        pay(account, "120.00", monday)
        monday += datetime.timedelta(days=7)
    account.refresh_from_db()
    return account


def pay(account, amount, on, method=LedgerEntry.Method.BANK_TRANSFER, period_to=None):
    """A payment received `on`; a Housing Benefit one pays up to `period_to` (`on` unless given)."""
    if method == LedgerEntry.Method.HOUSING_BENEFIT:
        period_to = period_to or on
    ledger.payment_post(
        account=account,
        amount=Decimal(amount),
        method=method,
        received_on=on,
        reference=f"P-{on}",
        period_to=period_to,
        by=None,
    )
    account.refresh_from_db()


def split(account, today):
    return arrears.split_for(account, today=today)


def listed(client, user, today):
    client.force_login(user)
    with time_machine.travel(datetime.datetime.combine(today, datetime.time(12)), tick=False):
        return [a.pk for a in client.get(reverse("rents:arrears_list")).context["accounts"]]


def test_mondays_charge_is_rent_in_advance_not_arrears(client, worker):
    account = resident(worker, paid_until=MONDAY, today=MONDAY)
    assert account.balance == Decimal("120.00")  # this week's charge, posted this morning
    assert split(account, MONDAY).arrears == Decimal("0.00")
    assert arrears.propose_stages(today=MONDAY) == 0
    assert listed(client, worker, MONDAY) == []


def test_a_payment_later_in_the_week_was_never_late_and_last_weeks_rent_still_is(client, worker):
    on_time = resident(worker, paid_until=MONDAY, today=THURSDAY)
    behind = resident(worker, paid_until=MONDAY - datetime.timedelta(days=7), today=THURSDAY)
    assert split(on_time, THURSDAY).arrears == Decimal("0.00")
    assert split(behind, THURSDAY).arrears == Decimal("120.00")  # last week's rent, not this week's
    pay(on_time, "120.00", THURSDAY)
    assert split(on_time, THURSDAY).arrears == Decimal("0.00")
    assert listed(client, worker, THURSDAY) == [behind.pk]


def test_housing_benefit_paid_four_weekly_in_arrears_is_not_the_residents_arrears(client, worker):
    account = resident(worker, paid_until=None, today=THURSDAY)
    hb.claim_create(
        account=account, claim_reference="HB-4W", starts_on=START, status="awarded", weekly_award=Decimal("120.00")
    )
    pay(account, "480.00", datetime.date(2026, 5, 3), method=LedgerEntry.Method.HOUSING_BENEFIT)  # 6 Apr to 3 May
    assert account.balance == Decimal("240.00")  # the weeks of 4 and 11 May, HB for them not yet paid
    result = split(account, THURSDAY)
    assert result.hb_pending == Decimal("188.57")  # 4 to 14 May
    assert result.arrears == Decimal("0.00")
    assert arrears.propose_stages(today=THURSDAY) == 0
    assert listed(client, worker, THURSDAY) == []


def test_an_account_genuinely_behind_is_in_arrears_and_gets_a_stage(client, worker):
    account = resident(worker, paid_until=datetime.date(2026, 4, 27), today=THURSDAY)  # 3 weeks unpaid
    assert account.balance == Decimal("360.00")
    assert split(account, THURSDAY).arrears == Decimal("240.00")
    assert arrears.propose_stages(today=THURSDAY) == 1
    action = ArrearsAction.objects.get()
    assert (action.stage.order, action.resident_owed) == (2, Decimal("240.00"))  # £100 and 2 weeks met
    assert listed(client, worker, THURSDAY) == [account.pk]


def test_the_arrears_list_filters_by_arrears_not_balance(client, worker):
    small = resident(worker, paid_until=MONDAY - datetime.timedelta(days=7), today=THURSDAY)  # £120 late
    big = resident(worker, paid_until=datetime.date(2026, 4, 20), today=THURSDAY)  # £360 late
    client.force_login(worker)
    with time_machine.travel(datetime.datetime.combine(THURSDAY, datetime.time(12)), tick=False):
        response = client.get(reverse("rents:arrears_list"), {"min_balance": "200"})
    assert [a.pk for a in response.context["accounts"]] == [big.pk]
    assert small.pk not in [a.pk for a in response.context["accounts"]]
    html = response.content.decode()
    assert "£360.00" in html and "3.0" in html  # three weeks late, not four with this week's rent


@time_machine.travel(datetime.datetime(2026, 5, 14, 12), tick=False)
def test_arrears_lists_take_the_same_queries_for_one_account_or_many(client, worker, django_assert_max_num_queries):
    resident(worker, paid_until=datetime.date(2026, 4, 20), today=THURSDAY)
    client.force_login(worker)
    counts = {}
    for name in ("rents:arrears_list", "rents:arrears_cases"):
        with CaptureQueriesContext(connection) as one:
            client.get(reverse(name))
        counts[name] = len(one)
    for _ in range(5):
        resident(worker, paid_until=datetime.date(2026, 4, 20), today=THURSDAY)
    for name, count in counts.items():
        with django_assert_max_num_queries(count):
            assert len(client.get(reverse(name)).context["accounts"]) == 6


@time_machine.travel(datetime.datetime(2026, 5, 14, 12), tick=False)
def test_my_work_shows_one_line_per_proposed_stage_with_a_count_and_the_filtered_list_names_people(
    client, worker, django_assert_max_num_queries
):
    first = resident(worker, paid_until=datetime.date(2026, 4, 27), today=THURSDAY)
    arrears.propose_stages(today=THURSDAY)
    with CaptureQueriesContext(connection) as one:
        items = [item for item in mywork.due_for(worker) if item.category == "Rent arrears"]
    assert [item.title for item in items] == ["Arrears: 1 account may need 'First letter'"]
    for _ in range(4):
        resident(worker, paid_until=datetime.date(2026, 4, 27), today=THURSDAY)
    resident(worker, paid_until=datetime.date(2026, 4, 6), today=THURSDAY)  # 5 weeks: the second letter
    arrears.propose_stages(today=THURSDAY)
    with django_assert_max_num_queries(len(one)):
        items = [item for item in mywork.due_for(worker) if item.category == "Rent arrears"]
    assert sorted(item.title for item in items) == [
        "Arrears: 1 account may need 'Second letter and payment plan offer'",
        "Arrears: 5 accounts may need 'First letter'",
    ]
    first_letter = next(item for item in items if "First letter" in item.title)
    client.force_login(worker)
    page = client.get(first_letter.url)
    assert len(page.context["accounts"]) == 5
    html = page.content.decode()
    assert rents_scopes.owners.resident_name(first) in html
    assert "'First letter' proposed" in html


def test_the_arrears_export_carries_the_arrears_beside_the_balance(client, worker):
    import csv
    import io

    resident(worker, paid_until=datetime.date(2026, 4, 27), today=THURSDAY)  # £360 balance, £240 late
    client.force_login(worker)
    with time_machine.travel(datetime.datetime.combine(THURSDAY, datetime.time(12)), tick=False):
        response = client.get(reverse("rents:arrears_list"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][3:5] == ["Balance", "Arrears"] and rows[0][-1] == "Weeks in arrears"
    assert rows[1][3:5] == ["360.00", "240.00"]
    assert rows[1][-1] == "2.0"  # £240 of £120 a week, not the £360 balance


def test_the_accounts_arrears_page_names_the_resident_and_shows_what_is_late(client, worker):
    account = resident(worker, paid_until=datetime.date(2026, 4, 27), today=THURSDAY)
    client.force_login(worker)
    with time_machine.travel(datetime.datetime.combine(THURSDAY, datetime.time(12)), tick=False):
        html = client.get(reverse("rents:arrears_account", args=[account.pk])).content.decode()
    assert f"Arrears for {rents_scopes.owners.resident_name(account)}" in html
    assert "In arrears</dt><dd>£240.00" in html and "charged in advance: £120.00" in html


def test_a_schedule_credit_paid_after_its_period_covers_its_period_not_its_payment_date(worker):
    from rents.services import imports

    account = resident(worker, paid_until=None, today=THURSDAY)
    hb.claim_create(
        account=account, claim_reference="HB-SCH", starts_on=START, status="awarded", weekly_award=Decimal("120.00")
    )
    name = account.name.split(",")[0]
    header = "claim_reference,resident_name,period_from,period_to,amount\n"
    schedule = f"{header}HB-SCH,{name},2026-04-06,2026-05-03,480.00\n"
    with time_machine.travel(datetime.datetime(2026, 5, 7, 12), tick=False):  # paid four-weekly in arrears
        imports.import_file(kind="hb_schedule", filename="hb.csv", content=schedule.encode(), by=worker)
    entry = account.entries.get(kind=LedgerEntry.Kind.PAYMENT)
    assert (entry.posted_on, entry.period_to) == (datetime.date(2026, 5, 7), datetime.date(2026, 5, 3))
    account.refresh_from_db()
    result = split(account, THURSDAY)
    assert result.hb_pending == Decimal("188.57")  # 4 to 14 May, not from the 8th
    assert result.arrears == Decimal("0.00")


def test_housing_benefit_keyed_by_hand_covers_what_it_pays_up_to_not_the_day_it_was_keyed(worker):
    account = resident(worker, paid_until=None, today=THURSDAY)
    hb.claim_create(
        account=account, claim_reference="HB-HAND", starts_on=START, status="awarded", weekly_award=Decimal("120.00")
    )
    pay(account, "480.00", datetime.date(2026, 5, 7), LedgerEntry.Method.HOUSING_BENEFIT, datetime.date(2026, 5, 3))
    assert account.entries.get(kind=LedgerEntry.Kind.PAYMENT).period_to == datetime.date(2026, 5, 3)
    result = split(account, THURSDAY)
    assert result.hb_pending == Decimal("188.57")  # 4 to 14 May, as for the council's schedule
    assert result.arrears == Decimal("0.00")


@time_machine.travel(datetime.datetime(2026, 5, 14, 12), tick=False)
@pytest.mark.parametrize(
    ("period_to", "problem"),
    [
        (None, "Enter the date this Housing Benefit pays up to"),
        (datetime.date(2026, 6, 12), "cannot pay up to a date after 11 June 2026"),  # today + 28 days is the limit
        (datetime.date(2026, 4, 12), "The Housing Benefit claim starts on 13 April 2026"),
    ],
)
def test_housing_benefit_keyed_by_hand_needs_a_sensible_paid_up_to_date(worker, period_to, problem):
    from django.core.exceptions import ValidationError

    account = resident(worker, paid_until=None, today=THURSDAY)
    hb.claim_create(
        account=account,
        claim_reference="HB-DATES",
        starts_on=datetime.date(2026, 4, 13),
        status="awarded",
        weekly_award=Decimal("120.00"),
    )
    with pytest.raises(ValidationError) as refused:
        ledger.payment_post(
            account=account,
            amount=Decimal("120.00"),
            method=LedgerEntry.Method.HOUSING_BENEFIT,
            received_on=THURSDAY,
            period_to=period_to,
            by=None,
        )
    assert problem in " ".join(refused.value.message_dict["period_to"])
    ledger.payment_post(  # the last day allowed
        account=account,
        amount=Decimal("120.00"),
        method=LedgerEntry.Method.HOUSING_BENEFIT,
        received_on=THURSDAY,
        period_to=datetime.date(2026, 6, 11),
        by=None,
    )


@time_machine.travel(datetime.datetime(2026, 5, 14, 12), tick=False)
def test_the_payment_form_asks_what_housing_benefit_pays_up_to(client, worker):
    account = resident(worker, paid_until=None, today=THURSDAY)
    client.force_login(worker)
    url = reverse("rents:payment_post", args=[account.pk])
    page = client.get(reverse("rents:account_detail", args=[account.pk])).content.decode()
    assert "Housing Benefit paid up to" in page
    payment = {"amount": "120.00", "method": "housing_benefit", "received_on": "2026-05-14", "reference": ""}
    refused = client.post(url, payment)
    assert "Enter the date this Housing Benefit pays up to" in refused.content.decode()
    assert not account.entries.filter(kind=LedgerEntry.Kind.PAYMENT).exists()
    client.post(url, {**payment, "period_to": "2026-05-10"})
    client.post(url, {**payment, "method": "cash", "reference": "CASH-1", "period_to": "2026-05-10"})
    entries = account.entries.filter(kind=LedgerEntry.Kind.PAYMENT).order_by("pk")
    assert [(e.method, e.period_to) for e in entries] == [
        ("housing_benefit", datetime.date(2026, 5, 10)),
        ("cash", None),  # only Housing Benefit covers a period
    ]


def test_the_account_page_does_not_call_this_weeks_rent_arrears(client, worker):
    on_time = resident(worker, paid_until=MONDAY, today=THURSDAY)
    behind = resident(worker, paid_until=datetime.date(2026, 4, 27), today=THURSDAY)
    client.force_login(worker)
    with time_machine.travel(datetime.datetime.combine(THURSDAY, datetime.time(12)), tick=False):
        on_time_page = client.get(reverse("rents:account_detail", args=[on_time.pk])).content.decode()
        behind_page = client.get(reverse("rents:account_detail", args=[behind.pk])).content.decode()
    assert "£120.00 owed, none of it in arrears" in on_time_page
    assert "£360.00 owed, <strong>£240.00 of it in arrears</strong>" in behind_page


def _behind_by_balance_ahead_by_arrears(worker):
    """Two accounts whose balances and arrears put them in opposite orders on THURSDAY: `hb` owes
    £480 but £257.14 of it is Housing Benefit still expected (arrears £171.43, 1.4 weeks); `plain`
    owes £360 with no Housing Benefit (arrears £240.00, 2.0 weeks)."""
    hb_account = resident(worker, paid_until=datetime.date(2026, 4, 20), today=THURSDAY)
    hb.claim_create(
        account=hb_account,
        claim_reference="HB-LATE",
        starts_on=datetime.date(2026, 4, 30),
        status="awarded",
        weekly_award=Decimal("120.00"),
    )
    plain = resident(worker, paid_until=datetime.date(2026, 4, 27), today=THURSDAY)
    assert (split(hb_account, THURSDAY).arrears, split(plain, THURSDAY).arrears) == (
        Decimal("171.43"),
        Decimal("240.00"),
    )
    return hb_account, plain


def _get(client, name, params=None):
    with time_machine.travel(datetime.datetime.combine(THURSDAY, datetime.time(12)), tick=False):
        return client.get(reverse(name), params or {})


@pytest.mark.parametrize("name", ["rents:arrears_list", "rents:arrears_cases"])
def test_arrears_lists_put_the_largest_arrears_first_not_the_largest_balance(client, worker, name):
    hb_account, plain = _behind_by_balance_ahead_by_arrears(worker)
    client.force_login(worker)
    assert [a.pk for a in _get(client, name).context["accounts"]] == [plain.pk, hb_account.pk]


def test_the_arrears_list_sorts_arrears_and_weeks_as_shown_and_pages_them(client, worker, monkeypatch):
    from rents.views import accounts as account_views

    hb_account, plain = _behind_by_balance_ahead_by_arrears(worker)
    client.force_login(worker)

    def pks(**params):
        return [a.pk for a in _get(client, "rents:arrears_list", params).context["accounts"]]

    assert pks(sort="weeks") == [hb_account.pk, plain.pk]  # 1.4 then 2.0 weeks, not 4.0 and 3.0 of balance
    assert pks(sort="-weeks") == [plain.pk, hb_account.pk]
    assert pks(sort="arrears") == [hb_account.pk, plain.pk]
    assert pks(sort="balance") == [plain.pk, hb_account.pk]  # the balance still sorts by the balance
    html = _get(client, "rents:arrears_list").content.decode()
    assert 'aria-sort="descending"><a href="?sort=arrears">Arrears' in html
    monkeypatch.setattr(account_views, "ARREARS_PER_PAGE", 1)
    assert pks() == [plain.pk] and pks(page=2) == [hb_account.pk]
    csv_rows = b"".join(_get(client, "rents:arrears_list", {"format": "csv"}).streaming_content).decode()
    assert [line.split(",")[0] for line in csv_rows.splitlines()[1:]] == [plain.reference, hb_account.reference]


def test_the_arrears_cases_page_pages_in_arrears_order(client, worker, monkeypatch):
    from rents.views import arrears as arrears_views

    hb_account, plain = _behind_by_balance_ahead_by_arrears(worker)
    monkeypatch.setattr(arrears_views, "CASES_PER_PAGE", 1)
    client.force_login(worker)
    pages = [[a.pk for a in _get(client, "rents:arrears_cases", {"page": n}).context["accounts"]] for n in (1, 2)]
    assert pages == [[plain.pk], [hb_account.pk]]
