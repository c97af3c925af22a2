"""Where a worker looks from the rent account: the active plan, the arrears section on a TA account,
the last payment in the arrears export, and the address block on arrears letters."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts import roles
from rents.models import ArrearsAction
from rents.services import arrears, ledger, plans
from tests.accounts.factories import UserFactory
from tests.rents.factories import account_for

D = Decimal
pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _ta_account_for(officer):
    from casework.models import Duty
    from casework.services import placements
    from tests.casework.factories import DutyFactory
    from tests.casework.scoping import case_for

    case = case_for(officer, homeless_tonight=True, reason_to_believe_priority_need=True)
    DutyFactory(case=case, kind=Duty.Kind.INTERIM, started_on=TODAY)
    placement = placements.placement_start(
        case=case,
        kind="bed_and_breakfast",
        address="Station Hotel\n1 Station Road",
        started_on=TODAY,
        weekly_charge=D("175.00"),
        by=case.officer,
    )
    return placement.rent_account


@pytest.fixture
def worker():
    return UserFactory(role=roles.HOUSING_WORKER)


def _plan(account, worker):
    return plans.plan_create(
        account=account,
        weekly_amount=D("12.50"),
        starts_on=TODAY,
        review_on=TODAY + datetime.timedelta(weeks=12),
        by=worker,
    )


def test_the_account_page_links_to_the_active_plan_instead_of_offering_a_new_one(client, worker):
    account = account_for(worker)
    client.force_login(worker)
    create = reverse("rents:plan_create", args=[account.pk])
    assert create in client.get(reverse("rents:account_detail", args=[account.pk])).content.decode()
    plan = _plan(account, worker)
    html = client.get(reverse("rents:account_detail", args=[account.pk])).content.decode()
    assert reverse("rents:plan_detail", args=[plan.pk]) in html
    assert "Active payment plan" in html
    assert create not in html


def test_the_new_plan_page_links_to_the_plan_already_active(client, worker):
    account = account_for(worker)
    plan = _plan(account, worker)
    client.force_login(worker)
    html = client.get(reverse("rents:plan_create", args=[account.pk])).content.decode()
    assert reverse("rents:plan_detail", args=[plan.pk]) in html
    assert "already has an active payment plan" in html


def test_a_cancelled_plan_is_not_linked_as_active(client, worker):
    account = account_for(worker)
    plans.plan_cancel(plan=_plan(account, worker), by=worker)
    client.force_login(worker)
    html = client.get(reverse("rents:plan_create", args=[account.pk])).content.decode()
    assert "already has an active payment plan" not in html


def test_a_ta_account_offers_its_officer_the_arrears_work_not_an_empty_section(client):
    officer = UserFactory(role=roles.PREVENTION_OFFICER)
    account = _ta_account_for(officer)
    client.force_login(officer)
    response = client.get(reverse("rents:account_detail", args=[account.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    section = html.split("<h2>Arrears and payment plans</h2>", 1)[1].split("<h2", 1)[0]
    assert "No payment plan is in place on this account." not in section
    assert "Agree a payment plan" in section and "Arrears stage, proposals and letters" in section


def test_a_reversed_payment_is_not_the_last_payment_in_the_arrears_export(client, worker):
    account = account_for(worker)
    ledger.adjustment_post(account=account, amount=D("300.00"), reason="Arrears brought forward", by=None)
    earlier = TODAY - datetime.timedelta(days=10)
    ledger.payment_post(account=account, amount=D("20.00"), method="cash", received_on=earlier, by=None)
    bounced = ledger.payment_post(
        account=account, amount=D("50.00"), method="cash", received_on=TODAY - datetime.timedelta(days=2), by=None
    )
    ledger.entry_reverse(entry=bounced, reason="Cheque bounced", by=worker)
    client.force_login(worker)
    response = client.get(reverse("rents:arrears_list"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Reference"] == account.reference and row["Last payment"] == earlier.isoformat()


def _pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def test_an_arrears_letter_has_the_residents_name_and_address_block(worker):
    account = account_for(worker, unit__label="Room 7", unit__property__address="12 Hearth Street")
    ledger.adjustment_post(account=account, amount=D("500.00"), reason="Arrears brought forward", by=None)
    arrears.propose_stages(today=TODAY)
    action = arrears.proposal_accept(action=ArrearsAction.objects.get(), by=worker, today=TODAY)
    with action.letter.open("rb") as handle:
        text = _pdf_text(handle.read())
    person = account.agreement.person
    block = text.split("Dear", 1)[0]
    assert person.name in block
    assert "Room 7" in block and "12 Hearth Street" in block and "Leeds" in block and "LS2 7EE" in block


def test_a_statement_has_the_residents_address_block(client, worker):
    account = account_for(worker, unit__label="Flat 3", unit__property__address="9 Mill Lane")
    client.force_login(worker)
    response = client.get(reverse("rents:statement", args=[account.pk]))
    block = _pdf_text(response.content).split("Rent statement for", 1)[0]
    assert account.agreement.person.name in block
    assert "Flat 3" in block and "9 Mill Lane" in block and "LS2 7EE" in block


def test_a_ta_account_letter_is_addressed_to_the_placement():
    from rents.scopes import owners

    officer = UserFactory(role=roles.PREVENTION_OFFICER)
    account = _ta_account_for(officer)
    assert owners.resident_address(account) == ["Station Hotel", "1 Station Road"]
