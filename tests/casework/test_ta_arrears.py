"""Temporary accommodation accounts get the arrears work housing workers have: stage proposals to
the case's officer, payment plans, and stage letters in TA wording, with the team leader as the
manager who agrees the last stages."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts import roles
from casework.models import Duty
from casework.services import placements
from core.models import Notification
from rents.models import ArrearsAction, ArrearsCase, PaymentPlan
from rents.services import arrears, ledger
from tests.accounts.factories import UserFactory
from tests.casework.factories import CaseFactory, DutyFactory
from tests.rents.test_arrears import letter_text

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 20)
NOON = datetime.datetime(2026, 11, 20, 12, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def frozen():
    with time_machine.travel(NOON, tick=False):
        yield


@pytest.fixture
def placement(frozen):
    case = CaseFactory(homeless_tonight=True, reason_to_believe_priority_need=True, threatened_within_56_days=False)
    case.officer.full_name, case.officer.email = "Priya Officer", "priya@example.org"
    case.officer.save()
    case.team.leader = UserFactory(role=roles.TEAM_LEADER)
    case.team.save()
    DutyFactory(case=case, kind=Duty.Kind.INTERIM, started_on=TODAY - datetime.timedelta(days=30))
    return placements.placement_start(
        case=case,
        kind="nightly_paid",
        address="Flat 2, 8 Mill Lane\nAnytown",
        started_on=TODAY - datetime.timedelta(days=30),
        weekly_charge=Decimal("120.00"),
        by=case.officer,
    )


def owe(account, amount):
    ledger.adjustment_post(account=account, amount=Decimal(amount), reason="Charges brought forward", by=None)


def test_a_proposal_goes_to_the_cases_officer_and_the_letter_speaks_of_temporary_accommodation(placement):
    account, officer = placement.rent_account, placement.case.officer
    owe(account, "300.00")
    assert arrears.propose_stages(today=TODAY) == 1
    action = ArrearsAction.objects.get()
    assert action.stage.order == 2  # £300 meets the first letter (£100 and two weeks of £120)
    note = Notification.objects.get(recipient=officer)
    assert placement.case.person.name in note.subject
    action = arrears.proposal_accept(action=action, by=officer, today=TODAY)
    text = letter_text(action)
    assert "We would like to help with the charges for your accommodation" in text
    assert "temporary accommodation" in text and "housing officer" in text
    assert "Priya Officer" in text and "priya@example.org" in text
    assert "Flat 2, 8 Mill Lane" in text and placement.case.person.name in text
    assert "keep your home" not in text and "support worker" not in text
    assert "£300.00" in text


def test_the_team_leader_agrees_the_final_stage_not_the_officer(placement):
    owe(placement.rent_account, "800.00")  # £800: the final letter (£500, six weeks); below the notice (£960)
    arrears.propose_stages(today=TODAY)
    action = ArrearsAction.objects.get()
    assert action.stage.needs_manager_review and not action.stage.refers_to_notice
    with pytest.raises(PermissionDenied):
        arrears.proposal_accept(action=action, by=placement.case.officer, today=TODAY)
    assert ArrearsCase.objects.get().stage is None
    arrears.proposal_accept(action=action, by=placement.case.team.leader, today=TODAY)
    assert "Please talk to us about the charges for your accommodation" in letter_text(ArrearsAction.objects.get())
    assert not arrears.can_decide(UserFactory(role=roles.PREVENTION_OFFICER), action)


def test_the_officer_works_the_arrears_from_the_account_page_and_others_cannot(client, placement):
    account = placement.rent_account
    owe(account, "300.00")
    client.force_login(placement.case.officer)
    page = client.get(reverse("rents:account_detail", args=[account.pk])).content.decode()
    assert "Arrears stage, proposals and letters" in page and "Agree a payment plan" in page
    assert "recorded by the housing staff" not in page  # the empty section is gone
    arrears.propose_stages(today=TODAY)
    action = ArrearsAction.objects.get()
    response = client.post(reverse("rents:arrears_accept", args=[action.pk]), {"notes": "Talked it through"})
    assert response.status_code == 302
    assert ArrearsCase.objects.get().stage.order == 2
    for role in (roles.PREVENTION_OFFICER, roles.HOUSING_WORKER, roles.HOUSING_MANAGER):
        client.force_login(UserFactory(role=role))
        assert client.get(reverse("rents:arrears_account", args=[account.pk])).status_code in (403, 404), role


def test_the_officer_agrees_a_payment_plan_and_bad_terms_save_nothing(client, placement):
    account = placement.rent_account
    owe(account, "300.00")
    client.force_login(placement.case.officer)
    url = reverse("rents:plan_create", args=[account.pk])
    form = client.get(url)
    assert form.status_code == 200
    bad = client.post(url, {"weekly_amount": "-5", "starts_on": TODAY.isoformat()})
    assert bad.status_code == 200 and not PaymentPlan.objects.exists()
    terms = {
        "weekly_amount": "10.00",
        "starts_on": TODAY.isoformat(),
        "review_on": (TODAY + datetime.timedelta(weeks=8)).isoformat(),
        "missed_weeks_allowed": "1",
        "window_weeks": "4",
    }
    assert client.post(url, terms).status_code == 302
    plan = PaymentPlan.objects.get()
    assert plan.account == account and plan.weekly_amount == Decimal("10.00")


def test_the_notice_stage_points_to_the_case_not_a_tenancy(client, placement):
    owe(placement.rent_account, "1000.00")
    arrears.propose_stages(today=TODAY)
    action = ArrearsAction.objects.get()
    assert action.stage.refers_to_notice
    arrears.proposal_accept(action=action, by=placement.case.team.leader, today=TODAY)
    client.force_login(placement.case.officer)
    page = client.get(reverse("rents:arrears_account", args=[placement.rent_account.pk])).content.decode()
    assert "decided on the homelessness case" in page and "go to the tenancy" not in page
    assert f"{placement.case.get_absolute_url()}#placements" in page
