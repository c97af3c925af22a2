import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from accounts import roles
from core.models import Notification
from rents.models import ArrearsAction, ArrearsCase, ArrearsStage, LedgerEntry
from rents.services import arrears, hb, ledger
from rents.tasks import propose_arrears_stages
from tests.accounts.factories import UserFactory
from tests.rents.factories import account_for

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 15)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def worker():
    return UserFactory(role=roles.HOUSING_WORKER, full_name="Sam Ward", email="sam@example.org")


@pytest.fixture
def manager():
    return UserFactory(role=roles.HOUSING_MANAGER)


def owe(account, amount):
    ledger.adjustment_post(account=account, amount=Decimal(amount), reason="Arrears brought forward", by=None)
    account.refresh_from_db()


def hb_credit(account, amount, on):
    ledger.payment_post(
        account=account,
        amount=Decimal(amount),
        method=LedgerEntry.Method.HOUSING_BENEFIT,
        received_on=on,
        reference=f"HB-{on}",
        period_to=on,
        by=None,
    )
    account.refresh_from_db()


@pytest.fixture
def hb_account(worker):
    """£120 a week; owes £416; HB of £84 a week awarded, last paid 1 May (14 days before TODAY)."""
    account = account_for(worker)
    hb.claim_create(
        account=account,
        claim_reference="HB1",
        starts_on=datetime.date(2026, 4, 6),
        status="awarded",
        weekly_award=Decimal("84.00"),
    )
    owe(account, "500.00")
    hb_credit(account, "84.00", datetime.date(2026, 5, 1))
    return account


def letter_text(action) -> str:
    with action.letter.open("rb") as handle:
        return pdf_text(handle.read())


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


# HB-pending split -----------------------------------------------------------------------------


def test_hb_pending_is_the_award_since_the_last_hb_credit_and_the_rest_is_owed_by_the_resident(hb_account):
    split = arrears.split_for(hb_account, today=TODAY)
    assert split.balance == Decimal("416.00")
    assert split.hb_pending == Decimal("168.00")  # £84 x 14 days / 7
    assert split.resident_owed == Decimal("248.00")


def test_hb_pending_without_any_credit_counts_from_the_claim_start(worker):
    account = account_for(worker)
    hb.claim_create(
        account=account, claim_reference="HB2", starts_on=datetime.date(2026, 5, 1), weekly_award=Decimal("70.00")
    )  # pending claims count too
    owe(account, "400.00")
    split = arrears.split_for(account, today=datetime.date(2026, 5, 10))
    assert split.hb_pending == Decimal("100.00")  # 10 days inclusive: £70 x 10 / 7
    assert split.resident_owed == Decimal("300.00")


def test_hb_pending_never_exceeds_the_balance(hb_account):
    split = arrears.split_for(hb_account, today=datetime.date(2026, 8, 1))
    assert split.hb_pending == Decimal("416.00")
    assert split.resident_owed == Decimal("0.00")


def test_suspended_claims_are_not_expected(hb_account):
    hb.claim_set_status(claim=hb_account.hb_claims.get(), status="suspended")
    split = arrears.split_for(hb_account, today=TODAY)
    assert split.hb_pending == Decimal("0.00")
    assert split.resident_owed == Decimal("416.00")


# Proposals ------------------------------------------------------------------------------------


def test_five_default_stages_are_seeded():
    assert list(ArrearsStage.objects.values_list("order", "needs_manager_review")) == [
        (1, False),
        (2, False),
        (3, False),
        (4, True),
        (5, True),
    ]


def test_job_proposes_the_highest_stage_met_by_what_the_resident_owes_once_and_never_moves_it(hb_account, worker):
    hb_account.agreement.created_by = worker
    hb_account.agreement.save(update_fields=["created_by"])
    # Resident owes £248 of £120 a week: stage 2 (£100 and 2 weeks) is met, stage 3 (£250) is not.
    assert arrears.propose_stages(today=TODAY) == 1
    assert arrears.propose_stages(today=TODAY) == 0
    action = ArrearsAction.objects.get()
    assert (action.stage.order, action.resident_owed, action.hb_pending) == (2, Decimal("248.00"), Decimal("168.00"))
    assert action.is_pending
    assert ArrearsCase.objects.get().stage is None  # proposed only
    assert Notification.objects.filter(recipient=worker, key=f"rents.arrears.proposal:{action.pk}").count() == 1


