import csv
import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from accounts import roles
from rents.models import ChargeLine, LedgerEntry
from rents.services import ledger
from tests.accounts.factories import UserFactory
from tests.rents.factories import account_for
from tests.tenancies.factories import SchemeFactory

D = Decimal
pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def worker():
    return UserFactory(role=roles.HOUSING_WORKER)


@pytest.fixture
def manager():
    return UserFactory(role=roles.HOUSING_MANAGER)


def detail(account):
    return reverse("rents:account_detail", kwargs={"pk": account.pk})


def pay(account, amount, on=TODAY, by=None, reference=""):
    return ledger.payment_post(
        account=account, amount=D(amount), method="cash", received_on=on, reference=reference, by=by
    )


# Detail page -----------------------------------------------------------------------------------


def test_account_page_shows_the_account_its_agreement_charges_and_balance(client, worker):
    account = account_for(worker)
    ChargeLine.objects.create(account=account, kind="core_rent", weekly_amount=D("105.00"), effective_from=TODAY)
    ledger.adjustment_post(account=account, amount=D("40.00"), reason="Damage recharge", by=worker)
    client.force_login(worker)
    response = client.get(detail(account))
    assert response.status_code == 200
    html = response.content.decode()
    assert account.reference in html and account.name in html
    assert reverse("tenancies:agreement_detail", kwargs={"pk": account.agreement.pk}) in html
    assert "£40.00 in arrears" in html
    assert "£105.00" in html  # the current core rent line, the latest one
    assert response.context["weekly_charge"] == D("125.00")
    assert [line.weekly_amount for line in response.context["current_lines"]] == [D("105.00"), D("20.00")]
    assert len(response.context["line_history"]) == 3
    assert "Charge history" in html


def test_account_in_credit_says_so(client, worker):
    account = account_for(worker)
    pay(account, "12.50")
    client.force_login(worker)
    assert "£12.50 in credit" in client.get(detail(account)).content.decode()


@time_machine.travel(datetime.datetime(2024, 11, 6, 12, 0), tick=False)
def test_a_53_week_rent_year_is_explained(client, worker):
    account = account_for(worker)
    client.force_login(worker)
    html = client.get(detail(account)).content.decode()
    assert "This rent year has 53 rent weeks." in html
    assert "Housing Benefit pays for all 53." in html


@time_machine.travel(datetime.datetime(2026, 11, 6, 12, 0), tick=False)
def test_a_52_week_rent_year_has_no_note(client, worker):
    account = account_for(worker)
    client.force_login(worker)
    response = client.get(detail(account))
    assert response.status_code == 200
    assert response.context["year_has_53_weeks"] is False
    html = response.content.decode()
    assert f"Rent account {account.reference}" in html and "<h2>Weekly charge</h2>" in html
    assert "53 rent weeks" not in html and "message--warning" not in html


def test_ledger_is_newest_first_with_running_balances_and_reversals_marked(client, worker):
    account = account_for(worker)
    ledger.adjustment_post(account=account, amount=D("100.00"), reason="Arrears brought forward", by=worker)
    first = pay(account, "30.00", on=TODAY - datetime.timedelta(days=2))
    pay(account, "20.00", on=TODAY - datetime.timedelta(days=1))
    ledger.entry_reverse(entry=first, reason="Cheque bounced", by=worker)
    client.force_login(worker)
    response = client.get(detail(account))
    entries = list(response.context["page_obj"].object_list)
    assert [e.posted_on for e in entries] == sorted((e.posted_on for e in entries), reverse=True)
    by_pk = {e.pk: e for e in entries}
    assert by_pk[first.pk].is_reversed
    # Running balance after each entry, in posting order (posted_on, pk).
    ordered = sorted(entries, key=lambda e: (e.posted_on, e.pk))
    running, expected = D("0.00"), []
    for entry in ordered:
        running += entry.amount
        expected.append(running)
    assert [e.running_balance for e in ordered] == expected
    assert ordered[-1].running_balance == D("80.00")
    assert "Reversed" in response.content.decode()


