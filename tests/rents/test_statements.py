import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from accounts import roles
from rents.models import RentAccount
from rents.services import ledger
from rents.services.statements import statement_for
from tests.accounts.factories import UserFactory
from tests.rents.factories import account_for

D = Decimal
pytestmark = pytest.mark.django_db
APRIL_1, APRIL_30 = datetime.date(2026, 4, 1), datetime.date(2026, 4, 30)


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def worker():
    return UserFactory(role=roles.HOUSING_WORKER)


@pytest.fixture
@time_machine.travel(datetime.datetime(2026, 4, 25, 12, 0), tick=False)
def account(worker):
    """£120 a week from Monday 2 March 2026; 50 paid in March; in April 40 paid, 25 paid then reversed."""
    account = account_for(worker, start_date=datetime.date(2026, 3, 2))
    person = account.agreement.person
    person.preferred_name = "Jo Ellis"
    person.save()
    ledger.charge_run(week=datetime.date(2026, 4, 27), accounts=RentAccount.objects.filter(pk=account.pk))
    pay = {"account": account, "method": "card", "by": worker}
    ledger.payment_post(amount=D("50.00"), received_on=datetime.date(2026, 3, 20), **pay)
    ledger.payment_post(amount=D("40.00"), received_on=datetime.date(2026, 4, 10), **pay)
    bounced = ledger.payment_post(amount=D("25.00"), received_on=datetime.date(2026, 4, 20), **pay)
    ledger.entry_reverse(entry=bounced, reason="Card payment failed", by=worker)  # posted 25 April
    return account


def test_statement_opening_is_everything_before_the_period_and_closing_adds_the_period(account):
    statement = statement_for(account=account, start=APRIL_1, end=APRIL_30)
    # Before April: 5 weekly charges (2 to 30 March) of £120, less £50 paid.
    assert statement.opening == D("550.00")
    assert len(statement.entries) == 7  # 4 charges, 2 payments, 1 reversal
    assert statement.charged == D("505.00")  # 4 x £120 + the £25 reversal
    assert statement.paid == D("65.00")
    assert statement.closing == D("990.00") == statement.opening + statement.charged - statement.paid
    assert statement.entries[-1].running_balance == statement.closing
    assert statement.resident_name == "Jo Ellis"


def test_statement_pdf_reads_back_with_opening_closing_and_totals(client, worker, account):
    client.force_login(worker)
    response = client.get(
        reverse("rents:statement", kwargs={"pk": account.pk}), {"from": "2026-04-01", "to": "2026-04-30"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Rent statement for Jo Ellis" in text
    assert settings.HEARTH_ORGANISATION in text
    assert "from 1 April 2026 to 30 April 2026" in text
    assert account.reference in text
    assert "Opening balance: £550.00 owed" in text
    assert "Total charged: £505.00" in text
    assert "Total paid: £65.00" in text
    assert "Closing balance: £990.00 owed" in text
    assert "Payment (Card)" in text and "Weekly charge" in text


def test_a_statement_in_credit_says_in_credit(client, worker, account):
    ledger.payment_post(account=account, amount=D("1000.00"), method="cash", received_on=APRIL_30, by=worker)
    client.force_login(worker)
    response = client.get(
        reverse("rents:statement", kwargs={"pk": account.pk}), {"from": "2026-04-01", "to": "2026-04-30"}
    )
    text = pdf_text(response.content)
    assert "Closing balance: £10.00 in credit" in text
    assert "Total paid: £1,065.00" in text


@time_machine.travel(datetime.datetime(2026, 6, 15, 12, 0), tick=False)
def test_the_default_period_is_the_last_three_months(client, worker, account):
    client.force_login(worker)
    text = pdf_text(client.get(reverse("rents:statement", kwargs={"pk": account.pk})).content)
    assert "from 15 March 2026 to 15 June 2026" in text
