"""Assessment and housing plan pages: the menu of steps, new versions, issue and download, scope."""

import datetime
import io
import re

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts import roles
from casework.models import Assessment, Party, PersonalisedHousingPlan, Scenario
from casework.services import plans as services
from casework.views.plans import ASSESSMENT_READ, plan_section
from core.models import AccessLog
from tests.accounts.factories import UserFactory
from tests.casework.factories import CaseFactory, PlanFactory, PlanStepFactory
from tests.casework.scoping import case_for

pytestmark = pytest.mark.django_db

A, C = Party.APPLICANT, Party.COUNCIL


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def officer():
    return UserFactory(role=roles.PREVENTION_OFFICER, full_name="Priya Officer")


@pytest.fixture
def case(officer):
    return case_for(officer, person__legal_name="Jordan Rivers")


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def menu_post(review_on: datetime.date, changes: dict | None = None) -> dict:
    """What the create form posts when the officer keeps the whole family-or-friends menu as it is."""
    menu = services.menu_for(Scenario.FAMILY_FRIENDS)
    data = {"summary": "", "review_on": review_on.isoformat()}
    for party in (A, C):
        for i, text in enumerate(menu[party], start=1):
            data[f"{party}-{i}-keep"] = "on"
            data[f"{party}-{i}-text"] = text
    data.update(changes or {})
    return {k: v for k, v in data.items() if v is not None}


def test_the_scenario_is_chosen_first_and_its_menu_comes_ticked(officer_client, case):
    url = reverse("casework:plan_create", args=[case.pk])
    response = officer_client.get(url)
    assert response.status_code == 200
    assert "What is the main reason they are losing their home?" in response.text
    response = officer_client.get(url, {"scenario": "family_friends"})
    page = response.text
    assert "Steps the applicant will take" in page and "Steps the council will take" in page
    assert "Come to the mediation meeting we arrange with your host." in page
    assert re.search(r'<input type="checkbox" name="applicant-1-keep"[^>]* checked', page)
    assert 'name="council-new-1"' in page


def test_an_officer_makes_a_plan_from_the_menu_with_changes_and_steps_of_their_own(officer_client, case):
    review_on = timezone.localdate() + datetime.timedelta(days=14)
    data = menu_post(
        review_on,
        {
            "applicant-2-text": "Come to the mediation meeting with your mum on Thursday.",
            "applicant-3-keep": None,  # untick
            "council-new-1": "Ask the wellbeing hub to call you.",
            "summary": "You can stay with your mum for now.",
        },
    )
    url = reverse("casework:plan_create", args=[case.pk]) + "?scenario=family_friends"
    response = officer_client.post(url, data)
    plan = PersonalisedHousingPlan.objects.get()
    assert response.status_code == 302 and response.url == plan.get_absolute_url()
    applicant = [s.text for s in plan.steps.filter(party=A)]
    council = [s.text for s in plan.steps.filter(party=C)]
    menu = services.menu_for(Scenario.FAMILY_FRIENDS)
    assert applicant == [menu[A][0], "Come to the mediation meeting with your mum on Thursday.", *menu[A][3:]]
    assert council == [*menu[C], "Ask the wellbeing hub to call you."]
    assert (plan.version, plan.review_on, plan.summary) == (1, review_on, "You can stay with your mum for now.")
    assert plan.created_by == case.officer


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"review_on": ""}, "This field is required."),
        ({"applicant-1-text": "  "}, "Write the step, or untick it to leave it out."),
        ({f"council-{i}-keep": None for i in range(1, 5)}, "Add at least one step the council will take."),
        ({"review_on": "2020-01-01"}, "The review date cannot be in the past."),
    ],
)
def test_bad_input_shows_the_problem_and_saves_nothing(officer_client, case, changes, message):
    data = menu_post(timezone.localdate() + datetime.timedelta(days=14), changes)
    url = reverse("casework:plan_create", args=[case.pk]) + "?scenario=family_friends"
    response = officer_client.post(url, data)
    assert response.status_code == 200
    assert "There is a problem" in response.text and message in response.text
    assert not PersonalisedHousingPlan.objects.exists()


