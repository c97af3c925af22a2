"""The Part 7 clocks as people see them: My work, the caseload, the duties section."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from accounts import roles
from casework import sections
from casework.models import Case, Duty
from casework.mywork.duties import review_windows
from casework.services import duties as services
from casework.views.duties import duties_section
from core import mywork
from core.clocks import LONDON
from tests.accounts.factories import UserFactory
from tests.casework.factories import DutyFactory, MainDutyDecisionFactory
from tests.casework.scoping import case_for

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 1)
K = Duty.Kind


@pytest.fixture(autouse=True)
def on_1_december_2026():
    with time_machine.travel(datetime(2026, 12, 1, 10, 0, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def officer():
    return UserFactory(role=roles.PREVENTION_OFFICER)


def decision_on(officer, letter_days_ago: int, **kwargs):
    case = case_for(officer, approached_on=TODAY - timedelta(days=90), homeless_tonight=True)
    letter = TODAY - timedelta(days=letter_days_ago)
    return MainDutyDecisionFactory(case=case, decided_on=letter, letter_sent_on=letter, **kwargs)


# ---------------------------------------------------------------- the s202 review window on My work


def test_an_open_review_window_is_on_my_work_with_its_deadline(officer):
    opened = decision_on(officer, 5)
    last_day = decision_on(officer, 21)
    decision_on(officer, 22)  # closed yesterday
    decision_on(officer, 3, review_requested_on=TODAY)  # already asked for
    MainDutyDecisionFactory(decided_on=TODAY, letter_sent_on=TODAY)  # someone else's case
    items = [item for item in mywork.due_for(officer) if item.category == "Review window"]
    assert [item.due for item in items] == [TODAY, date(2026, 12, 17)]
    assert items[0].url == f"{last_day.case.get_absolute_url()}#duties"
    assert items[1].title.endswith("until 17 December 2026") and opened.case.person.name in items[1].title


def test_the_review_window_provider_runs_one_query(officer, django_assert_num_queries):
    for days in (1, 4, 9):
        decision_on(officer, days)
    with django_assert_num_queries(1):
        assert len(review_windows(officer)) == 3


# ---------------------------------------------------------------- the caseload's day labels


@pytest.mark.parametrize(
    ("day", "left"),
    [(55, "2 days left"), (56, "1 day left"), (57, "56-day point today")],
)
def test_the_caseload_names_the_day_of_the_duty_it_is(client, officer, day, left):
    """Day 1 is the day the duty began; the caseload once labelled day 57 "Day 56"."""
    case = case_for(officer, approached_on=TODAY - timedelta(days=day - 1))
    DutyFactory(case=case, started_on=TODAY - timedelta(days=day - 1))
    client.force_login(officer)
    cell = client.get(reverse("casework:caseload")).content.decode().split("<tbody>")[1]
    cell = " ".join(cell.split())
    assert f"Day {day}<br>" in cell and left in cell
    assert "Day 56:" not in cell


# ---------------------------------------------------------------- what the duties section offers


def section(user, case) -> dict:
    request = RequestFactory().get("/")
    request.user = user
    return duties_section(request, case)


def test_a_case_in_the_main_duty_is_not_offered_relief_or_prevention(officer):
    case = case_for(
        officer,
        approached_on=TODAY - timedelta(days=90),
        homeless_tonight=True,
        reason_to_believe_priority_need=True,
        threatened_within_56_days=True,
    )
    MainDutyDecisionFactory(case=case, decided_on=TODAY - timedelta(days=10))
    DutyFactory(case=case, kind=K.MAIN, started_on=TODAY - timedelta(days=10))
    offered = [kind for kind, _ in section(officer, case)["startable"]]
    assert K.RELIEF not in offered and K.PREVENTION not in offered and K.INTERIM not in offered


def test_starting_relief_on_a_main_duty_case_is_refused(officer):
    case = case_for(officer, approached_on=TODAY - timedelta(days=90), homeless_tonight=True)
    DutyFactory(case=case, kind=K.MAIN, started_on=TODAY - timedelta(days=10))
    with pytest.raises(services.DutyTransitionError, match="main housing duty is owed"):
        services.duty_start(case=case, kind=K.RELIEF, started_on=TODAY, by=officer)


# ---------------------------------------------------------------- a section 21 notice whose date has passed


def test_a_notice_whose_date_has_passed_is_not_described_as_running(officer):
    case = case_for(
        officer,
        approached_on=TODAY - timedelta(days=70),
        notice_type=Case.Notice.SECTION_21,
        notice_expires_on=TODAY - timedelta(days=3),
        notice_valid=True,
    )
    DutyFactory(case=case, kind=K.PREVENTION, started_on=TODAY - timedelta(days=60))
    client_html = " ".join(render(officer, case).split())
    assert "is running" not in client_html
    assert "expired on 28 November 2026" in client_html
    assert "still cannot be ended on the ground that 56 days have passed" in client_html


def render(user, case) -> str:
    request = RequestFactory().get(case.get_absolute_url())
    request.user = user
    section = next(s for s in sections.sections() if s.name == "duties")
    context = {"case": case, **duties_section(request, case), "section": section}
    return render_to_string(section.template, context, request=request)


def test_a_closed_case_is_not_in_the_review_window_list(officer):
    decision = decision_on(officer, 2)
    Case.objects.filter(pk=decision.case_id).update(status=Case.Status.CLOSED)
    assert review_windows(officer) == []


def test_the_end_duty_page_says_an_expired_notice_has_expired(client, officer):
    case = case_for(
        officer,
        approached_on=TODAY - timedelta(days=70),
        notice_type=Case.Notice.SECTION_21,
        notice_expires_on=TODAY - timedelta(days=3),
        notice_valid=True,
    )
    duty = DutyFactory(case=case, kind=K.PREVENTION, started_on=TODAY - timedelta(days=60))
    client.force_login(officer)
    page = " ".join(client.get(reverse("casework:duty_end", args=[duty.pk])).content.decode().split())
    assert "A valid notice expired on 28 November 2026." in page and "is running" not in page
