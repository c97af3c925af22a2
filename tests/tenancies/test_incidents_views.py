"""Incident pages: recording, the ladder forms, bad input, object scope, audit and query counts."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import reverse

from accounts import roles
from tenancies.letters import ladder as letters
from tenancies.models import Agreement, Incident, IncidentParty, LadderAction, LadderStep, Letter
from tenancies.services import incidents as services
from tests.accounts.factories import UserFactory
from tests.flatness import uses_index
from tests.tenancies.factories import (
    LadderActionFactory,
    SchemeFactory,
    cover,
    incident_about,
    resident_in,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def quick_letters(monkeypatch):
    monkeypatch.setattr(letters, "render_pdf", lambda template, context: b"%PDF-1.4 test")


@pytest.fixture
def scheme(housing_worker):
    scheme = SchemeFactory(name="Elm Court")
    cover(housing_worker, scheme)
    return scheme


@pytest.fixture
def agreement(scheme):
    return resident_in(scheme, person__legal_name="Jordan Ellis", person__preferred_name="Jo")


@pytest.fixture
def incident(agreement, housing_worker):
    return incident_about(agreement, recorded_by=housing_worker)


def today():
    return datetime.date.today()


def step_url(incident, person, step=None):
    url = reverse("tenancies:ladder_action_create", args=[incident.pk, person.pk])
    return f"{url}?step={int(step)}" if step else url


def supportive(incident, agreement, by, days_ago=1):
    return LadderActionFactory(
        incident=incident,
        agreement=agreement,
        step=LadderStep.SUPPORTIVE,
        taken_on=today() - datetime.timedelta(days=days_ago),
        grounds=["residents"],
    )


# ------------------------------------------------------------------------ recording an incident


def test_recording_an_incident_offers_only_residents_of_the_chosen_scheme(worker_client, scheme, agreement):
    other_scheme = SchemeFactory()
    elsewhere = resident_in(other_scheme)
    response = worker_client.get(reverse("tenancies:incident_create"), {"scheme": scheme.pk})
    assert response.status_code == 200
    choices = {person.pk for person in response.context["form"].fields["residents_about"].queryset}
    assert choices == {agreement.person.pk}
    assert elsewhere.person.pk not in choices


def test_a_worker_with_one_scheme_goes_straight_to_its_form(worker_client, scheme):
    response = worker_client.get(reverse("tenancies:incident_create"))
    assert response.status_code == 302
    assert response.url == f"{reverse('tenancies:incident_create')}?scheme={scheme.pk}"


def test_a_user_who_sees_several_schemes_chooses_one_first(client, manager):
    SchemeFactory(name="Elm Court")
    SchemeFactory(name="Canal Street Project")
    client.force_login(manager)
    response = client.get(reverse("tenancies:incident_create"))
    assert response.status_code == 200
    assert [s.name for s in response.context["form"].fields["scheme"].queryset] == ["Canal Street Project", "Elm Court"]
    assert "Where did it happen?" in response.content.decode()


def test_a_scheme_the_worker_does_not_cover_cannot_be_chosen(worker_client, scheme):
    hidden = SchemeFactory()
    response = worker_client.get(reverse("tenancies:incident_create"), {"scheme": hidden.pk})
    assert response.status_code == 302
    assert response.url == f"{reverse('tenancies:incident_create')}?scheme={scheme.pk}"  # their own (only) scheme


def test_recording_an_incident_saves_it_with_its_parties_and_audit(worker_client, housing_worker, scheme, agreement):
    response = worker_client.post(
        f"{reverse('tenancies:incident_create')}?scheme={scheme.pk}",
        {
            "occurred_on": today().isoformat(),
            "kind": Incident.Kind.ASB,
            "hate_incident": "on",
            "risk": Incident.Risk.HIGH,
            "description": "Shouting and banging on a door at 2am.",
            "residents_about": [agreement.person.pk],
            "neighbours": "Mr Ahmed, number 4\n\n",
            "staff": "Night concierge",
            "visitors": "",
            "review_on": (today() + datetime.timedelta(days=7)).isoformat(),
        },
    )
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response.url == incident.get_absolute_url()
    assert incident.hate_incident and incident.recorded_by == housing_worker
    assert sorted(incident.parties.values_list("role", "name")) == [
        ("alleged", ""),
        ("neighbour", "Mr Ahmed, number 4"),
        ("staff", "Night concierge"),
    ]
    history = incident.history.get()
    assert history.history_type == "+" and history.history_user == housing_worker


def test_bad_incident_input_shows_clear_errors_and_saves_nothing(worker_client, scheme, agreement):
    response = worker_client.post(
        f"{reverse('tenancies:incident_create')}?scheme={scheme.pk}",
        {
            "occurred_on": today().isoformat(),
            "kind": Incident.Kind.DISPUTE,
            "risk": Incident.Risk.LOW,
            "description": "",
            "residents_about": [agreement.person.pk],
            "residents_affected": [agreement.person.pk],
            "review_on": "",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert "Choose one role for Jo" in content
    assert not Incident.objects.exists()
    assert not IncidentParty.objects.exists()


# ------------------------------------------------------------------------ the ladder forms


def test_the_step_choice_marks_skips_for_a_worker(worker_client, incident, agreement):
    response = worker_client.get(step_url(incident, agreement.person))
    assert response.status_code == 200
    labels = dict(response.context["form"].fields["step"].choices)
    assert "skips a step" in labels[LadderStep.FIRST_WARNING]
    assert "skips a step" not in labels[LadderStep.SUPPORTIVE]


def test_a_supportive_intervention_is_recorded_from_the_form(worker_client, housing_worker, incident, agreement):
    support = UserFactory(role=roles.SUPPORT_WORKER)
    review = today() + datetime.timedelta(days=10)
    response = worker_client.post(
        step_url(incident, agreement.person, LadderStep.SUPPORTIVE),
        {
            "taken_on": today().isoformat(),
            "grounds": ["residents"],
            "summary": "Talked it through.",
            "support_offered": "Sleep support and headphones.",
            "support_worker": support.pk,
            "support_plan_reviewed": "on",
            "reasonable_adjustments": "Meet in the afternoon.",
            "review_on": review.isoformat(),
        },
    )
    assert response.status_code == 302
    assert response.url == incident.get_absolute_url()
    action = LadderAction.objects.get()
    assert (action.step, action.support_worker, action.support_plan_reviewed) == (LadderStep.SUPPORTIVE, support, True)
    assert action.history.get().history_user == housing_worker
    incident.refresh_from_db()
    assert incident.review_on == review


def test_a_ladder_step_without_a_reason_shows_errors_and_saves_nothing(worker_client, incident, agreement):
    supportive(incident, agreement, None)
    response = worker_client.post(
        step_url(incident, agreement.person, LadderStep.FIRST_WARNING),
        {
            "taken_on": today().isoformat(),
            "grounds": ["non_engagement"],
            "summary": "Music again.",
            "support_offered": "Weekly sessions.",
            "why_support_not_enough": "",
            "review_on": (today() + datetime.timedelta(days=10)).isoformat(),
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert "Say why the support offered was not enough." in content
    assert "Not engaging with support cannot on its own be a reason for a warning." in content
    assert LadderAction.objects.count() == 1
    assert not Letter.objects.exists()


def test_a_worker_who_tries_to_skip_is_told_to_ask_a_manager(worker_client, incident, agreement):
    response = worker_client.post(
        step_url(incident, agreement.person, LadderStep.FINAL_WARNING),
        {
            "taken_on": today().isoformat(),
            "grounds": ["staff"],
            "summary": "Threats to staff.",
            "support_offered": "Weekly sessions.",
            "why_support_not_enough": "Serious risk.",
            "behaviour_agreement": "No threats.",
            "skip_reason": "Threatened staff with a weapon.",
            "review_on": (today() + datetime.timedelta(days=10)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "needs a housing manager&#x27;s approval" in response.content.decode()
    assert not LadderAction.objects.exists()


def test_a_manager_records_a_skip_with_a_reason(client, manager, incident, agreement):
    client.force_login(manager)
    response = client.post(
        step_url(incident, agreement.person, LadderStep.FINAL_WARNING),
        {
            "taken_on": today().isoformat(),
            "grounds": ["staff"],
            "summary": "Threats to staff.",
            "support_offered": "Weekly sessions.",
            "why_support_not_enough": "Serious risk of harm to staff.",
            "behaviour_agreement": "No threats. We meet weekly.",
            "skip_reason": "Threatened staff with a weapon.",
            "review_on": (today() + datetime.timedelta(days=10)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert response.url == incident.get_absolute_url()
    action = LadderAction.objects.get()
    assert action.approved_by == manager
    assert action.letter.title.startswith("Final written warning")


def test_recording_a_licence_notice_marks_the_agreement_notice_served(client, manager, incident, agreement):
    client.force_login(manager)
    supportive(incident, agreement, manager, days_ago=1)
    LadderActionFactory(
        incident=incident,
        agreement=agreement,
        step=LadderStep.FINAL_WARNING,
        taken_on=today() - datetime.timedelta(days=1),
        expires_on=today() + datetime.timedelta(days=100),
    )
    page = client.get(step_url(incident, agreement.person, LadderStep.NOTICE))
    assert "prescribed_information_given" in page.context["form"].fields
    assert page.context["form"].fields["notice_expires_on"].label == "Notice to quit ends on"
    response = client.post(
        step_url(incident, agreement.person, LadderStep.NOTICE),
        {
            "taken_on": today().isoformat(),
            "grounds": ["residents", "staff"],
            "summary": "The behaviour has continued despite the agreement.",
            "support_offered": "Weekly sessions; help to find somewhere else.",
            "why_support_not_enough": "Residents are not safe.",
            "notice_served_on": today().isoformat(),
            "notice_expires_on": (today() + datetime.timedelta(days=28)).isoformat(),
            "prescribed_information_given": "on",
            "review_on": (today() + datetime.timedelta(days=7)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert response.url == incident.get_absolute_url()
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.NOTICE_SERVED


def test_closing_an_incident_without_an_outcome_is_refused(worker_client, incident):
    response = worker_client.post(
        reverse("tenancies:incident_close", args=[incident.pk]), {"closed_on": today().isoformat(), "outcome": ""}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    incident.refresh_from_db()
    assert incident.closed_on is None


def test_a_past_review_date_is_refused(worker_client, incident):
    response = worker_client.post(
        reverse("tenancies:incident_review", args=[incident.pk]),
        {"review_on": (today() - datetime.timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 200
    assert "The next review date cannot be in the past." in response.content.decode()


def test_no_step_can_be_added_to_a_closed_incident(worker_client, incident, agreement, housing_worker):
    services.incident_close(incident=incident, closed_on=today(), outcome="Settled.", by=housing_worker)
    response = worker_client.get(step_url(incident, agreement.person, LadderStep.SUPPORTIVE))
    assert response.status_code == 200
    assert "This incident was closed" in response.content.decode()


# ------------------------------------------------------------------------ scope


def test_a_housing_worker_gets_404_for_an_incident_in_a_scheme_they_do_not_cover(worker_client):
    elsewhere = resident_in(SchemeFactory())
    incident = incident_about(elsewhere)
    action = LadderActionFactory(incident=incident, agreement=elsewhere, step=LadderStep.FIRST_WARNING)
    letter = Letter(person=elsewhere.person, ladder_action=action, title="First written warning")
    letter.file.save("first-warning.pdf", ContentFile(b"%PDF-1.4"), save=True)
    for url in (
        reverse("tenancies:incident_detail", args=[incident.pk]),
        step_url(incident, elsewhere.person),
        reverse("tenancies:incident_close", args=[incident.pk]),
        reverse("tenancies:letter_download", args=[letter.pk]),
    ):
        assert worker_client.get(url).status_code == 404, url
    response = worker_client.post(
        reverse("tenancies:incident_close", args=[incident.pk]), {"closed_on": today().isoformat(), "outcome": "x"}
    )
    assert response.status_code == 404
    incident.refresh_from_db()
    assert incident.closed_on is None
    assert worker_client.get(reverse("tenancies:incident_list")).context["incidents"].count() == 0


def test_a_support_worker_can_read_an_incident_but_not_change_it(client, scheme, incident, agreement):
    support = UserFactory(role=roles.SUPPORT_WORKER)
    cover(support, scheme)
    client.force_login(support)
    page = client.get(reverse("tenancies:incident_detail", args=[incident.pk]))
    assert page.status_code == 200
    assert "Record the next step" not in page.content.decode()
    assert "Close the incident" not in page.content.decode()
    posts = [
        (reverse("tenancies:incident_close", args=[incident.pk]), {"closed_on": today(), "outcome": "Done"}),
        (reverse("tenancies:incident_review", args=[incident.pk]), {"review_on": today()}),
        (
            step_url(incident, agreement.person, LadderStep.SUPPORTIVE),
            {"taken_on": today(), "grounds": ["residents"], "summary": "x", "support_offered": "y"},
        ),
        (f"{reverse('tenancies:incident_create')}?scheme={scheme.pk}", {"description": "x"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    incident.refresh_from_db()
    assert incident.closed_on is None
    assert not LadderAction.objects.exists()
    assert Incident.objects.count() == 1


def test_letters_download_as_private_pdfs(worker_client, incident, agreement):
    action = LadderActionFactory(incident=incident, agreement=agreement, step=LadderStep.FIRST_WARNING)
    letter = Letter(person=agreement.person, ladder_action=action, title="First written warning, 2 March 2026")
    letter.file.save("first-warning-1.pdf", ContentFile(b"%PDF-1.4 letter"), save=True)
    response = worker_client.get(letter.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 letter"
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == 'attachment; filename="First written warning, 2 March 2026.pdf"'


# ------------------------------------------------------------------------ list and detail pages


def test_the_list_shows_open_or_closed_incidents(worker_client, housing_worker, scheme, agreement):
    open_one = incident_about(agreement)
    closed = incident_about(agreement)
    services.incident_close(incident=closed, closed_on=today(), outcome="Settled.", by=housing_worker)
    url = reverse("tenancies:incident_list")
    assert list(worker_client.get(url).context["incidents"]) == [open_one]
    assert list(worker_client.get(url, {"show": "closed"}).context["incidents"]) == [closed]
    assert len(worker_client.get(url, {"show": "all"}).context["incidents"]) == 2


def test_the_list_query_count_does_not_grow_with_incidents(worker_client, scheme, django_assert_max_num_queries):
    url = reverse("tenancies:incident_list")
    incident_about(resident_in(scheme))
    with django_assert_max_num_queries(15) as few:
        worker_client.get(url)
    for _ in range(10):
        incident_about(resident_in(scheme))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert worker_client.get(url).status_code == 200


def test_the_incident_page_query_count_does_not_grow_with_the_ladder(
    worker_client, scheme, incident, agreement, django_assert_max_num_queries
):
    url = reverse("tenancies:incident_detail", args=[incident.pk])
    supportive(incident, agreement, None)
    with django_assert_max_num_queries(20) as few:
        worker_client.get(url)
    for _ in range(3):
        other = resident_in(scheme)
        IncidentParty.objects.create(incident=incident, person=other.person, role=IncidentParty.Role.ALLEGED)
        supportive(incident, other, None)
        action = LadderActionFactory(incident=incident, agreement=other, step=LadderStep.FIRST_WARNING)
        letter = Letter(person=other.person, ladder_action=action, title="First written warning")
        letter.file.save("first-warning.pdf", ContentFile(b"%PDF"), save=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = worker_client.get(url)
    assert len(response.context["ladders"]) == 4
    assert response.content.decode().count(">Download (PDF)<") == 3


def test_the_incident_page_shows_each_residents_ladder_with_expired_warnings(
    worker_client, incident, agreement, housing_worker
):
    supportive(incident, agreement, housing_worker, days_ago=200)
    LadderActionFactory(
        incident=incident,
        agreement=agreement,
        step=LadderStep.FIRST_WARNING,
        taken_on=today() - datetime.timedelta(days=150),
        expires_on=today() - datetime.timedelta(days=60),
    )
    response = worker_client.get(reverse("tenancies:incident_detail", args=[incident.pk]))
    ladder = response.context["ladders"][0]
    assert ladder.current_step == LadderStep.SUPPORTIVE
    content = response.content.decode()
    assert "Expired" in content
    assert "Informal conversation and supportive intervention" in content


# ------------------------------------------------------------------------ what a step's form says is optional

OPTIONAL_LABEL = re.compile(r'<label for="id_(\w+)">[^<]*<span class="optional">\(optional\)</span></label>')


def full_step(step: LadderStep) -> dict[str, str]:
    """A complete answer for every field any step can ask for."""
    return {
        "taken_on": today().isoformat(),
        "grounds": ["residents"],
        "summary": "The music was loud late at night again.",
        "support_offered": "Weekly sessions with their support worker.",
        "reasonable_adjustments": "Meet in the afternoon.",
        "why_support_not_enough": "Neighbours are still kept awake.",
        "behaviour_agreement": "Music off by 11pm. We meet weekly.",
        "expires_on": (today() + datetime.timedelta(days=60)).isoformat(),
        "notice_served_on": today().isoformat(),
        "notice_expires_on": (today() + datetime.timedelta(days=35)).isoformat(),
        "prescribed_information_given": "on",
        "review_on": (today() + datetime.timedelta(days=7)).isoformat(),
        "skip_reason": "Threatened a neighbour with a knife.",
    }


LADDER_CASES = [
    pytest.param(step, kind, skip, id=f"{step.name.lower()}-{kind}{'-skip' if skip else ''}")
    for step in LadderStep
    for kind in (Agreement.Kind.LICENCE, Agreement.Kind.ASSURED_PERIODIC)
    for skip in (False, True)
    if not (skip and step <= LadderStep.FIRST_WARNING)
]


@pytest.mark.parametrize(("step", "kind", "skip"), LADDER_CASES)
def test_each_step_marks_optional_exactly_the_fields_it_may_leave_blank(client, manager, scheme, step, kind, skip):
    """Blank optional fields still record the step; any other blank field gets a message; never a 500."""
    agreement = resident_in(scheme, kind=kind)
    incident = incident_about(agreement)
    if not skip and step > LadderStep.SUPPORTIVE:
        LadderActionFactory(
            incident=incident,
            agreement=agreement,
            step=step - 1,
            taken_on=today() - datetime.timedelta(days=1),
            expires_on=today() + datetime.timedelta(days=100) if step - 1 in (2, 3) else None,
        )
    client.force_login(manager)
    url = step_url(incident, agreement.person, step)
    page = client.get(url)
    shown = set(page.context["form"].fields)
    optional = set(OPTIONAL_LABEL.findall(page.content.decode()))
    assert ("skip_reason" in shown) is skip
    answer = {name: value for name, value in full_step(step).items() if name in shown}

    for name in sorted(shown - optional - {"support_plan_reviewed"}):
        response = client.post(url, {**answer, name: ""})
        assert response.status_code == 200, name
        assert name in response.context["form"].errors, name
        assert "This field is required" not in response.content.decode(), name

    response = client.post(url, {name: value for name, value in answer.items() if name not in optional})
    assert response.status_code == 302, response.context["form"].errors
    assert LadderAction.objects.filter(incident=incident, step=step).exists()


def test_a_blank_step_form_shows_every_problem_and_never_fails(worker_client, incident, agreement):
    response = worker_client.post(step_url(incident, agreement.person, LadderStep.SUPPORTIVE), {"summary": ""})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"taken_on", "grounds", "summary", "support_offered", "review_on"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Query plans are read on PostgreSQL")
def test_the_newest_first_page_of_all_incidents_is_read_from_an_index(incident):
    """The time-independent companion to the list's query count: the page of closed or all incidents
    comes off the (occurred_on, id) index, not a sort of every incident ever recorded."""
    page = Incident.objects.order_by("-occurred_on", "-pk")[:25]  # as a manager sees every scheme
    assert uses_index(page, "incident_occurred_idx")
