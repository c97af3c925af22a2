"""The register pages: the queue, an application's page and forms, scope, and the case panel."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts import roles
from casework.models import Duty
from register.models import Band, RegisterApplication
from tests.accounts.factories import UserFactory
from tests.casework.factories import DutyFactory, PreventionTeamFactory, officer_in
from tests.casework.scoping import case_for
from tests.people.factories import PersonFactory
from tests.register.factories import application_for, triaged, years_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return officer_in(PreventionTeamFactory())


@pytest.fixture
def leader(officer):
    leader = UserFactory(role=roles.TEAM_LEADER, team=officer.team)
    officer.team.leader = leader
    officer.team.save(update_fields=["leader"])
    return leader


def mine(user, **kwargs):
    return application_for(case_for(user, person=PersonFactory(date_of_birth=years_ago(30))), **kwargs)


def test_officer_opens_an_application_from_the_case(client, officer):
    case = case_for(officer, person=PersonFactory(date_of_birth=years_ago(30)))
    DutyFactory(case=case, kind=Duty.Kind.RELIEF)
    client.force_login(officer)
    url = reverse("register:application_create", args=[case.pk])
    page = client.get(url)
    assert "Relief duty" in page.content.decode()
    response = client.post(url, {"applied_on": ""})
    application = RegisterApplication.objects.get(case=case)
    assert response.status_code == 302
    assert response["Location"] == application.get_absolute_url()
    assert application.pref_homeless


def test_future_date_applied_re_renders_and_saves_nothing(client, officer):
    case = case_for(officer)
    client.force_login(officer)
    response = client.post(
        reverse("register:application_create", args=[case.pk]),
        {"applied_on": (datetime.date.today() + datetime.timedelta(days=30)).isoformat()},
    )
    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()
    assert not RegisterApplication.objects.exists()


def test_triage_form_bands_the_application(client, officer):
    application = mine(officer)
    client.force_login(officer)
    response = client.post(
        reverse("register:application_triage", args=[application.pk]),
        {
            "pref_duty": "on",
            "years_in_district": "4",
            "household_income": "12000.00",
            "savings": "0",
            "housing_arrears": "0",
            "bedrooms_now": "1",
            "armed_forces": "",
        },
    )
    assert response.status_code == 302
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Band B: High" in page
    assert "Rule 30, &#x27;Owed a homelessness duty&#x27;, matched" in page


def test_triage_errors_re_render(client, officer):
    application = mine(officer)
    client.force_login(officer)
    response = client.post(
        reverse("register:application_triage", args=[application.pk]),
        {"armed_forces": "former", "savings": "lots"},
    )
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == RegisterApplication.Status.RECEIVED


def test_triage_former_forces_without_date_re_renders(client, officer):
    with time_machine.travel(datetime.datetime(2024, 6, 1, 12, tzinfo=datetime.UTC)):
        application = mine(officer)
        client.force_login(officer)
        _former_without_date(client, application)


def _former_without_date(client, application):
    response = client.post(reverse("register:application_triage", args=[application.pk]), {"armed_forces": "former"})
    assert response.status_code == 200
    assert "Give the date they left the regular forces." in response.content.decode()
    application.refresh_from_db()
    assert application.status == RegisterApplication.Status.RECEIVED


def test_not_qualifying_shows_the_reasons(client, officer):
    application = triaged(mine(officer), proven_asb=True)
    client.force_login(officer)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Does not qualify." in page
    assert "Proven anti-social behaviour." in page


def test_override_without_reason_is_an_error_and_saves_nothing(client, leader, officer):
    application = triaged(mine(officer), pref_homeless=True)
    client.force_login(leader)
    url = reverse("register:band_override", args=[application.pk])
    response = client.post(url, {"band": Band.objects.get(code="A").pk, "reason": ""})
    assert response.status_code == 200
    assert "Give the reason for overriding the band." in response.content.decode()
    application.refresh_from_db()
    assert application.override_band is None
    response = client.post(url, {"band": Band.objects.get(code="A").pk, "reason": "Risk of harm at home"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.effective_band.code == "A"
    assert application.override_by == leader


def test_household_and_referral_forms(client, officer):
    application = triaged(mine(officer), bedrooms_now=1)
    client.force_login(officer)
    response = client.post(
        reverse("register:household_add", args=[application.pk]),
        {"name": "Sam", "relationship": "child", "date_of_birth": years_ago(23).isoformat(), "sex": "male"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.overcrowded
    bad = client.post(reverse("register:household_add", args=[application.pk]), {"name": "", "relationship": "child"})
    assert bad.status_code == 200
    assert application.household.count() == 1
    response = client.post(
        reverse("register:signpost_add", args=[application.pk]), {"to_whom": "Shelter", "note": "Advice on rights"}
    )
    assert response.status_code == 302
    assert "Shelter" in client.get(application.get_absolute_url()).content.decode()


def test_another_officers_application_is_404(client, officer):
    other = mine(officer_in(PreventionTeamFactory()))
    client.force_login(officer)
    for name in ("application_detail", "application_triage", "band_override", "application_close"):
        assert client.get(reverse(f"register:{name}", args=[other.pk])).status_code == 404


def test_housing_worker_gets_403(client, officer):
    application = mine(officer)
    client.force_login(UserFactory(role=roles.HOUSING_WORKER))
    assert client.get(reverse("register:queue")).status_code == 403
    assert client.get(application.get_absolute_url()).status_code == 403


def test_team_leader_sees_the_whole_team_only(client, officer, leader):
    ours = mine(officer)
    theirs = mine(officer_in(PreventionTeamFactory()))
    client.force_login(leader)
    page = client.get(reverse("register:queue")).content.decode()
    assert ours.reference in page
    assert theirs.reference not in page


def test_queue_is_oldest_first_and_filters(client, officer):
    with time_machine.travel(datetime.datetime(2026, 1, 1, 12, tzinfo=datetime.UTC)):
        old = triaged(mine(officer), pref_homeless=True)
    with time_machine.travel(datetime.datetime(2026, 2, 1, 12, tzinfo=datetime.UTC)):
        new = mine(officer)
    with time_machine.travel(datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)):
        client.force_login(officer)
        page = client.get(reverse("register:queue")).content.decode()
        assert page.index(old.reference) < page.index(new.reference)
        received = client.get(reverse("register:queue"), {"status": "received"}).content.decode()
        assert new.reference in received and old.reference not in received
        band_b = client.get(reverse("register:queue"), {"band": Band.objects.get(code="B").pk}).content.decode()
        assert old.reference in band_b and new.reference not in band_b
        by_officer = client.get(reverse("register:queue"), {"officer": officer.pk}).content.decode()
        assert old.reference in by_officer


def test_queue_query_count_is_flat(client, officer, django_assert_num_queries):
    for _ in range(3):
        mine(officer)
    client.force_login(officer)
    client.get(reverse("register:queue"))
    with django_assert_num_queries(15) as first:
        client.get(reverse("register:queue"))
    for _ in range(5):
        mine(officer)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(reverse("register:queue"))


def test_queue_paginates(client, officer):
    for _ in range(27):
        RegisterApplication.objects.create(
            reference=f"HR-T-{_}", person=PersonFactory(), team=officer.team, officer=officer
        )
    client.force_login(officer)
    assert client.get(reverse("register:queue"), {"page": 2}).context["page_obj"].number == 2


def test_detail_query_count(client, officer, django_assert_max_num_queries):
    application = triaged(mine(officer), pref_homeless=True)
    client.force_login(officer)
    with django_assert_max_num_queries(16):
        assert client.get(application.get_absolute_url()).status_code == 200


def test_case_page_panel_shows_application_and_band(client, officer):
    application = triaged(mine(officer), pref_homeless=True)
    client.force_login(officer)
    page = client.get(application.case.get_absolute_url()).content.decode()
    assert "Housing register" in page
    assert application.reference in page
    assert "band B" in page


def test_case_page_panel_offers_to_apply(client, officer):
    case = case_for(officer)
    client.force_login(officer)
    page = client.get(case.get_absolute_url()).content.decode()
    assert reverse("register:application_create", args=[case.pk]) in page


def test_closed_application_redirects_forms(client, officer):
    application = mine(officer)
    client.force_login(officer)
    client.post(reverse("register:application_close", args=[application.pk]), {"reason": "Moved away"})
    application.refresh_from_db()
    assert application.status == "closed"
    response = client.get(reverse("register:application_triage", args=[application.pk]))
    assert response.status_code == 302


def test_officer_opens_an_application_for_someone_without_a_case(client, officer):
    person = case_for(officer).person
    client.force_login(officer)
    response = client.post(reverse("register:application_create_for_person", args=[person.pk]), {"applied_on": ""})
    assert response.status_code == 302
    application = RegisterApplication.objects.get(person=person)
    assert application.case is None
    assert application.team == officer.team
    assert application.officer == officer


def test_someone_you_cannot_see_is_404(client, officer):
    stranger = PersonFactory()
    client.force_login(officer)
    assert client.get(reverse("register:application_create_for_person", args=[stranger.pk])).status_code == 404
