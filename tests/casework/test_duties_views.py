"""The duties and decisions section of the case page, and the pages that start and end duties."""

import re
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from casework import sections
from casework.models import Case, Duty, MainDutyDecision
from casework.views.duties import duties_section
from core.clocks import LONDON
from tests.accounts.factories import UserFactory
from tests.casework.factories import CaseFactory, DutyFactory, MainDutyDecisionFactory, MediationFactory, hclic
from tests.casework.scoping import case_for

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 1)
K, R = Duty.Kind, Duty.EndReason


@pytest.fixture(autouse=True)
def on_1_december_2026():
    with time_machine.travel(datetime(2026, 12, 1, 10, 0, tzinfo=LONDON), tick=False):
        yield


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


@pytest.fixture
def officer():
    return UserFactory(role=roles.PREVENTION_OFFICER)


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def my_case(officer, **kwargs):
    kwargs.setdefault("approached_on", days_ago(70))
    return case_for(officer, **kwargs)


def text(response) -> str:
    return " ".join(response.content.decode().split())


# ---------------------------------------------------------------- the case-page section


def render_section(officer, case) -> str:
    request = RequestFactory().get(case.get_absolute_url())
    request.user = officer
    section = next(s for s in sections.sections() if s.name == "duties")
    extra = duties_section(request, case)
    context = {"case": case, "today": TODAY, **extra, "section": section}
    return " ".join(render_to_string(section.template, context, request=request).split())


def test_section_is_registered_at_order_20():
    section = next(s for s in sections.sections() if s.name == "duties")
    assert (section.title, section.order) == ("Duties and decisions", 20)


def test_section_shows_an_open_duty_with_its_day_and_56_day_point(officer):
    case = my_case(officer)
    DutyFactory(case=case, kind=K.PREVENTION, started_on=days_ago(30))
    html = render_section(officer, case)
    assert "Prevention duty (s195)" in html
    assert "Day 31" in html
    assert "27 December 2026" in html  # started 1 November + 56 days
    assert "26 days left" in html
    assert "tag--overdue" not in html
    assert reverse("casework:duty_end", args=[case.duties.get().pk]) in html


@pytest.mark.parametrize(
    ("started", "shown"),
    [
        (42, "14 days left"),
        (49, "7 days left"),
        (56, "The 56-day point is today"),
        (60, "4 days past the 56-day point"),
    ],
)
def test_section_tags_a_duty_with_14_or_fewer_days_left_or_past_its_point(officer, started, shown):
    case = my_case(officer)
    DutyFactory(case=case, kind=K.PREVENTION, started_on=days_ago(started))
    html = render_section(officer, case)
    assert f'<strong class="tag tag--overdue">{shown}</strong>' in html


def test_section_warns_when_a_valid_notice_is_running(officer):
    case = my_case(
        officer,
        notice_type=Case.Notice.SECTION_21,
        notice_expires_on=TODAY + timedelta(days=20),
        notice_valid=True,
    )
    DutyFactory(case=case, kind=K.PREVENTION, started_on=days_ago(60))
    html = render_section(officer, case)
    assert "A valid section 21 notice (housing act 1988) is running" in html
    assert "cannot end because 56 days have passed while it runs (s195(6))" in html
    case.notice_valid = False
    case.save()
    assert "is running" not in render_section(officer, case)


def test_section_shows_how_an_ended_duty_ended(officer):
    case = my_case(officer)
    mediation = MediationFactory(case=case)
    DutyFactory(
        case=case,
        started_on=days_ago(40),
        ended_on=days_ago(2),
        end_reason=R.ACCOMMODATION_SECURED,
        secured=Duty.Secured.STAYED,
        end_note="Mum agreed they can stay.",
        mediation_outcome=mediation,
        ended_by=officer,
    )
    html = render_section(officer, case)
    assert "29 November 2026 (after 39 days)" in html
    assert "Suitable accommodation secured for at least 6 months: stayed in their home" in html
    assert "Mum agreed they can stay." in html
    assert str(mediation) in html
    assert "duty_end" not in html and "/end/" not in html


def test_section_offers_only_the_duties_that_could_start(officer):
    case = my_case(officer)
    start_url = reverse("casework:duty_start", args=[case.pk])
    html = render_section(officer, case)
    assert f"{start_url}?kind=prevention" in html
    assert "?kind=relief" not in html and "?kind=interim" not in html and "?kind=main" not in html
    DutyFactory(case=case, kind=K.PREVENTION)
    assert "?kind=" not in render_section(officer, case)


