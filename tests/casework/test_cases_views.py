"""The caseload, new approaches, triage, assignment and closure through the pages."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from casework.models import Case, Duty
from people.models import Person
from tests.accounts.factories import UserFactory
from tests.casework.factories import CaseFactory, DutyFactory, PreventionTeamFactory, ReferralFactory, officer_in
from tests.casework.scoping import team_of
from tests.flatness import aggregates_over

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return PreventionTeamFactory(name="Housing Options North")


@pytest.fixture
def officer(team):
    return officer_in(team, full_name="Olu Officer")


@pytest.fixture
def leader(team):
    user = UserFactory(role=roles.TEAM_LEADER, team=team, full_name="Lee Leader")
    team.leader = user
    team.save()
    return user


def _duty_started(case, days_ago):
    return DutyFactory(case=case, started_on=timezone.localdate() - datetime.timedelta(days=days_ago))


def test_the_caseload_shows_own_and_unassigned_team_cases_soonest_deadline_first(client, officer, team):
    soon = CaseFactory(team=team, officer=officer, approached_on=timezone.localdate() - datetime.timedelta(days=60))
    _duty_started(soon, 50)
    later = CaseFactory(team=team, officer=officer)
    _duty_started(later, 3)
    unassigned = CaseFactory(team=team, officer=None)
    colleague_case = CaseFactory(team=team, officer=officer_in(team))
    other_team = CaseFactory()
    client.force_login(officer)
    response = client.get(reverse("casework:caseload"))
    cases = [row["case"] for row in response.context["rows"]]
    assert cases[:2] == [soon, later] and unassigned in cases
    assert colleague_case not in cases and other_team not in cases
    assert b"6 days left" in response.content


def test_the_caseload_query_count_does_not_grow_with_cases(client, officer, team, django_assert_max_num_queries):
    client.force_login(officer)
    for _ in range(3):
        _duty_started(CaseFactory(team=team, officer=officer), 10)
    with django_assert_max_num_queries(16) as first:
        client.get(reverse("casework:caseload"))
    for _ in range(10):
        _duty_started(CaseFactory(team=team, officer=officer), 10)
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(reverse("casework:caseload"))
    assert len(response.context["rows"]) == 13


def test_the_caseload_clocks_and_load_aggregate_no_closed_history(client, leader, officer, team):
    """The time-independent companion: an officer with years of closed cases (each with its duties)
    adds nothing to what the page groups. The clock is each listed case's own running duty, not a
    MIN over every duty; the load counts open cases only, not a join of every case held."""
    today = timezone.localdate()
    for n in range(30):
        closed = CaseFactory(team=team, officer=officer, status=Case.Status.CLOSED, approached_on=today)
        DutyFactory(case=closed, started_on=today - datetime.timedelta(days=n + 100), ended_on=today)
    running = CaseFactory(team=team, officer=officer)
    _duty_started(running, 20)
    ended = today - datetime.timedelta(days=40)
    DutyFactory(case=running, started_on=today - datetime.timedelta(days=90), ended_on=ended)
    client.force_login(leader)
    with CaptureQueriesContext(connection) as ran:
        response = client.get(reverse("casework:caseload"))
    assert [(row["case"], row["day"]) for row in response.context["rows"]] == [(running, 21)]
    assert {o.full_name: o.open_cases for o in response.context["load"]}["Olu Officer"] == 1
    assert aggregates_over(ran, "casework_duty") == []
    counted = aggregates_over(ran, "casework_case")
    assert counted  # the page count and the load: both over open cases only
    assert all("status\" = 'open'" in sql for sql in counted), counted
    assert not [sql for sql in counted if 'JOIN "casework_case"' in sql], counted


def test_team_leaders_see_the_team_load_and_reassign(client, leader, officer, team):
    case = CaseFactory(team=team, officer=officer)
    other = officer_in(team, full_name="Ola Other")
    client.force_login(leader)
    response = client.get(reverse("casework:caseload"))
    assert [(o.full_name, o.open_cases) for o in response.context["load"]] == [
        ("Lee Leader", 0),
        ("Ola Other", 0),
        ("Olu Officer", 1),
    ]
    response = client.post(reverse("casework:case_assign", args=[case.pk]), {"officer": other.pk})
    assert response.status_code == 302
    assert response.url == case.get_absolute_url()
    case.refresh_from_db()
    assert case.officer == other


def test_an_officer_cannot_reassign_their_case(client, officer, team):
    case = CaseFactory(team=team, officer=officer)
    client.force_login(officer)
    assert client.post(reverse("casework:case_assign", args=[case.pk]), {"officer": ""}).status_code == 403
    case.refresh_from_db()
    assert case.officer == officer


def test_an_officer_picks_up_an_unassigned_case(client, officer, team):
    case = CaseFactory(team=team, officer=None)
    client.force_login(officer)
    response = client.post(reverse("casework:case_assign", args=[case.pk]))
    assert response.status_code == 302
    assert response.url == case.get_absolute_url()
    case.refresh_from_db()
    assert case.officer == officer


def test_a_new_approach_by_referral_without_consent_changes_nothing(client, officer, team):
    client.force_login(officer)
    data = {
        "legal_name": "Kai Brown",
        "approached_on": timezone.localdate().isoformat(),
        "source": Case.Source.DUTY_TO_REFER,
        "team": team.pk,
    }
    response = client.post(reverse("casework:approach_create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "referring_body" in errors and "consent_given" in errors
    assert not Person.objects.exists() and not Case.objects.exists()


def test_a_self_approach_opens_a_case_and_goes_to_triage(client, officer, team):
    client.force_login(officer)
    response = client.post(
        reverse("casework:approach_create"),
        {
            "legal_name": "Kai Brown",
            "approached_on": timezone.localdate().isoformat(),
            "source": "self",
            "team": team.pk,
        },
    )
    case = Case.objects.get()
    assert response["Location"] == reverse("casework:case_triage", args=[case.pk])
    assert case.officer == officer and case.person.legal_name == "Kai Brown"


def test_triage_through_the_page(client, officer, team):
    case = CaseFactory(team=team, officer=officer, triage_outcome=Case.TriageOutcome.PENDING)
    client.force_login(officer)
    response = client.post(
        reverse("casework:case_triage", args=[case.pk]),
        {
            "homeless_tonight": "false",
            "threatened_within_56_days": "true",
            "notice_type": "none",
            "eligibility": "eligible",
            "reason_to_believe_priority_need": "",
            "outcome": "application",
        },
    )
    assert response.status_code == 302
    assert response.url == case.get_absolute_url()
    case.refresh_from_db()
    assert (case.homeless_tonight, case.threatened_within_56_days) == (False, True)
    assert case.reason_to_believe_priority_need is None and case.triage_outcome == "application"


def test_a_notice_without_an_end_date_is_refused(client, officer, team):
    case = CaseFactory(team=team, officer=officer)
    client.force_login(officer)
    response = client.post(
        reverse("casework:case_triage", args=[case.pk]),
        {"homeless_tonight": "false", "notice_type": "section_21", "eligibility": "eligible", "outcome": "application"},
    )
    assert response.status_code == 200 and "notice_expires_on" in response.context["form"].errors
    case.refresh_from_db()
    assert case.notice_type == "none"


def test_closing_with_an_open_duty_explains_why_and_changes_nothing(client, officer, team):
    case = CaseFactory(team=team, officer=officer)
    DutyFactory(case=case)
    client.force_login(officer)
    response = client.post(
        reverse("casework:case_close", args=[case.pk]),
        {"outcome": "prevented_stayed", "closed_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 200
    assert "End the open duties first" in str(response.context["form"].non_field_errors())
    case.refresh_from_db()
    assert case.is_open and Duty.objects.filter(ended_on__isnull=True).count() == 1


def test_a_case_outside_scope_is_404(client, officer):
    client.force_login(officer)
    assert client.get(reverse("casework:case_detail", args=[CaseFactory().pk])).status_code == 404


def test_a_housing_worker_sees_their_referral_status_but_not_the_case(client, officer, team):
    housing_worker = UserFactory(role=roles.HOUSING_WORKER)
    referral = ReferralFactory(referred_by=housing_worker)
    client.force_login(officer)
    page = client.get(reverse("casework:referral_detail", args=[referral.pk]))
    assert b"Open a case from this referral" in page.content
    response = client.post(reverse("casework:referral_accept", args=[referral.pk]), {"team": team.pk})
    case = Case.objects.get()
    assert response["Location"] == reverse("casework:case_triage", args=[case.pk])
    client.force_login(housing_worker)
    page = client.get(reverse("casework:referral_detail", args=[referral.pk]))
    assert b"Accepted" in page.content and b"Open a case" not in page.content
    assert client.get(reverse("casework:case_detail", args=[case.pk])).status_code == 403


def test_a_support_worker_named_on_a_case_reads_it(client, officer):
    support = UserFactory(role=roles.SUPPORT_WORKER)
    case = CaseFactory(officer=officer, team=team_of(officer))
    client.force_login(support)
    assert client.get(reverse("casework:case_detail", args=[case.pk])).status_code == 404
    case.named_workers.add(support)
    assert client.get(reverse("casework:case_detail", args=[case.pk])).status_code == 200
    assert client.get(reverse("casework:case_triage", args=[case.pk])).status_code == 403


@pytest.mark.parametrize("factory_name", ["ContactLogFactory", "HouseholdMemberFactory", "ServiceReferralFactory"])
def test_record_history_of_case_records_follows_the_case_scope(client, leader, team, factory_name):
    from tests.casework import factories

    record = getattr(factories, factory_name)(case=CaseFactory(team=team))
    model = record._meta.model_name
    url = reverse("core:history", args=["casework", model, record.pk])
    client.force_login(leader)
    assert client.get(url).status_code == 200
    other_leader = UserFactory(role=roles.TEAM_LEADER, team=PreventionTeamFactory())
    client.force_login(other_leader)
    assert client.get(url).status_code == 404


def test_household_details_and_named_support_workers(client, officer, team):
    from casework.models import HclicCategory

    case = CaseFactory(team=team, officer=officer)
    support = UserFactory(role=roles.SUPPORT_WORKER, full_name="Sunita Support")
    needs = HclicCategory.objects.of("support_needs").filter(
        code__in=["HISTORY_OF_MENTAL_HEALTH_PROBLEMS", "OFFENDING_HISTORY"]
    )
    single = HclicCategory.objects.of("household_composition").get(label="Single adult - Female")
    client.force_login(officer)
    url = reverse("casework:case_details", args=[case.pk])
    response = client.post(
        url,
        {
            "household_composition": single.pk,
            "support_needs": [n.pk for n in needs],
            "income_summary": "Universal Credit",
            "preferred_contact": "text",
            "named_workers": [support.pk],
        },
    )
    assert response.status_code == 302
    assert response.url == case.get_absolute_url()
    case.refresh_from_db()
    assert set(case.support_needs.all()) == set(needs) and case.household_composition == single
    page = client.get(case.get_absolute_url()).content.decode()
    assert "History of mental health problems" in page and "Single adult - Female" in page
    client.force_login(support)
    assert client.get(case.get_absolute_url()).status_code == 200
    assert client.get(url).status_code == 403
    assert case.history.count() >= 2


def test_the_case_page_query_count_does_not_grow_with_support_needs(
    client, officer, team, django_assert_max_num_queries
):
    from casework.models import HclicCategory

    case = CaseFactory(team=team, officer=officer)
    client.force_login(officer)
    client.get(case.get_absolute_url())
    with django_assert_max_num_queries(80) as first:
        client.get(case.get_absolute_url())
    case.support_needs.set(HclicCategory.objects.of("support_needs")[:8])
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(case.get_absolute_url())