def test_ledger_paginates_in_a_fixed_number_of_queries(client, worker, django_assert_max_num_queries):
    account = account_for(worker)
    for i in range(3):
        pay(account, "1.00", reference=f"A{i}")
    client.force_login(worker)
    with django_assert_max_num_queries(30) as few:
        client.get(detail(account))
    for i in range(40):
        pay(account, "1.00", reference=f"B{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(detail(account))
    assert len(response.context["page_obj"].object_list) == 25
    assert response.context["page_obj"].paginator.num_pages == 2
    page_two = client.get(detail(account), {"page": 2})
    assert len(page_two.context["page_obj"].object_list) == 18


def test_account_outside_the_workers_schemes_is_not_found(client, worker):
    account = account_for(None, scheme=SchemeFactory())
    client.force_login(worker)
    assert client.get(detail(account)).status_code == 404
    url = reverse("rents:payment_post", kwargs={"pk": account.pk})
    assert client.post(url, {"amount": "5", "method": "cash", "received_on": TODAY}).status_code == 404
    assert not account.entries.exists()


@pytest.mark.parametrize("role", [roles.SUPPORT_WORKER])
def test_roles_without_rent_permissions_are_forbidden(client, role):
    user = UserFactory(role=role)
    account = account_for(user)
    client.force_login(user)
    assert client.get(detail(account)).status_code == 403
    for name, data in [
        ("rents:payment_post", {"amount": "5", "method": "cash", "received_on": TODAY}),
        ("rents:adjustment_post", {"direction": "increase", "amount": "5", "reason": "x"}),
        ("rents:write_off_post", {"amount": "5", "reason": "x"}),
        ("rents:refund_post", {"amount": "5", "reason": "x"}),
    ]:
        assert client.post(reverse(name, kwargs={"pk": account.pk}), data).status_code == 403, name
    assert client.get(reverse("rents:arrears_list")).status_code == 403
    assert client.get(reverse("rents:statement", kwargs={"pk": account.pk})).status_code == 403
    assert not account.entries.exists()


def test_prevention_officers_see_no_supported_housing_accounts(client):
    """They read the temporary accommodation accounts of their own cases only (tests/casework/test_placements.py)."""
    user = UserFactory(role=roles.PREVENTION_OFFICER)
    account = account_for(user)
    client.force_login(user)
    assert client.get(detail(account)).status_code == 404
    assert client.post(reverse("rents:payment_post", kwargs={"pk": account.pk}), {"amount": "5"}).status_code == 403
    assert account.reference not in client.get(reverse("rents:arrears_list")).content.decode()
    assert client.get(reverse("rents:statement", kwargs={"pk": account.pk})).status_code == 404
    assert not account.entries.exists()


# Payments --------------------------------------------------------------------------------------


def test_posting_a_payment_reduces_the_balance_and_records_who_posted_it(client, worker):
    account = account_for(worker)
    ledger.adjustment_post(account=account, amount=D("50.00"), reason="Arrears brought forward", by=worker)
    client.force_login(worker)
    response = client.post(
        reverse("rents:payment_post", kwargs={"pk": account.pk}),
        {"amount": "20.00", "method": "bank_transfer", "received_on": TODAY.isoformat(), "reference": "BACS 991"},
    )
    assert response.status_code == 302
    assert response.url == detail(account)
    account.refresh_from_db()
    assert account.balance == D("30.00")
    payment = account.entries.get(kind="payment")
    assert (payment.amount, payment.method, payment.reference, payment.created_by) == (
        D("-20.00"),
        "bank_transfer",
        "BACS 991",
        worker,
    )
    assert "Payment of £20.00 posted." in client.get(detail(account)).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amount": "abc", "method": "cash", "received_on": TODAY.isoformat()}, "Enter a number"),
        ({"amount": "0", "method": "cash", "received_on": TODAY.isoformat()}, "greater than or equal to 0.01"),
        ({"amount": "1.234", "method": "cash", "received_on": TODAY.isoformat()}, "2 decimal places"),
        ({"amount": "5", "method": "", "received_on": TODAY.isoformat()}, "This field is required"),
        ({"amount": "5", "method": "gold", "received_on": TODAY.isoformat()}, "Select a valid choice"),
        ({"amount": "5", "method": "cash", "received_on": "31/02/2026"}, "Enter a valid date"),
        (
            {"amount": "5", "method": "cash", "received_on": (TODAY + datetime.timedelta(days=1)).isoformat()},
            "cannot be in the future",
        ),
    ],
)
def test_bad_payment_input_rerenders_with_errors_and_posts_nothing(client, worker, data, message):
    account = account_for(worker)
    client.force_login(worker)
    response = client.post(reverse("rents:payment_post", kwargs={"pk": account.pk}), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert not account.entries.exists()
    account.refresh_from_db()
    assert account.balance == D("0.00")


def test_a_payment_reference_already_posted_is_refused_on_the_form(client, worker):
    account = account_for(worker)
    pay(account, "10.00", reference="BACS 1")
    client.force_login(worker)
    response = client.post(
        reverse("rents:payment_post", kwargs={"pk": account.pk}),
        {"amount": "10.00", "method": "cash", "received_on": TODAY.isoformat(), "reference": "BACS 1"},
    )
    assert response.status_code == 200
    assert "already on this account" in response.content.decode()
    assert account.entries.count() == 1


def test_payment_post_only_accepts_post(client, worker):
    account = account_for(worker)
    client.force_login(worker)
    assert client.get(reverse("rents:payment_post", kwargs={"pk": account.pk})).status_code == 405


# Reversals, adjustments, write-offs, refunds ---------------------------------------------------


def test_reversing_an_entry_needs_a_reason_and_records_who(client, worker):
    account = account_for(worker)
    payment = pay(account, "25.00")
    url = reverse("rents:entry_reverse", kwargs={"pk": account.pk, "entry_pk": payment.pk})
    client.force_login(worker)
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert account.entries.count() == 1
    assert client.post(url, {"reason": "Cheque bounced"}).status_code == 302
    reversal = account.entries.get(kind="reversal")
    assert (reversal.amount, reversal.reverses, reversal.created_by, reversal.reason) == (
        D("25.00"),
        payment,
        worker,
        "Cheque bounced",
    )
    account.refresh_from_db()
    assert account.balance == D("0.00")


def test_a_reversal_cannot_be_reversed_and_an_entry_reverses_once(client, worker):
    account = account_for(worker)
    payment = pay(account, "25.00")
    reversal = ledger.entry_reverse(entry=payment, reason="Bounced", by=worker)
    client.force_login(worker)
    for entry, message in [(reversal, "cannot be reversed"), (payment, "already been reversed")]:
        url = reverse("rents:entry_reverse", kwargs={"pk": account.pk, "entry_pk": entry.pk})
        response = client.post(url, {"reason": "Again"})
        assert response.status_code == 200
        assert message in response.content.decode()
    assert account.entries.count() == 2


def test_reversing_an_entry_of_another_account_is_not_found(client, worker):
    account, other = account_for(worker), account_for(worker)
    payment = pay(other, "5.00")
    client.force_login(worker)
    url = reverse("rents:entry_reverse", kwargs={"pk": account.pk, "entry_pk": payment.pk})
    assert client.post(url, {"reason": "x"}).status_code == 404


def test_adjustments_take_a_direction_and_a_reason(client, worker):
    account = account_for(worker)
    url = reverse("rents:adjustment_post", kwargs={"pk": account.pk})
    client.force_login(worker)
    response = client.post(url, {"direction": "decrease", "amount": "7.50", "reason": ""})
    assert response.status_code == 200 and not account.entries.exists()
    assert client.post(url, {"direction": "decrease", "amount": "7.50", "reason": "Goodwill"}).status_code == 302
    entry = account.entries.get()
    assert (entry.kind, entry.amount, entry.created_by) == ("adjustment", D("-7.50"), worker)


def test_a_worker_cannot_write_off_or_refund(client, worker):
    account = account_for(worker)
    client.force_login(worker)
    for name in ["rents:write_off_post", "rents:refund_post"]:
        url = reverse(name, kwargs={"pk": account.pk})
        assert client.get(url).status_code == 403
        assert client.post(url, {"amount": "5", "reason": "x"}).status_code == 403
    assert not account.entries.exists()
    assert "Write off debt" not in client.get(detail(account)).content.decode()


def test_a_manager_approves_and_posts_a_write_off(client, manager):
    account = account_for(manager)
    ledger.adjustment_post(account=account, amount=D("60.00"), reason="Arrears brought forward", by=None)
    client.force_login(manager)
    url = reverse("rents:write_off_post", kwargs={"pk": account.pk})
    assert client.post(url, {"amount": "60.00", "reason": "Resident died; no estate"}).status_code == 302
    write_off = account.entries.get(kind="write_off")
    assert (write_off.amount, write_off.created_by, write_off.approved_by) == (D("-60.00"), manager, manager)
    account.refresh_from_db()
    assert account.balance == D("0.00")


def test_a_refund_cannot_be_more_than_the_credit(client, manager):
    account = account_for(manager)
    pay(account, "15.00")
    client.force_login(manager)
    url = reverse("rents:refund_post", kwargs={"pk": account.pk})
    response = client.post(url, {"amount": "20.00", "reason": "Moving on"})
    assert response.status_code == 200
    assert "only £15.00 in credit" in response.content.decode()
    assert not account.entries.filter(kind="refund").exists()
    assert client.post(url, {"amount": "15.00", "reason": "Moving on"}).status_code == 302
    refund = account.entries.get(kind="refund")
    assert (refund.amount, refund.approved_by) == (D("15.00"), manager)


# Statement view --------------------------------------------------------------------------------


def test_statement_with_bad_dates_explains_and_does_not_500(client, worker):
    account = account_for(worker)
    client.force_login(worker)
    url = reverse("rents:statement", kwargs={"pk": account.pk})
    response = client.get(url, {"from": "2026-13-01", "to": "2026-01-01"})
    assert response.status_code == 400
    assert "Enter a valid date" in response.content.decode()
    response = client.get(url, {"from": "2026-06-01", "to": "2026-05-01"})
    assert "on or after its start" in response.content.decode()


def test_statement_is_a_pdf(client, worker):
    account = account_for(worker)
    client.force_login(worker)
    response = client.get(reverse("rents:statement", kwargs={"pk": account.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


# Arrears list ----------------------------------------------------------------------------------


def owing(account, amount):
    ledger.adjustment_post(account=account, amount=D(amount), reason="Arrears brought forward", by=None)
    return account


def test_arrears_list_shows_accounts_owing_in_the_workers_schemes(client, worker):
    mine = SchemeFactory(name="Riverside House")
    from tests.tenancies.factories import cover

    cover(worker, mine)
    a = owing(account_for(worker, scheme=mine), "240.00")  # 2 weeks of £120
    pay(a, "0.01", on=TODAY - datetime.timedelta(days=3))
    owing(a, "0.01")
    pay(account_for(worker, scheme=mine), "5.00")  # in credit: not listed
    owing(account_for(None, scheme=SchemeFactory()), "500.00")  # not my scheme
    client.force_login(worker)
    response = client.get(reverse("rents:arrears_list"))
    assert response.status_code == 200
    rows = list(response.context["accounts"])
    assert [r.pk for r in rows] == [a.pk]
    row = rows[0]
    assert row.scheme_name == "Riverside House"
    assert row.last_payment_on == TODAY - datetime.timedelta(days=3)
    assert row.weeks_in_arrears == pytest.approx(2.0)
    html = response.content.decode()
    assert "Riverside House" in html and "£240.00" in html and "2.0" in html


def test_arrears_list_says_when_nobody_has_paid_yet_rather_than_none(client, worker):
    account = owing(account_for(worker), "240.00")
    client.force_login(worker)
    html = client.get(reverse("rents:arrears_list")).content.decode()
    assert account.reference in html or account.agreement.person.name in html
    assert "No payment yet" in html
    assert ">None<" not in html


def test_arrears_list_filters_by_scheme_and_minimum_balance(client, manager):
    riverside, elm = SchemeFactory(name="Riverside House"), SchemeFactory(name="Elm Court")
    small = owing(account_for(manager, scheme=riverside), "20.00")
    big = owing(account_for(manager, scheme=riverside), "300.00")
    other = owing(account_for(manager, scheme=elm), "400.00")
    client.force_login(manager)
    url = reverse("rents:arrears_list")

    def pks(**params):
        return [a.pk for a in client.get(url, params).context["accounts"]]

    assert pks() == [other.pk, big.pk, small.pk]  # highest balance first
    assert pks(scheme=riverside.pk) == [big.pk, small.pk]
    assert pks(min_balance="100") == [other.pk, big.pk]
    assert pks(scheme=riverside.pk, min_balance="100") == [big.pk]
    assert pks(min_balance="lots") == [other.pk, big.pk, small.pk]  # bad filter: ignored, no 500
    assert "There is a problem" in client.get(url, {"min_balance": "lots"}).content.decode()


@pytest.mark.parametrize("sort", ["reference", "name", "scheme", "balance", "last_payment", "weeks", "arrears"])
def test_arrears_list_sorts_by_every_column_both_ways(client, manager, sort):
    accounts = [owing(account_for(manager, scheme=SchemeFactory(name=f"S{i}")), f"{10 * (i + 1)}.00") for i in range(3)]
    pay(accounts[0], "1.00", on=TODAY - datetime.timedelta(days=9))
    client.force_login(manager)
    url = reverse("rents:arrears_list")
    up = [a.pk for a in client.get(url, {"sort": sort}).context["accounts"]]
    down = [a.pk for a in client.get(url, {"sort": f"-{sort}"}).context["accounts"]]
    assert sorted(up) == sorted(a.pk for a in accounts)
    if sort != "last_payment":  # nulls sort last both ways
        assert up == list(reversed(down))


def test_arrears_list_ignores_an_unknown_sort(client, manager):
    owing(account_for(manager), "10.00")
    client.force_login(manager)
    response = client.get(reverse("rents:arrears_list"), {"sort": "password"})
    assert response.status_code == 200
    assert response.context["sort"] == "-arrears"


def test_arrears_list_query_count_does_not_grow_with_rows(client, manager, django_assert_max_num_queries):
    owing(account_for(manager), "10.00")
    client.force_login(manager)
    url = reverse("rents:arrears_list")
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for _ in range(15):
        pay(owing(account_for(manager), "50.00"), "1.00")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["accounts"]) == 16


def test_arrears_list_exports_csv(client, manager):
    account = owing(account_for(manager, scheme=SchemeFactory(name="Canal Street Project")), "240.00")
    client.force_login(manager)
    response = client.get(reverse("rents:arrears_list"), {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:4] == ["Reference", "Name", "Scheme", "Balance"]
    assert rows[1][:4] == [account.reference, account.name, "Canal Street Project", "240.00"]
    assert rows[1][-1] == "2.0"
    assert len(rows) == 2


def test_arrears_list_exports_xlsx_with_numbers_and_dates(client, manager):
    from openpyxl import load_workbook

    account = owing(account_for(manager, scheme=SchemeFactory(name="Canal Street Project")), "240.00")
    client.force_login(manager)
    response = client.get(reverse("rents:arrears_list"), {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Reference", "Name", "Scheme", "Balance")
    assert rows[1][:4] == (account.reference, account.name, "Canal Street Project", 240)
    assert rows[1][-1] == 2
    assert len(rows) == 2


def test_ledger_entries_record_their_author(worker):
    account = account_for(worker)
    entry = pay(account, "3.00", by=worker)
    assert LedgerEntry.objects.get(pk=entry.pk).created_by == worker


FORMULA_NAME = '=HYPERLINK("http://x","y")'


def test_arrears_exports_do_not_carry_a_formula_in_a_residents_name(client, manager):
    from openpyxl import load_workbook

    from rents.models import RentAccount

    account = owing(account_for(manager), "240.00")
    RentAccount.objects.filter(pk=account.pk).update(name=FORMULA_NAME)
    client.force_login(manager)
    response = client.get(reverse("rents:arrears_list"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[1][1] == "'" + FORMULA_NAME
    assert rows[1][3] == "240.00"

    response = client.get(reverse("rents:arrears_list"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    name, balance = sheet.cell(row=2, column=2), sheet.cell(row=2, column=4)
    assert name.data_type == "s" and name.value == FORMULA_NAME
    assert balance.data_type == "n" and balance.value == 240