def test_section_shows_decisions_with_the_review_deadline_and_window(officer):
    case = my_case(officer, homeless_tonight=True)
    open_one = MainDutyDecisionFactory(
        case=case, outcome=MainDutyDecision.Outcome.NO_PRIORITY, decided_on=days_ago(20), letter_sent_on=days_ago(19)
    )
    MainDutyDecisionFactory(
        case=case,
        outcome=MainDutyDecision.Outcome.INTENTIONAL,
        decided_on=days_ago(40),
        letter_sent_on=days_ago(40),
        priority_need=hclic("priority_need", "OLD_AGE"),
    )
    html = render_section(officer, case)
    assert "They can ask for a review until 3 December 2026" in html
    assert '<span class="tag tag--overdue">Window open: 2 days left</span>' in html
    assert "The 21 days to ask for a review ended on 12 November 2026" in html
    assert "Old age" in html
    assert reverse("casework:review_request", args=[open_one.pk]) in html
    assert reverse("casework:decision_create", args=[case.pk]) in html


def test_section_hides_change_links_from_a_support_worker(officer):
    worker = UserFactory(role=roles.SUPPORT_WORKER)
    case = my_case(officer)
    case.named_workers.add(worker)
    DutyFactory(case=case)
    html = render_section(worker, case)
    assert "Prevention duty (s195)" in html
    assert "/end/" not in html and "?kind=" not in html and "decisions/new" not in html


def test_section_queries_do_not_grow_with_the_number_of_duties(officer, django_assert_max_num_queries):
    def count(case) -> int:
        fresh = type(officer).objects.get(pk=officer.pk)  # permissions not cached yet, as on a real request
        with CaptureQueriesContext(connection) as queries:
            render_section(fresh, case)
        return len(queries)

    small = my_case(officer, homeless_tonight=True)
    DutyFactory(case=small, kind=K.RELIEF)
    MainDutyDecisionFactory(case=small, decided_on=days_ago(3))
    big = my_case(officer, homeless_tonight=True)
    need = hclic("priority_need", "OLD_AGE")
    for n in range(6):
        DutyFactory(
            case=big, kind=K.RELIEF, started_on=days_ago(60 - n), ended_on=days_ago(50 - n), end_reason="withdrew"
        )
        MainDutyDecisionFactory(case=big, decided_on=days_ago(10 + n), priority_need=need)
    DutyFactory(case=big, kind=K.RELIEF, started_on=days_ago(5))
    assert count(big) == count(small)
    fresh = type(officer).objects.get(pk=officer.pk)
    # the duties, the decisions; permissions (2) and the base context processors (2)
    with django_assert_max_num_queries(6):
        render_section(fresh, big)


def test_case_page_shows_the_section(officer_client, officer):
    case = my_case(officer)
    DutyFactory(case=case, started_on=days_ago(10))
    response = officer_client.get(case.get_absolute_url())
    assert response.status_code == 200
    page = text(response)
    assert '<h2 id="duties-heading">Duties and decisions</h2>' in page
    assert "Day 11" in page


# ---------------------------------------------------------------- start a duty


def test_start_form_prefills_the_kind_from_the_link(officer_client, officer):
    case = my_case(officer)
    response = officer_client.get(reverse("casework:duty_start", args=[case.pk]) + "?kind=prevention")
    assert response.status_code == 200
    assert re.search(r'value="prevention"[^>]* checked', text(response))


def test_starting_a_duty_saves_it_and_returns_to_the_section(officer_client, officer):
    case = my_case(officer)
    url = reverse("casework:duty_start", args=[case.pk])
    response = officer_client.post(url, {"kind": "prevention", "started_on": "2026-11-28"})
    assert response.status_code == 302
    assert response.url == f"{case.get_absolute_url()}#duties"
    duty = case.duties.get()
    assert (duty.kind, duty.started_on, duty.started_by) == (K.PREVENTION, date(2026, 11, 28), officer)


def test_a_duty_the_act_does_not_allow_re_renders_with_the_reason_and_saves_nothing(officer_client, officer):
    case = my_case(officer)
    response = officer_client.post(
        reverse("casework:duty_start", args=[case.pk]), {"kind": "relief", "started_on": "2026-11-28"}
    )
    assert response.status_code == 200
    assert "The relief duty is owed when someone is homeless. Record that in the triage first." in text(response)
    assert not case.duties.exists()