def test_editing_saves_a_new_version_and_the_version_list_shows_both(officer_client, case):
    v1 = PlanFactory(case=case)
    PlanStepFactory(plan=v1, party=A, text="Look for rooms each week.")
    PlanStepFactory(plan=v1, party=C, text="Offer mediation.")
    review_on = timezone.localdate() + datetime.timedelta(days=28)
    response = officer_client.get(reverse("casework:plan_edit", args=[v1.pk]))
    assert "Look for rooms each week." in response.text and "Saving makes version 2" in response.text
    data = {
        "review_on": review_on.isoformat(),
        "applicant-1-keep": "on",
        "applicant-1-text": "Look for rooms each week and send us the links.",
        "council-1-keep": "on",
        "council-1-text": "Offer mediation.",
    }
    response = officer_client.post(reverse("casework:plan_edit", args=[v1.pk]), data)
    v2 = case.plans.current().get()
    assert response.status_code == 302 and response.url == v2.get_absolute_url()
    v1.refresh_from_db()
    assert v1.superseded_at is not None and v2.version == 2
    assert [s.text for s in v2.steps.all()] == ["Look for rooms each week and send us the links.", "Offer mediation."]
    page = officer_client.get(v2.get_absolute_url()).text
    assert "Version 1</a>" in page and "2 (this page)" in page
    old = officer_client.get(v1.get_absolute_url()).text
    assert "This is an old version (1)" in old
    assert "Edit the plan" not in old
    # An old version cannot be edited: the edit page moves to the current one.
    response = officer_client.get(reverse("casework:plan_edit", args=[v1.pk]))
    assert response.url == reverse("casework:plan_edit", args=[v2.pk])


def test_a_bad_edit_changes_nothing(officer_client, case):
    v1 = PlanFactory(case=case)
    PlanStepFactory(plan=v1, party=C, text="Offer mediation.")
    data = {"review_on": "", "council-1-keep": "on", "council-1-text": "Something else"}
    response = officer_client.post(reverse("casework:plan_edit", args=[v1.pk]), data)
    assert response.status_code == 200 and "There is a problem" in response.text
    v1.refresh_from_db()
    assert v1.superseded_at is None
    assert case.plans.count() == 1 and [s.text for s in v1.steps.all()] == ["Offer mediation."]


def test_a_second_plan_is_not_made_when_one_is_current(officer_client, case):
    plan = PlanFactory(case=case)
    response = officer_client.get(reverse("casework:plan_create", args=[case.pk]))
    assert response.url == reverse("casework:plan_edit", args=[plan.pk])