def test_hb_pending_keeps_an_account_out_of_the_stages(worker):
    account = account_for(worker)
    hb.claim_create(
        account=account,
        claim_reference="HB3",
        starts_on=datetime.date(2026, 4, 6),
        status="awarded",
        weekly_award=Decimal("120.00"),
    )
    owe(account, "240.00")
    hb_credit(account, "1.00", datetime.date(2026, 5, 1))  # balance £239, HB expected £240
    assert arrears.propose_stages(today=TODAY) == 0


def test_a_declined_stage_is_not_proposed_again(hb_account, worker):
    arrears.propose_stages(today=TODAY)
    arrears.proposal_decline(action=ArrearsAction.objects.get(), by=worker, notes="New job starts Monday")
    assert arrears.propose_stages(today=TODAY + datetime.timedelta(days=1)) == 0
    assert ArrearsCase.objects.get().stage is None


def test_the_celery_task_proposes(hb_account):
    assert propose_arrears_stages.apply().get() in (0, 1)  # "today" is the real date here
    assert propose_arrears_stages.apply().get() == 0


def test_undecided_proposals_are_reminded_once_a_week(hb_account, worker):
    hb_account.agreement.created_by = worker
    hb_account.agreement.save(update_fields=["created_by"])
    arrears.propose_stages(today=TODAY)
    assert arrears.remind_undecided(today=TODAY + datetime.timedelta(days=3)) == 0
    assert arrears.remind_undecided(today=TODAY + datetime.timedelta(days=7)) == 1
    assert arrears.remind_undecided(today=TODAY + datetime.timedelta(days=7)) == 0


# Accept / decline -----------------------------------------------------------------------------


def test_accepting_a_letter_stage_moves_the_stage_and_writes_a_kind_letter_with_the_statement(hb_account, worker):
    arrears.propose_stages(today=TODAY)
    action = arrears.proposal_accept(action=ArrearsAction.objects.get(), by=worker, today=TODAY)
    assert ArrearsCase.objects.get().stage.order == 2
    assert action.decision == "accepted" and action.decided_by == worker and action.decided_on == TODAY
    text = letter_text(action)
    assert "We would like to help with your rent" in text
    assert "£248.00" in text and "£168.00" in text  # what the resident owes; HB still expected
    assert "payment plan" in text
    assert "Sam Ward" in text and "sam@example.org" in text
    assert "Rent statement for" in text  # statement pages appended


def test_accepting_twice_is_refused(hb_account, worker):
    arrears.propose_stages(today=TODAY)
    action = arrears.proposal_accept(action=ArrearsAction.objects.get(), by=worker, today=TODAY)
    with pytest.raises(ValidationError):
        arrears.proposal_accept(action=action, by=worker, today=TODAY)


def test_declining_needs_a_reason_and_changes_nothing(hb_account, worker):
    arrears.propose_stages(today=TODAY)
    action = ArrearsAction.objects.get()
    with pytest.raises(ValidationError):
        arrears.proposal_decline(action=action, by=worker, notes=" ")
    arrears.proposal_decline(action=action, by=worker, notes="Support worker is helping with a claim")
    action.refresh_from_db()
    assert action.decision == "declined" and not action.letter
    assert ArrearsCase.objects.get().stage is None


def test_final_letter_stage_needs_a_manager(hb_account, worker, manager):
    owe(hb_account, "500.00")  # resident owes £748: stage 4 (£500, 6 weeks = £720) is the highest met
    arrears.propose_stages(today=TODAY)
    action = ArrearsAction.objects.get()
    assert action.stage.order == 4
    with pytest.raises(PermissionDenied):
        arrears.proposal_accept(action=action, by=worker, today=TODAY)
    arrears.proposal_accept(action=action, by=manager, today=TODAY)
    assert ArrearsCase.objects.get().stage.order == 4
    assert "Please talk to us about your rent" in letter_text(ArrearsAction.objects.get())