def test_a_future_start_date_is_shown_on_its_field(officer_client, officer):
    case = my_case(officer)
    response = officer_client.post(
        reverse("casework:duty_start", args=[case.pk]), {"kind": "prevention", "started_on": "2026-12-02"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"started_on": ["The start date cannot be in the future."]}
    assert not case.duties.exists()


# ---------------------------------------------------------------- end a duty


def test_end_form_offers_only_the_reasons_that_kind_allows(officer_client, officer):
    case = my_case(officer, homeless_tonight=True, reason_to_believe_priority_need=True)
    duty = DutyFactory(case=case, kind=K.INTERIM)
    response = officer_client.get(reverse("casework:duty_end", args=[duty.pk]))
    choices = [value for value, _ in response.context["form"].fields["reason"].choices]
    assert R.RELIEF_ENDED in choices and R.BECAME_HOMELESS not in choices and R.DAYS_ELAPSED not in choices
    assert "secured" not in response.context["form"].fields  # no clock: stayed/moved is not asked
    assert "warning_notice_on" not in response.context["form"].fields


def test_end_form_prefills_from_the_mediation_page_link(officer_client, officer):
    case = my_case(officer)
    duty = DutyFactory(case=case, started_on=days_ago(20))
    mediation = MediationFactory(case=case)
    url = reverse("casework:duty_end", args=[duty.pk])
    response = officer_client.get(f"{url}?reason=accommodation_secured&secured=stayed&mediation={mediation.pk}")
    form = response.context["form"]
    assert form.initial["reason"] == "accommodation_secured"
    assert form.initial["secured"] == "stayed"
    assert form.initial["mediation"] == mediation.pk
    page = text(response)
    assert re.search(r'value="accommodation_secured"[^>]* checked', page)
    assert re.search(r'value="stayed"[^>]* checked', page)
    assert f'<option value="{mediation.pk}" selected>' in page


def test_end_form_ignores_link_values_that_do_not_belong_to_the_duty(officer_client, officer):
    duty = DutyFactory(case=my_case(officer), started_on=days_ago(20))
    other = MediationFactory()
    url = reverse("casework:duty_end", args=[duty.pk])
    response = officer_client.get(f"{url}?reason=main_duty_decided&secured=sideways&mediation={other.pk}")
    initial = response.context["form"].initial
    assert "reason" not in initial and "secured" not in initial and "mediation" not in initial


def test_ending_with_a_mediation_outcome_records_it(officer_client, officer):
    case = my_case(officer)
    duty = DutyFactory(case=case, started_on=days_ago(20))
    mediation = MediationFactory(case=case)
    response = officer_client.post(
        reverse("casework:duty_end", args=[duty.pk]),
        {"reason": "accommodation_secured", "secured": "stayed", "mediation": mediation.pk, "ended_on": "2026-12-01"},
    )
    assert response.status_code == 302
    assert response.url == f"{case.get_absolute_url()}#duties"
    duty.refresh_from_db()
    assert (duty.end_reason, duty.secured, duty.mediation_outcome) == (R.ACCOMMODATION_SECURED, "stayed", mediation)


def test_ending_before_the_56_days_are_up_re_renders_and_changes_nothing(officer_client, officer):
    duty = DutyFactory(case=my_case(officer), started_on=days_ago(20))
    response = officer_client.post(
        reverse("casework:duty_end", args=[duty.pk]), {"reason": "56_days_elapsed", "ended_on": "2026-12-01"}
    )
    assert response.status_code == 200
    assert "The 56 days are not up until 6 January 2027" in response.context["form"].errors["reason"][0]
    duty.refresh_from_db()
    assert duty.is_open and duty.end_reason == ""


def test_a_reason_the_kind_does_not_allow_is_refused_by_the_form(officer_client, officer):
    duty = DutyFactory(case=my_case(officer, homeless_tonight=True), kind=K.RELIEF)
    response = officer_client.post(
        reverse("casework:duty_end", args=[duty.pk]), {"reason": "became_homeless", "ended_on": "2026-12-01"}
    )
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    duty.refresh_from_db()
    assert duty.is_open


def test_becoming_homeless_through_the_page_opens_relief(officer_client, officer):
    duty = DutyFactory(case=my_case(officer), started_on=days_ago(20))
    response = officer_client.post(
        reverse("casework:duty_end", args=[duty.pk]),
        {"reason": "became_homeless", "ended_on": "2026-11-30"},
        follow=True,
    )
    assert "The relief duty started the same day." in text(response)
    assert duty.case.duties.get(ended_on__isnull=True).kind == K.RELIEF


def test_an_ended_duty_goes_back_to_the_case(officer_client, officer):
    duty = DutyFactory(case=my_case(officer), started_on=days_ago(20), ended_on=days_ago(1), end_reason="withdrew")
    response = officer_client.get(reverse("casework:duty_end", args=[duty.pk]))
    assert response.status_code == 302
    assert response.url == f"{duty.case.get_absolute_url()}#duties"


def test_a_support_worker_cannot_end_a_duty_they_can_read(client, officer):
    worker = UserFactory(role=roles.SUPPORT_WORKER)
    case = my_case(officer)
    case.named_workers.add(worker)
    duty = DutyFactory(case=case, started_on=days_ago(20))
    client.force_login(worker)
    response = client.post(
        reverse("casework:duty_end", args=[duty.pk]), {"reason": "withdrew", "ended_on": "2026-12-01"}
    )
    assert response.status_code == 403
    duty.refresh_from_db()
    assert duty.is_open


def test_an_officer_cannot_end_a_duty_on_another_officers_case(officer_client, officer):
    duty = DutyFactory(case=CaseFactory())  # another team's case, with its own officer
    response = officer_client.get(reverse("casework:duty_end", args=[duty.pk]))
    assert response.status_code == 404


# ---------------------------------------------------------------- decisions and reviews


def test_a_decision_with_its_letter_before_it_re_renders_and_saves_nothing(officer_client, officer):
    case = my_case(officer, homeless_tonight=True)
    response = officer_client.post(
        reverse("casework:decision_create", args=[case.pk]),
        {"outcome": "no_priority", "decided_on": "2026-11-30", "letter_sent_on": "2026-11-29", "reasons": "Because."},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "letter_sent_on": ["The letter cannot be sent before the decision was made."]
    }
    assert not MainDutyDecision.objects.exists()


def test_recording_a_decision_says_when_the_review_window_closes(officer_client, officer):
    case = my_case(officer, homeless_tonight=True)
    need = hclic("priority_need", "HOUSEHOLD_INCLUDES_DEPENDENT_CHILDREN")
    response = officer_client.post(
        reverse("casework:decision_create", args=[case.pk]),
        {
            "outcome": "accepted",
            "priority_need": need.pk,
            "decided_on": "2026-11-30",
            "letter_sent_on": "2026-12-01",
            "reasons": "Homeless with two children.",
        },
        follow=True,
    )
    assert "They can ask for a review until 22 December 2026." in text(response)
    decision = case.decisions.get()
    assert (decision.priority_need, decision.decided_by) == (need, officer)


def test_the_decision_form_offers_only_the_priority_need_list(officer_client, officer):
    case = my_case(officer, homeless_tonight=True)
    response = officer_client.get(reverse("casework:decision_create", args=[case.pk]))
    lists = set(response.context["form"].fields["priority_need"].queryset.values_list("list_id", flat=True))
    assert lists == {"priority_need"}


def test_a_late_review_request_without_a_note_re_renders(officer_client, officer):
    decision = MainDutyDecisionFactory(
        case=my_case(officer, homeless_tonight=True), decided_on=days_ago(30), letter_sent_on=days_ago(30)
    )
    url = reverse("casework:review_request", args=[decision.pk])
    response = officer_client.post(url, {"requested_on": "2026-12-01", "note": ""})
    assert response.status_code == 200
    assert "Record why the council agreed to a late review." in response.context["form"].errors["note"][0]
    decision.refresh_from_db()
    assert decision.review_requested_on is None
    response = officer_client.post(url, {"requested_on": "2026-12-01", "note": "Letter went to the old address."})
    assert response.status_code == 302
    assert response.url == f"{decision.case.get_absolute_url()}#duties"
    decision.refresh_from_db()
    assert decision.review_requested_on == TODAY


def test_a_review_already_requested_goes_back_to_the_case(officer_client, officer):
    decision = MainDutyDecisionFactory(
        case=my_case(officer, homeless_tonight=True), decided_on=days_ago(5), review_requested_on=days_ago(1)
    )
    response = officer_client.get(reverse("casework:review_request", args=[decision.pk]))
    assert response.status_code == 302
    assert response.url == f"{decision.case.get_absolute_url()}#duties"