def test_issue_then_download_the_pdf_through_the_scoped_view(officer_client, case):
    plan = PlanFactory(case=case)
    PlanStepFactory(plan=plan, party=A, text="Look at rooms to rent each week.")
    PlanStepFactory(plan=plan, party=C, text="Help you with a deposit.")
    response = officer_client.post(reverse("casework:plan_issue", args=[plan.pk]))
    assert response.status_code == 302
    assert response.url == plan.get_absolute_url()
    plan.refresh_from_db()
    assert plan.issued_on == timezone.localdate()
    response = officer_client.get(reverse("casework:plan_pdf", args=[plan.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    content = b"".join(response.streaming_content)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Look at rooms to rent each week." in text and "Help you with a deposit." in text
    assert f"{plan.review_on:%-d %B %Y}" in text
    assert "Download the plan (PDF)" in officer_client.get(plan.get_absolute_url()).text


def test_a_step_is_marked_done_from_the_plan_page(officer_client, case):
    step = PlanStepFactory(plan=PlanFactory(case=case), party=C, text="Offer mediation.")
    response = officer_client.post(reverse("casework:plan_step_done", args=[step.pk]))
    assert response.status_code == 302
    assert response.url == f"{step.plan.get_absolute_url()}#steps-council"
    step.refresh_from_db()
    assert step.done_on == timezone.localdate()


def test_the_assessment_is_recorded_and_shown_on_the_case(officer_client, case):
    data = {"circumstances": "Mum asked me to leave.", "housing_needs": "A room near college.", "support_needs": "None"}
    response = officer_client.post(reverse("casework:assessment_edit", args=[case.pk]), data)
    assert response.status_code == 302
    assert response.url == f"{case.get_absolute_url()}#plan"
    assessment = Assessment.objects.get(case=case)
    assert (assessment.completed_by, assessment.housing_needs) == (case.officer, "A room near college.")
    page = officer_client.get(case.get_absolute_url()).text
    assert "A room near college." in page and "Update the assessment" in page


def test_a_plan_outside_the_officers_scope_is_not_found(officer_client):
    other = PlanFactory(case=CaseFactory())
    step = PlanStepFactory(plan=other)
    for url in (
        reverse("casework:plan_detail", args=[other.pk]),
        reverse("casework:plan_edit", args=[other.pk]),
        reverse("casework:plan_pdf", args=[other.pk]),
        reverse("casework:plan_create", args=[other.case.pk]),
        reverse("casework:assessment_edit", args=[other.case.pk]),
    ):
        assert officer_client.get(url).status_code == 404, url
    assert officer_client.post(reverse("casework:plan_issue", args=[other.pk])).status_code == 404
    assert officer_client.post(reverse("casework:plan_step_done", args=[step.pk])).status_code == 404
    other.refresh_from_db()
    assert other.issued_on is None


def test_a_support_worker_named_on_the_case_may_not_open_the_plan(client):
    worker = UserFactory(role=roles.SUPPORT_WORKER)
    plan = PlanFactory(case=case_for(worker))
    client.force_login(worker)
    assert client.get(plan.get_absolute_url()).status_code == 403
    assert client.post(reverse("casework:plan_issue", args=[plan.pk])).status_code == 403
    page = client.get(plan.case.get_absolute_url()).text
    assert "shown to the prevention team only" in page


def test_the_plan_page_runs_a_fixed_number_of_queries(officer_client, case, django_assert_max_num_queries):
    def grow(plan, n):
        for i in range(n):
            PlanStepFactory(plan=plan, party=A, text=f"Applicant step {i}")
            PlanStepFactory(plan=plan, party=C, text=f"Council step {i}", done_on=timezone.localdate())

    v1 = PlanFactory(case=case, superseded_at=timezone.now())
    grow(v1, 2)
    v2 = PlanFactory(case=case, version=2)
    grow(v2, 2)
    officer_client.get(v2.get_absolute_url())  # warm up the session and permission caches
    with django_assert_max_num_queries(14) as few:
        officer_client.get(v2.get_absolute_url())
    for version in range(3, 8):
        v2.superseded_at = timezone.now()
        v2.save()
        v2 = PlanFactory(case=case, version=version)
        grow(v2, 4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = officer_client.get(v2.get_absolute_url())
    assert response.text.count("Mark done") == 4


def test_the_case_page_section_runs_a_fixed_number_of_queries(case, django_assert_num_queries):
    services.assessment_save(
        case=case, circumstances="Asked to leave.", housing_needs="A room.", support_needs="Anxiety", by=case.officer
    )
    plan = PlanFactory(case=case)
    for i in range(6):
        PlanStepFactory(plan=plan, party=C, text=f"Step {i}", done_on=timezone.localdate() if i % 2 else None)
    request = RequestFactory().get("/")
    request.user = case.officer
    request.user.has_perm("casework.view_personalisedhousingplan")  # load the permission cache
    with django_assert_num_queries(5):  # assessment, plan, its steps, version count, the access log entry
        context = plan_section(request, case)
    assert (context["steps_done"], context["steps_total"], context["plan"]) == (3, 6, plan)
    log = AccessLog.objects.get()
    assert (log.user, log.object_id, log.what) == (case.officer, case.pk, ASSESSMENT_READ)
