"""Home visit pages: plan, check in and out, findings, acknowledgement, lone working, the case section."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from casework.models import HomeVisit
from casework.services import visits as services
from core.models import AccessLog, Notification
from tests.accounts.factories import UserFactory
from tests.casework.factories import CaseFactory, HomeVisitFactory, PreventionTeamFactory, officer_in
from tests.casework.factories_visits import AlertedVisitFactory, OnVisitFactory, OverdueVisitFactory

pytestmark = pytest.mark.django_db


def local_input(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%dT%H:%M}"


@pytest.fixture
def officer(client):
    user = officer_in(PreventionTeamFactory(), full_name="Olu Officer")
    client.force_login(user)
    return user


@pytest.fixture
def leader():
    return UserFactory(role=roles.TEAM_LEADER, full_name="Lee Leader")


def test_plan_a_visit_defaults_to_the_last_address_and_saves(client, officer):
    case = CaseFactory(officer=officer, team=officer.team)
    HomeVisitFactory(case=case, address="Flat 2, 9 Canal Street")
    url = reverse("casework:visit_create", args=[case.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["form"]["address"].value() == "Flat 2, 9 Canal Street"

    start = (timezone.localtime() + timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)
    data = {"kind": "unannounced", "address": "Flat 2, 9 Canal Street", "planned_start": local_input(start)}
    response = client.post(url, {**data, "expected_end": "11:15"})
    visit = HomeVisit.objects.latest("pk")
    assert response.status_code == 302 and response.url == visit.get_absolute_url()
    assert (visit.kind, visit.officer, visit.planned_start, visit.expected_end) == (
        "unannounced",
        officer,
        start,
        start.replace(hour=11, minute=15),
    )


def test_planning_with_a_finish_before_the_start_saves_nothing(client, officer):
    case = CaseFactory(officer=officer, team=officer.team)
    start = (timezone.localtime() + timedelta(days=1)).replace(hour=10, minute=0)
    response = client.post(
        reverse("casework:visit_create", args=[case.pk]),
        {"kind": "planned", "address": "9 Canal Street", "planned_start": local_input(start), "expected_end": "09:30"},
    )
    assert response.status_code == 200
    assert "The expected finish must be after the start." in response.content.decode()
    assert not HomeVisit.objects.exists()


def test_the_visit_page_offers_check_in_to_the_officer_only(client, officer, leader):
    visit = HomeVisitFactory(case=CaseFactory(officer=officer, team=officer.team), officer=officer)
    page = client.get(visit.get_absolute_url())
    assert page.status_code == 200
    assert "check_in_form" in page.context and "check_out_form" not in page.context
    assert b">Check in</button>" in page.content

    visit.case.team.leader = leader
    visit.case.team.save()
    client.force_login(leader)
    page = client.get(visit.get_absolute_url())
    assert page.status_code == 200 and "check_in_form" not in page.context
    response = client.post(reverse("casework:visit_check_in", args=[visit.pk]))
    assert response.status_code == 403
    visit.refresh_from_db()
    assert visit.checked_in_at is None


def test_check_in_then_out_through_the_pages(client, officer):
    visit = HomeVisitFactory(
        case=CaseFactory(officer=officer, team=officer.team),
        officer=officer,
        planned_start=timezone.now() - timedelta(minutes=2),
    )
    later = (timezone.localtime() + timedelta(hours=2)).replace(second=0, microsecond=0)
    response = client.post(reverse("casework:visit_check_in", args=[visit.pk]), {"expected_end": f"{later:%H:%M}"})
    assert response.status_code == 302
    assert response.url == visit.get_absolute_url()
    visit.refresh_from_db()
    assert visit.on_visit
    assert timezone.localtime(visit.expected_end).time() == later.time()
    page = client.get(visit.get_absolute_url())
    assert "check_out_form" in page.context and "check_in_form" not in page.context

    response = client.post(reverse("casework:visit_check_out", args=[visit.pk]), {"checked_out_at": ""})
    assert response.status_code == 302
    assert response.url == visit.get_absolute_url()
    visit.refresh_from_db()
    assert visit.checked_out_at is not None


def test_check_out_before_check_in_is_a_clear_error(client, officer):
    visit = HomeVisitFactory(case=CaseFactory(officer=officer, team=officer.team), officer=officer)
    response = client.post(reverse("casework:visit_check_out", args=[visit.pk]), follow=True)
    assert "You have not checked in to this visit yet" in response.content.decode()
    visit.refresh_from_db()
    assert visit.checked_out_at is None


def test_check_out_twice_is_a_clear_error(client, officer):
    visit = OnVisitFactory(case=CaseFactory(officer=officer, team=officer.team), officer=officer)
    client.post(reverse("casework:visit_check_out", args=[visit.pk]))
    visit.refresh_from_db()
    first = visit.checked_out_at
    response = client.post(reverse("casework:visit_check_out", args=[visit.pk]), follow=True)
    assert "You already checked out" in response.content.decode()
    visit.refresh_from_db()
    assert visit.checked_out_at == first


def test_a_check_out_time_before_the_check_in_shows_on_the_field(client, officer):
    visit = OnVisitFactory(case=CaseFactory(officer=officer, team=officer.team), officer=officer)
    response = client.post(
        reverse("casework:visit_check_out", args=[visit.pk]),
        {"checked_out_at": local_input(visit.checked_in_at - timedelta(hours=1))},
    )
    assert response.status_code == 200
    assert response.context["check_out_form"].errors["checked_out_at"]
    assert "cannot be before you checked in" in response.content.decode()
    visit.refresh_from_db()
    assert visit.checked_out_at is None


def test_findings_form_saves_and_maps_yes_no_not_known(client, officer):
    visit = OnVisitFactory(case=CaseFactory(officer=officer, team=officer.team), officer=officer)
    url = reverse("casework:visit_record", args=[visit.pk])
    assert client.get(url).context["form"]["applicant_lives_there"].value() == "unknown"
    data = {
        "present": "Sam and their mum",
        "applicant_lives_there": "no",
        "space": "Two bedrooms for five",
        "reason_at_risk": "Mum says the arguments about money are too much.",
        "staff_risks": "Large dog, shut away when asked.",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert response.url == visit.get_absolute_url()
    visit.refresh_from_db()
    assert visit.applicant_lives_there is False
    assert visit.staff_risks == "Large dog, shut away when asked."
    assert visit.on_visit  # saving findings does not check out
    client.post(url, {**data, "applicant_lives_there": "unknown"})
    visit.refresh_from_db()
    assert visit.applicant_lives_there is None
    # Reading the risks to staff is logged.
    assert not AccessLog.objects.exists()
    client.get(visit.get_absolute_url())
    assert AccessLog.objects.filter(what="home visit risks", object_id=visit.pk, user=officer).exists()


def test_a_visit_without_notes_or_follow_ups_says_none_recorded_not_none(client, officer):
    visit = OnVisitFactory(
        case=CaseFactory(officer=officer, team=officer.team), officer=officer, notes="", follow_ups=""
    )
    html = client.get(visit.get_absolute_url()).content.decode()
    assert "<dd>None</dd>" not in html
    assert html.count("None recorded") >= 2


def test_a_leader_acknowledges_an_alert_from_the_visit_page(client, leader):
    team = PreventionTeamFactory(leader=leader)
    visit = AlertedVisitFactory(case=CaseFactory(team=team))
    client.force_login(leader)
    page = client.get(visit.get_absolute_url())
    assert "acknowledge_form" in page.context
    url = reverse("casework:visit_alert_acknowledge", args=[visit.pk])
    response = client.post(url, {"note": ""})
    assert response.status_code == 200
    assert "Say what you have done" in response.content.decode()
    response = client.post(url, {"note": "Called Olu: safe, visit ran long."})
    assert response.status_code == 302
    assert response.url == visit.get_absolute_url()
    visit.refresh_from_db()
    assert (visit.alert_acknowledged_by, visit.alert_note) == (leader, "Called Olu: safe, visit ran long.")


def test_the_officer_cannot_acknowledge_their_own_alert(client, officer):
    visit = AlertedVisitFactory(case=CaseFactory(officer=officer, team=officer.team), officer=officer)
    response = client.post(reverse("casework:visit_alert_acknowledge", args=[visit.pk]), {"note": "I am fine"})
    assert response.status_code == 403
    visit.refresh_from_db()
    assert visit.alert_acknowledged_at is None


def test_a_leader_from_another_team_alerted_on_escalation_can_open_and_answer_the_visit(client, leader):
    visit = OverdueVisitFactory()  # a case in another team, whose leader is not set
    unrelated = OnVisitFactory()
    client.force_login(leader)
    assert client.get(visit.get_absolute_url()).status_code == 404
    now = timezone.now()
    services.lone_working_sweep(now=now)  # no leader in that team: every team leader is told at once
    assert client.get(visit.get_absolute_url()).status_code == 200
    assert client.get(unrelated.get_absolute_url()).status_code == 404
    page = client.get(reverse("casework:lone_working"))
    assert [row["visit"] for row in page.context["rows"]] == [visit]


def test_lone_working_lists_officers_out_now_with_open_alerts_first(client, leader, django_assert_max_num_queries):
    team = PreventionTeamFactory(leader=leader)
    leader.team = team
    leader.save()
    calm = [OnVisitFactory(case=CaseFactory(team=team))]
    alarmed = AlertedVisitFactory(case=CaseFactory(team=team))
    HomeVisitFactory(case=CaseFactory(team=team))  # planned, not out yet
    done = OnVisitFactory(case=CaseFactory(team=team), checked_out_at=timezone.now())
    client.force_login(leader)
    with django_assert_max_num_queries(13) as one:
        client.get(reverse("casework:lone_working"))
    calm += [OnVisitFactory(case=CaseFactory(team=team)) for _ in range(5)]
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("casework:lone_working"))
    assert page.status_code == 200
    visits = [row["visit"] for row in page.context["rows"]]
    assert visits[0] == alarmed and set(visits[1:]) == set(calm) and done not in visits
    assert page.context["alerts"] == 1
    assert "1 open alert" in page.content.decode()


def test_the_case_page_section_lists_visits_with_their_status(client, officer):
    case = CaseFactory(officer=officer, team=officer.team)
    HomeVisitFactory(case=case)
    OnVisitFactory(case=case)
    AlertedVisitFactory(case=case)
    OnVisitFactory(case=case, checked_out_at=timezone.now())
    HomeVisitFactory(case=case, planned_start=timezone.now() - timedelta(days=2))
    page = client.get(case.get_absolute_url())
    html = page.content.decode()
    section = html[html.index('id="visits"') :]
    for status in ("Planned", "On visit now", "Alert open", "Checked out", "Not checked in"):
        assert status in section
    assert reverse("casework:visit_create", args=[case.pk]) in section


def test_the_case_page_section_runs_a_fixed_number_of_queries(client, officer):
    case = CaseFactory(officer=officer, team=officer.team)
    OnVisitFactory(case=case)
    client.get(case.get_absolute_url())  # warm caches (permissions, sessions)
    with CaptureQueriesContext(connection) as one:
        client.get(case.get_absolute_url())
    for _ in range(5):
        OnVisitFactory(case=case, officer=officer_in(officer.team), checked_out_at=timezone.now())
        HomeVisitFactory(case=case, officer=officer_in(officer.team))
    with CaptureQueriesContext(connection) as many:
        client.get(case.get_absolute_url())
    assert len(many) == len(one)


def test_support_workers_named_on_a_case_see_no_visits(client):
    case = CaseFactory()
    worker = UserFactory(role=roles.SUPPORT_WORKER)
    case.named_workers.add(worker)
    visit = HomeVisitFactory(case=case)
    client.force_login(worker)
    page = client.get(case.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200 and "Home visits are shown to the prevention team only." in html
    assert visit.get_absolute_url() not in html
    assert client.get(visit.get_absolute_url()).status_code == 403


def test_the_lone_working_page_is_in_the_header_for_leaders_only(client, officer, leader):
    link = f'href="{reverse("casework:lone_working")}"'
    assert link not in client.get(reverse("casework:caseload")).content.decode()
    client.force_login(leader)
    assert link in client.get(reverse("casework:caseload")).content.decode()


def test_arriving_late_the_expected_finish_offered_keeps_the_planned_length(client, officer):
    start = timezone.now() - timedelta(hours=2)
    visit = HomeVisitFactory(
        case=CaseFactory(officer=officer, team=officer.team),
        officer=officer,
        planned_start=start,
        expected_end=start + timedelta(minutes=45),
    )
    offered = client.get(visit.get_absolute_url()).context["check_in_form"].initial["expected_end"]
    expected = timezone.localtime(timezone.now() + timedelta(minutes=45)).time()
    assert abs((offered.hour * 60 + offered.minute) - (expected.hour * 60 + expected.minute)) <= 1


def test_a_finish_after_midnight_is_the_next_day_but_an_earlier_time_is_an_error():
    from casework.forms.visits import VisitPlanForm

    start = timezone.localtime().replace(hour=22, minute=30, second=0, microsecond=0)
    data = {"kind": "planned", "address": "9 Canal Street", "planned_start": local_input(start)}
    late = VisitPlanForm({**data, "expected_end": "00:15"})
    assert late.is_valid(), late.errors
    assert late.cleaned_data["expected_end_at"] == start + timedelta(minutes=105)
    early = VisitPlanForm({**data, "expected_end": "21:30"})
    assert not early.is_valid() and "expected_end" in early.errors


def test_checking_in_with_a_finish_already_past_shows_on_the_field(client, officer):
    visit = HomeVisitFactory(case=CaseFactory(officer=officer, team=officer.team), officer=officer)
    past = timezone.localtime() - timedelta(hours=3)
    if past.date() != timezone.localdate():  # just after midnight: any earlier time today is in the past
        past = timezone.localtime().replace(hour=0, minute=0)
    response = client.post(reverse("casework:visit_check_in", args=[visit.pk]), {"expected_end": f"{past:%H:%M}"})
    assert response.status_code == 200
    assert response.context["check_in_form"].errors["expected_end"] == ["The expected finish must be later than now."]
    visit.refresh_from_db()
    assert visit.checked_in_at is None


def test_a_visit_is_404_to_someone_outside_its_scope_and_the_queryset_agrees(client, officer):
    visit = HomeVisitFactory()  # another team's case, another officer
    client.force_login(officer)
    assert client.get(visit.get_absolute_url()).status_code == 404
    assert client.post(reverse("casework:visit_check_in", args=[visit.pk])).status_code == 404
    assert not HomeVisit.objects.visible_to(officer).filter(pk=visit.pk).exists()
    own = HomeVisitFactory(case=CaseFactory(officer=officer, team=officer.team), officer=officer)
    assert list(HomeVisit.objects.visible_to(officer)) == [own]


def test_an_old_lone_working_alert_no_longer_opens_another_teams_visit(client, leader):
    visit = OverdueVisitFactory()
    services.lone_working_sweep(now=timezone.now())
    client.force_login(leader)
    assert client.get(visit.get_absolute_url()).status_code == 200
    Notification.objects.filter(recipient=leader).update(created_at=timezone.now() - timedelta(days=3))
    assert client.get(visit.get_absolute_url()).status_code == 404