def test_a_worker_cannot_accept_the_final_stage_over_the_web(client, hb_account, worker):
    owe(hb_account, "500.00")
    arrears.propose_stages(today=TODAY)
    action = ArrearsAction.objects.get()
    client.force_login(worker)
    assert client.post(reverse("rents:arrears_accept", args=[action.pk])).status_code == 403
    page = client.get(reverse("rents:arrears_account", args=[hb_account.pk]))
    assert "A manager needs to review this stage" in page.content.decode()


def test_notice_stage_writes_nothing_and_points_to_the_incident_ladder(client, worker, manager):
    account = account_for(worker)
    owe(account, "2000.00")
    arrears.propose_stages(today=TODAY)
    action = ArrearsAction.objects.get()
    assert action.stage.refers_to_notice
    arrears.proposal_accept(action=action, by=manager, today=TODAY)
    action.refresh_from_db()
    assert not action.letter
    client.force_login(worker)
    page = client.get(reverse("rents:arrears_account", args=[account.pk])).content.decode()
    assert "incident ladder" in page and reverse("tenancies:agreement_detail", args=[account.agreement.pk]) in page


# Pages ----------------------------------------------------------------------------------------


def test_accept_and_decline_over_the_web(client, worker):
    first, second = account_for(worker), account_for(worker)
    owe(first, "300.00")
    owe(second, "300.00")
    arrears.propose_stages()
    client.force_login(worker)
    one, two = ArrearsAction.objects.order_by("pk")
    response = client.post(reverse("rents:arrears_accept", args=[one.pk]), {"notes": "Spoke on the phone"})
    assert response.status_code == 302
    one.refresh_from_db()
    assert one.decision == "accepted" and one.letter
    letter = client.get(reverse("rents:arrears_letter", args=[one.pk]))
    assert letter.status_code == 200 and b"".join(letter.streaming_content).startswith(b"%PDF")
    bad = client.post(reverse("rents:arrears_decline", args=[two.pk]), {"notes": ""})
    assert bad.status_code == 400 and "Say why this stage is not right for now." in bad.content.decode()
    two.refresh_from_db()
    assert two.is_pending


@time_machine.travel(datetime.datetime(2026, 5, 15, 12, 0), tick=False)
def test_cases_list_shows_hb_pending_and_resident_owed_in_fixed_queries(
    client, worker, hb_account, django_assert_max_num_queries
):
    client.force_login(worker)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one_row:
        page = client.get(reverse("rents:arrears_cases")).content.decode()
    assert hb_account.reference in page
    assert "£416.00" in page and "£168.00" in page and "£248.00" in page
    for _ in range(5):
        owe(account_for(worker), "50.00")
    with django_assert_max_num_queries(len(one_row)):
        client.get(reverse("rents:arrears_cases"))


def test_proposals_show_on_my_work_for_users_who_can_see_the_account(worker, hb_account):
    from core import mywork

    arrears.propose_stages(today=TODAY)
    other = UserFactory(role=roles.HOUSING_WORKER)
    assert [item.category for item in mywork.due_for(worker) if item.category == "Rent arrears"] == ["Rent arrears"]
    assert not [item for item in mywork.due_for(other) if item.category == "Rent arrears"]


# Scope ----------------------------------------------------------------------------------------


def test_a_worker_gets_404_for_an_account_outside_their_schemes(client, worker):
    outsider = UserFactory(role=roles.HOUSING_WORKER)
    account = account_for(outsider)
    owe(account, "300.00")
    arrears.propose_stages()
    action = ArrearsAction.objects.get()
    client.force_login(worker)
    assert client.get(reverse("rents:arrears_account", args=[account.pk])).status_code == 404
    assert client.post(reverse("rents:arrears_accept", args=[action.pk])).status_code == 404
    assert client.post(reverse("rents:arrears_decline", args=[action.pk]), {"notes": "x"}).status_code == 404


def test_a_support_worker_cannot_decide(client):
    support = UserFactory(role=roles.SUPPORT_WORKER)
    account = account_for(support)
    owe(account, "300.00")
    arrears.propose_stages()
    action = ArrearsAction.objects.get()
    client.force_login(support)
    assert client.post(reverse("rents:arrears_accept", args=[action.pk])).status_code == 403
    assert client.post(reverse("rents:arrears_decline", args=[action.pk]), {"notes": "x"}).status_code == 403
    action.refresh_from_db()
    assert action.is_pending
