"""Safeguarding concerns: who may read them, access logging, the rules, notifications and the open list."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from accounts.models import User
from casework import sections
from casework.models import Case, SafeguardingConcern
from casework.services import safeguarding as services
from core.clocks import LONDON
from core.models import AccessLog, Notification
from tests.accounts.factories import UserFactory
from tests.casework.factories import CaseFactory, PreventionTeamFactory, SafeguardingConcernFactory, officer_in

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 1)
SEEN = "No food in the house on two visits; the child said they had not eaten since yesterday."


@pytest.fixture(autouse=True)
def on_1_december_2026():
    with time_machine.travel(datetime(2026, 12, 1, 12, 0, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def team():
    team = PreventionTeamFactory()
    team.leader = UserFactory(role=roles.TEAM_LEADER, team=team, full_name="Lee Leader")
    team.save(update_fields=["leader"])
    return team


@pytest.fixture
def officer(team):
    return officer_in(team, full_name="Olu Officer")


@pytest.fixture
def case(team, officer):
    return CaseFactory(team=team, officer=officer)


def lead_user(**kwargs):
    user = UserFactory(**kwargs)
    user.user_permissions.add(Permission.objects.get(codename="safeguarding_lead", content_type__app_label="casework"))
    return User.objects.get(pk=user.pk)


def raise_concern(case, by, **overrides):
    fields = {
        "about": SafeguardingConcern.About.CHILD,
        "subject_name": "Riley (aged 6)",
        "category": SafeguardingConcern.Category.NEGLECT,
        "seen": SEEN,
        "raised_on": TODAY,
        "referred_to": SafeguardingConcern.ReferredTo.CHILDRENS_SERVICES,
        "referred_on": TODAY,
        "agency_reference": "CS-0042",
    }
    return services.concern_raise(case=case, by=by, **{**fields, **overrides})


def form_data(**overrides):
    data = {
        "about": "child",
        "subject_name": "Riley (aged 6)",
        "category": "neglect",
        "seen": SEEN,
        "raised_on": "2026-12-01",
        "referred_to": "childrens_services",
        "referred_on": "2026-12-01",
        "agency_reference": "CS-0042",
    }
    return {**data, **overrides}


def logged(user, obj) -> int:
    return AccessLog.objects.filter(user=user, object_id=obj.pk, what="safeguarding").count()


# ---------------------------------------------------------------- who may read a concern


def test_the_officer_on_the_case_reads_the_concern_and_each_view_is_logged(client, case, officer):
    concern = SafeguardingConcernFactory(case=case)
    client.force_login(officer)
    response = client.get(reverse("casework:safeguarding_detail", args=[concern.pk]))
    assert response.status_code == 200
    assert SEEN in response.content.decode()
    assert logged(officer, concern) == 1
    entry = AccessLog.objects.get(user=officer, object_id=concern.pk)
    assert entry.content_type.model == "safeguardingconcern"


def test_another_officer_in_the_team_sees_an_unassigned_case_but_not_its_concern(client, team):
    case = CaseFactory(team=team, officer=None)
    concern = SafeguardingConcernFactory(case=case, raised_by=team.leader)
    colleague = officer_in(team)
    assert Case.objects.visible_to(colleague).filter(pk=case.pk).exists()
    client.force_login(colleague)
    assert client.get(reverse("casework:safeguarding_detail", args=[concern.pk])).status_code == 404
    page = client.get(case.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert "There is an open safeguarding concern on this case" in html
    assert "Lee Leader (team leader)" in html
    assert "Riley" not in html and SEEN not in html and "CS-0042" not in html
    assert AccessLog.objects.filter(user=colleague).count() == 0


def test_another_officer_in_the_team_cannot_read_a_concern_on_a_colleagues_case(client, case, team):
    concern = SafeguardingConcernFactory(case=case)
    client.force_login(officer_in(team))
    assert client.get(reverse("casework:safeguarding_detail", args=[concern.pk])).status_code == 404
    assert client.get(case.get_absolute_url()).status_code == 404


def test_the_team_leader_reads_every_concern_in_their_team(client, case, team):
    concern = SafeguardingConcernFactory(case=case)
    client.force_login(team.leader)
    response = client.get(reverse("casework:safeguarding_detail", args=[concern.pk]))
    assert response.status_code == 200
    assert SEEN in response.content.decode()
    assert logged(team.leader, concern) == 1


def test_a_team_leader_of_another_team_cannot_read_the_concern(client, case):
    concern = SafeguardingConcernFactory(case=case)
    other = PreventionTeamFactory()
    leader = UserFactory(role=roles.TEAM_LEADER, team=other)
    client.force_login(leader)
    assert client.get(reverse("casework:safeguarding_detail", args=[concern.pk])).status_code == 404


def test_a_support_worker_named_on_the_case_learns_only_that_a_concern_is_open(client, case):
    concern = SafeguardingConcernFactory(case=case)
    worker = UserFactory(role=roles.SUPPORT_WORKER)
    case.named_workers.add(worker)
    client.force_login(worker)
    assert client.get(reverse("casework:safeguarding_detail", args=[concern.pk])).status_code == 404
    html = client.get(case.get_absolute_url()).content.decode()
    assert "There is an open safeguarding concern on this case" in html
    assert "Olu Officer (case officer)" in html
    assert "Riley" not in html and SEEN not in html
    assert "Raise a safeguarding concern" not in html
    assert AccessLog.objects.filter(user=worker).count() == 0


def test_a_safeguarding_lead_reads_every_concern_wherever_it_is(client):
    concerns = [SafeguardingConcernFactory(), SafeguardingConcernFactory()]
    lead = lead_user(role=roles.PREVENTION_OFFICER, team=PreventionTeamFactory())
    client.force_login(lead)
    for concern in concerns:
        assert client.get(reverse("casework:safeguarding_detail", args=[concern.pk])).status_code == 200
        assert logged(lead, concern) == 1
    listed = client.get(reverse("casework:safeguarding_list")).content.decode()
    assert all(concern.case.reference in listed for concern in concerns)


def test_an_administrator_without_the_lead_permission_cannot_read_concerns(client, case):
    concern = SafeguardingConcernFactory(case=case)
    client.force_login(UserFactory(role=roles.ADMINISTRATOR))
    assert client.get(reverse("casework:safeguarding_detail", args=[concern.pk])).status_code == 404


def test_the_case_section_shows_details_to_the_officer_and_logs_the_view_once(client, case, officer):
    SafeguardingConcernFactory(case=case)
    SafeguardingConcernFactory(case=case, subject_name="Sam (aged 9)")
    client.force_login(officer)
    html = client.get(case.get_absolute_url()).content.decode()
    assert "Riley (aged 6)" in html and "Sam (aged 9)" in html
    assert "Children&#x27;s Services" in html
    assert "Safeguarding concern open." in html  # the case page's own flag
    assert logged(officer, case) == 1
    assert AccessLog.objects.get(user=officer).content_type.model == "case"


def test_the_case_section_logs_nothing_when_there_is_no_concern(client, case, officer):
    client.force_login(officer)
    html = client.get(case.get_absolute_url()).content.decode()
    assert "No safeguarding concern is open on this case." in html
    assert AccessLog.objects.count() == 0


# ---------------------------------------------------------------- raising a concern


def test_raising_a_concern_notifies_the_team_leader_without_the_details(case, officer, team):
    concern = raise_concern(case, officer)
    assert concern.status == SafeguardingConcern.Status.OPEN
    assert concern.history.get().history_user == officer
    note = Notification.objects.get(recipient=team.leader)
    assert case.reference in note.subject
    assert note.url == reverse("casework:safeguarding_detail", args=[concern.pk])
    assert SEEN not in note.body and "Riley" not in note.body
    assert not Notification.objects.filter(recipient=officer).exists()


def test_a_concern_raised_by_someone_else_tells_the_case_officer_too(case, officer, team):
    raise_concern(case, team.leader)
    assert Notification.objects.filter(recipient=officer).count() == 1
    assert not Notification.objects.filter(recipient=team.leader).exists()


def test_raise_page_records_the_concern_and_shows_it(client, case, officer, team):
    client.force_login(officer)
    response = client.post(reverse("casework:safeguarding_create", args=[case.pk]), form_data())
    concern = SafeguardingConcern.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("casework:safeguarding_detail", args=[concern.pk])
    assert concern.raised_by == officer and concern.agency_reference == "CS-0042"
    assert Notification.objects.filter(recipient=team.leader).exists()


def test_someone_who_cannot_read_concerns_can_still_raise_one(client, team):
    case = CaseFactory(team=team, officer=None)
    colleague = officer_in(team)
    client.force_login(colleague)
    response = client.post(reverse("casework:safeguarding_create", args=[case.pk]), form_data())
    assert response.status_code == 302
    assert response.url == f"{case.get_absolute_url()}#safeguarding"
    message = str(next(iter(get_messages(response.wsgi_request))))
    assert "The team leader has been told." in message and "Only the case officer" in message
    assert SafeguardingConcern.objects.get().raised_by == colleague
    assert Notification.objects.filter(recipient=team.leader).exists()


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"referred_on": "2026-11-30"}, "referred_on", "The referral date cannot be before the date of the concern."),
        ({"referred_to": "none"}, "referred_to", "Say which agency the concern was referred to."),
        ({"referred_to": "none", "referred_on": ""}, "referred_to", "Say which agency the concern was referred to."),
        ({"referred_on": ""}, "referred_on", "Give the date the referral was made."),
        ({"raised_on": "2026-12-02", "referred_on": "2026-12-02"}, "raised_on", "cannot be in the future"),
        ({"referred_on": "2026-12-02"}, "referred_on", "The referral date cannot be in the future."),
        ({"about": ""}, "about", "Say whether the concern is about an adult or a child."),
        ({"seen": ""}, "seen", "Write down what was seen or heard."),
        ({"category": "gossip"}, "category", "Select a valid choice"),
    ],
)
def test_bad_concerns_are_refused_with_a_clear_error_and_nothing_saved(
    client, case, officer, overrides, field, message
):
    client.force_login(officer)
    response = client.post(reverse("casework:safeguarding_create", args=[case.pk]), form_data(**overrides))
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert not SafeguardingConcern.objects.exists()
    assert not Notification.objects.exists()


def test_a_team_without_a_leader_is_not_promised_a_message(client):
    case = CaseFactory(team=PreventionTeamFactory())
    client.force_login(case.officer)
    response = client.post(reverse("casework:safeguarding_create", args=[case.pk]), form_data())
    message = str(next(iter(get_messages(response.wsgi_request))))
    assert message == "Safeguarding concern recorded."
    assert not Notification.objects.exists()


def test_a_concern_not_yet_referred_needs_no_referral_details(case, officer):
    concern = raise_concern(case, officer, referred_to="none", referred_on=None, agency_reference="")
    assert concern.referred_to == "none"


# ---------------------------------------------------------------- updating and closing


def test_updating_a_concern_records_the_referral_later(client, case, officer):
    concern = raise_concern(case, officer, referred_to="none", referred_on=None, agency_reference="")
    client.force_login(officer)
    url = reverse("casework:safeguarding_edit", args=[concern.pk])
    assert client.get(url).status_code == 200
    assert logged(officer, concern) == 1
    response = client.post(url, form_data(referred_to="marac", referred_on="2026-12-01", outcome="Listed for MARAC."))
    assert response.status_code == 302
    assert response.url == reverse("casework:safeguarding_detail", args=[concern.pk])
    concern.refresh_from_db()
    assert (concern.referred_to, concern.outcome) == ("marac", "Listed for MARAC.")


def test_updating_with_a_referral_before_the_concern_is_refused(case, officer):
    concern = raise_concern(case, officer)
    with pytest.raises(ValidationError) as error:
        services.concern_update(concern=concern, by=officer, referred_on=TODAY - timedelta(days=3))
    assert "referred_on" in error.value.message_dict
    concern.refresh_from_db()
    assert concern.referred_on == TODAY


def test_closing_a_concern_needs_an_outcome(client, case, officer):
    concern = raise_concern(case, officer)
    client.force_login(officer)
    url = reverse("casework:safeguarding_close", args=[concern.pk])
    response = client.post(url, {"outcome": "", "closed_on": "2026-12-01"})
    assert "Say what happened" in response.context["form"].errors["outcome"][0]
    response = client.post(url, {"outcome": "   ", "closed_on": "2026-12-01"})
    assert response.status_code == 200
    response = client.post(
        url, {"outcome": "Children's Services visited; support in place.", "closed_on": "2026-12-01"}
    )
    assert response.status_code == 302
    assert response.url == reverse("casework:safeguarding_detail", args=[concern.pk])
    concern.refresh_from_db()
    assert concern.status == "closed" and concern.closed_on == TODAY


@pytest.mark.parametrize(
    "closed_on, message",
    [(TODAY - timedelta(days=1), "cannot close before it was raised"), (TODAY + timedelta(days=1), "future")],
)
def test_a_concern_cannot_close_on_an_impossible_date(case, officer, closed_on, message):
    concern = raise_concern(case, officer)
    with pytest.raises(ValidationError) as error:
        services.concern_close(concern=concern, by=officer, outcome="Resolved.", closed_on=closed_on)
    assert message in error.value.message_dict["closed_on"][0]


def test_a_closed_concern_cannot_be_closed_again_or_changed(client, case, officer):
    concern = raise_concern(case, officer)
    services.concern_close(concern=concern, by=officer, outcome="Resolved.")
    with pytest.raises(ValidationError):
        services.concern_close(concern=concern, by=officer, outcome="Again.")
    with pytest.raises(ValidationError):
        services.concern_update(concern=concern, by=officer, seen="Changed.")
    client.force_login(officer)
    response = client.get(reverse("casework:safeguarding_edit", args=[concern.pk]))
    assert response.status_code == 302
    assert response.url == reverse("casework:safeguarding_detail", args=[concern.pk])


def test_a_colleague_who_cannot_read_the_concern_cannot_close_it(client, team):
    case = CaseFactory(team=team, officer=None)
    concern = SafeguardingConcernFactory(case=case, raised_by=team.leader)
    client.force_login(officer_in(team))
    response = client.post(
        reverse("casework:safeguarding_close", args=[concern.pk]), {"outcome": "x", "closed_on": "2026-12-01"}
    )
    assert response.status_code == 404
    concern.refresh_from_db()
    assert concern.status == "open"


# ---------------------------------------------------------------- the list of open concerns


def test_the_list_shows_a_team_leader_their_teams_open_concerns_only(client, case, team, django_assert_max_num_queries):
    mine = SafeguardingConcernFactory(case=case)
    closed = SafeguardingConcernFactory(case=CaseFactory(team=team), status="closed", closed_on=TODAY)
    elsewhere = SafeguardingConcernFactory()
    client.force_login(team.leader)
    client.get(reverse("casework:safeguarding_list"))  # warm Django's content type cache, whatever ran before
    with django_assert_max_num_queries(14) as one:
        client.get(reverse("casework:safeguarding_list"))
    for _ in range(5):
        SafeguardingConcernFactory(case=CaseFactory(team=team))
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("casework:safeguarding_list"))
    listed = {c.pk for c in response.context["concerns"]}
    assert mine.pk in listed and closed.pk not in listed and elsewhere.pk not in listed
    assert len(listed) == 6
    from core.models import AccessLog

    logged = AccessLog.objects.filter(user=team.leader, what="safeguarding (open concerns list)")
    assert sorted(logged.values_list("object_id", flat=True)) == sorted([mine.pk, mine.pk, *listed])  # 3 visits


def test_officers_cannot_open_the_list(client, officer):
    client.force_login(officer)
    assert client.get(reverse("casework:safeguarding_list")).status_code == 403


# ---------------------------------------------------------------- the case section runs a fixed number of queries


def section_queries(user_pk, case) -> int:
    section = {s.name: s for s in sections.sections()}["safeguarding"]
    user = User.objects.get(pk=user_pk)
    case = Case.objects.with_person().get(pk=case.pk)
    request = RequestFactory().get(case.get_absolute_url())
    request.user = user
    with CaptureQueriesContext(connection) as queries:
        extra = section.context(request, case)
        render_to_string(section.template, {"case": case, "today": TODAY, **extra}, request=request)
    return len(queries)


@pytest.mark.parametrize("who", ["officer", "colleague"])
def test_the_section_runs_the_same_queries_for_one_concern_or_many(case, team, officer, who):
    if who == "colleague":
        case.officer = None
        case.save()
    reader = officer if who == "officer" else officer_in(team)
    SafeguardingConcernFactory(case=case, raised_by=officer)
    one = section_queries(reader.pk, case)
    for _ in range(6):
        SafeguardingConcernFactory(case=case, raised_by=UserFactory())
    assert section_queries(reader.pk, case) == one
    assert one <= 9


def test_the_section_query_count_is_pinned(case, officer, django_assert_max_num_queries):
    SafeguardingConcernFactory.create_batch(4, case=case)
    section = {s.name: s for s in sections.sections()}["safeguarding"]
    request = RequestFactory().get("/")
    request.user = User.objects.get(pk=officer.pk)
    with django_assert_max_num_queries(9):
        extra = section.context(request, Case.objects.with_person().get(pk=case.pk))
        render_to_string(section.template, {"case": case, "today": TODAY, **extra}, request=request)


def test_a_superuser_does_not_read_safeguarding_details_by_being_a_superuser(client):
    """Issue 8.8: special-category details follow roles, not the flags of an all-powerful account."""
    concern = SafeguardingConcernFactory()
    admin = UserFactory(role=roles.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get(reverse("casework:safeguarding_detail", args=[concern.pk])).status_code == 404
    assert not SafeguardingConcern.objects.visible_to(admin).exists()
    lead_role = Group.objects.create(name="Safeguarding leads")
    lead_role.permissions.add(Permission.objects.get(codename="safeguarding_lead", content_type__app_label="casework"))
    admin = User.objects.get(pk=admin.pk)
    admin.groups.add(lead_role)
    assert list(SafeguardingConcern.objects.visible_to(admin)) == [concern]
