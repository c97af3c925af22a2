"""Mediation with the host: starting it, sessions, the outcome, and the link to end the prevention duty."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from casework.models import Duty, Mediation, MediationSession
from casework.services import mediation as services
from casework.views.mediation import mediation_section
from tests.accounts.factories import UserFactory
from tests.casework.factories import CaseFactory, DutyFactory, MediationFactory, MediationSessionFactory
from tests.casework.scoping import case_for

pytestmark = pytest.mark.django_db

Outcome = Mediation.Outcome
TODAY = timezone.localdate


@pytest.fixture
def officer():
    return UserFactory(role=roles.PREVENTION_OFFICER)


@pytest.fixture
def case(officer):
    return case_for(officer, host_name="Dee Parent", host_relationship="Mother")


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


# ---------------------------------------------------------------- services


def test_a_mediation_starts_with_the_host_and_history(case, officer):
    mediation = services.mediation_start(case=case, host_name="Dee Parent", host_relationship="Mother", by=officer)
    assert (mediation.outcome, mediation.started_on, mediation.started_by) == (Outcome.ONGOING, TODAY(), officer)
    assert mediation.history.first().history_user == officer
    with pytest.raises(ValidationError, match="already going"):
        services.mediation_start(case=case, host_name="Dee Parent", host_relationship="Mother", by=officer)


def test_a_professional_referral_needs_the_service_and_date(case, officer):
    with pytest.raises(ValidationError) as error:
        services.mediation_start(
            case=case, host_name="Dee", host_relationship="Mother", professional_referral=True, by=officer
        )
    assert set(error.value.message_dict) == {"professional_service", "referred_on"}
    mediation = services.mediation_start(
        case=case,
        host_name="Dee",
        host_relationship="Mother",
        professional_referral=True,
        professional_service="Anytown Family Mediation",
        referred_on=TODAY(),
        by=officer,
    )
    assert mediation.professional_service == "Anytown Family Mediation"


def test_sessions_are_added_while_it_is_going_and_not_in_the_future(case, officer):
    mediation = MediationFactory(case=case)
    with pytest.raises(ValidationError) as error:
        services.mediation_session_add(
            mediation=mediation,
            held_on=TODAY() + datetime.timedelta(days=1),
            attended="Both",
            notes="x",
            by=officer,
        )
    assert "held_on" in error.value.message_dict
    session = services.mediation_session_add(
        mediation=mediation, held_on=TODAY(), attended="Jo and Dee", notes="Talked about rent.", by=officer
    )
    assert session.by == officer
    services.mediation_outcome(mediation=mediation, outcome=Outcome.NOT_RESOLVED, by=officer)
    with pytest.raises(ValidationError, match="has finished"):
        services.mediation_session_add(mediation=mediation, held_on=TODAY(), attended="x", notes="x", by=officer)


def test_stay_until_needs_a_date_after_today_and_after_the_last_session(case, officer):
    mediation = MediationFactory(case=case, started_on=TODAY() - datetime.timedelta(days=10))
    for stay_until in (None, TODAY()):
        with pytest.raises(ValidationError) as error:
            services.mediation_outcome(
                mediation=mediation, outcome=Outcome.STAY_UNTIL, stay_until=stay_until, by=officer
            )
        assert "stay_until" in error.value.message_dict
    mediation.refresh_from_db()
    assert mediation.outcome == Outcome.ONGOING
    until = TODAY() + datetime.timedelta(days=60)
    done = services.mediation_outcome(mediation=mediation, outcome=Outcome.STAY_UNTIL, stay_until=until, by=officer)
    assert (done.outcome, done.stay_until, done.outcome_on) == (Outcome.STAY_UNTIL, until, TODAY())
    with pytest.raises(ValidationError, match="already recorded"):
        services.mediation_outcome(mediation=mediation, outcome=Outcome.CAN_STAY, by=officer)


def test_other_outcomes_keep_no_stay_until_date(case, officer):
    mediation = MediationFactory(case=case)
    done = services.mediation_outcome(
        mediation=mediation, outcome=Outcome.CAN_STAY, stay_until=TODAY() + datetime.timedelta(days=9), by=officer
    )
    assert done.stay_until is None and done.keeps_home


# ---------------------------------------------------------------- pages


def test_the_start_form_defaults_to_the_cases_host(officer_client, case):
    response = officer_client.get(reverse("casework:mediation_create", args=[case.pk]))
    assert 'value="Dee Parent"' in response.text and 'value="Mother"' in response.text
    data = {"host_name": "Dee Parent", "host_relationship": "Mother", "started_on": TODAY().isoformat()}
    response = officer_client.post(reverse("casework:mediation_create", args=[case.pk]), data)
    mediation = Mediation.objects.get()
    assert response.url == reverse("casework:mediation_detail", args=[mediation.pk])


def test_a_session_is_recorded_and_bad_input_saves_nothing(officer_client, case):
    mediation = MediationFactory(case=case)
    url = reverse("casework:mediation_session_add", args=[mediation.pk])
    response = officer_client.post(url, {"held_on": "", "attended": "", "notes": "Went well"})
    assert response.status_code == 200 and "There is a problem" in response.text
    assert not MediationSession.objects.exists()
    data = {
        "held_on": TODAY().isoformat(),
        "attended": "Jo, Dee (mum), the officer",
        "notes": "Talked about the house rules.",
        "agreed_actions": "Dee agrees Jo can stay to the end of January.",
    }
    response = officer_client.post(url, data)
    assert response.status_code == 302
    assert response.url == reverse("casework:mediation_detail", args=[mediation.pk]) + "#sessions"
    page = officer_client.get(reverse("casework:mediation_detail", args=[mediation.pk])).text
    assert "Dee agrees Jo can stay to the end of January." in page


def test_stay_until_in_the_past_is_refused_on_the_form(officer_client, case):
    mediation = MediationFactory(case=case)
    data = {"outcome": Outcome.STAY_UNTIL, "stay_until": TODAY().isoformat(), "outcome_on": TODAY().isoformat()}
    response = officer_client.post(reverse("casework:mediation_outcome", args=[mediation.pk]), data)
    assert response.status_code == 200 and "must be after" in response.text
    mediation.refresh_from_db()
    assert mediation.outcome == Outcome.ONGOING


def test_can_stay_offers_to_end_the_prevention_duty(officer_client, case):
    duty = DutyFactory(case=case, kind=Duty.Kind.PREVENTION)
    mediation = MediationFactory(case=case)
    data = {"outcome": Outcome.CAN_STAY, "outcome_on": TODAY().isoformat()}
    response = officer_client.post(reverse("casework:mediation_outcome", args=[mediation.pk]), data)
    assert response.status_code == 302
    assert response.url == reverse("casework:mediation_detail", args=[mediation.pk])
    page = officer_client.get(reverse("casework:mediation_detail", args=[mediation.pk])).text
    end_url = reverse("casework:duty_end", args=[duty.pk])
    assert f"{end_url}?reason=accommodation_secured&amp;secured=stayed&amp;mediation={mediation.pk}" in page


def test_not_resolved_offers_no_duty_ending(officer_client, case):
    DutyFactory(case=case, kind=Duty.Kind.PREVENTION)
    mediation = MediationFactory(case=case, outcome=Outcome.NOT_RESOLVED)
    page = officer_client.get(reverse("casework:mediation_detail", args=[mediation.pk])).text
    assert "End the prevention duty" not in page


def test_mediation_outside_scope_is_not_found_and_support_workers_may_not_open_it(officer_client, client):
    other = MediationFactory(case=CaseFactory())
    assert officer_client.get(reverse("casework:mediation_detail", args=[other.pk])).status_code == 404
    response = officer_client.post(
        reverse("casework:mediation_outcome", args=[other.pk]),
        {"outcome": Outcome.DECLINED, "outcome_on": "2026-01-01"},
    )
    assert response.status_code == 404
    worker = UserFactory(role=roles.SUPPORT_WORKER)
    named = MediationFactory(case=case_for(worker))
    client.force_login(worker)
    assert client.get(reverse("casework:mediation_detail", args=[named.pk])).status_code == 403


def test_the_case_section_runs_a_fixed_number_of_queries(case, django_assert_num_queries):
    for outcome in (Outcome.NOT_RESOLVED, Outcome.DECLINED, Outcome.ONGOING):
        mediation = MediationFactory(case=case, outcome=outcome)
        MediationSessionFactory.create_batch(2, mediation=mediation)
    request = RequestFactory().get("/")
    request.user = case.officer
    request.user.has_perm("casework.view_mediation")  # load the permission cache
    with django_assert_num_queries(1):
        context = mediation_section(request, case)
    assert [m.sessions_count for m in context["mediations"]] == [2, 2, 2]
    assert context["ongoing"]


def test_a_finished_mediation_takes_no_more_sessions_or_outcomes(officer_client, case):
    mediation = MediationFactory(case=case, outcome=Outcome.DECLINED, outcome_on=TODAY())
    detail = reverse("casework:mediation_detail", args=[mediation.pk])
    for name in ("casework:mediation_session_add", "casework:mediation_outcome"):
        response = officer_client.post(
            reverse(name, args=[mediation.pk]),
            {"held_on": TODAY().isoformat(), "attended": "x", "notes": "x", "outcome": Outcome.CAN_STAY},
        )
        assert response.url == detail
    mediation.refresh_from_db()
    assert mediation.outcome == Outcome.DECLINED and not mediation.sessions.exists()
    page = officer_client.get(detail).text
    assert "Add the session" not in page and "Record how the mediation ended" not in page
