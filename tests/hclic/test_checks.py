"""Stored check results: the readiness page validates only new and changed cases and one page, so its cost
does not grow with the quarter; any change to what the checks read makes a case be checked again."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts import roles
from casework.models import Case, HouseholdMember
from hclic.models import HclicCaseCheck
from hclic.quarters import Quarter
from hclic.services import checks
from hclic.tasks import check_hclic_cases
from tests.accounts.factories import UserFactory
from tests.casework.factories import hclic
from tests.hclic.factories import ready

pytestmark = pytest.mark.django_db
Q3 = Quarter.parse("2026Q3")
D = datetime.date


@pytest.fixture(autouse=True)
def _after_the_quarter():
    with time_machine.travel(datetime.datetime(2026, 10, 5, 10, tzinfo=datetime.UTC), tick=False):
        yield


def page(number=1):
    return checks.readiness_page(Q3, Case.objects.all(), number)


def test_first_visit_stores_every_result_and_lists_the_failing():
    good, bad = ready(day=6), ready(day=7, reason_for_loss=None)
    found = page()
    assert [f.reference for f in found.failures] == [bad.reference]
    assert found.paginator.count == 1
    stored = {c.case_id: c for c in HclicCaseCheck.objects.all()}
    assert stored[good.pk].failing is False and stored[good.pk].problems == []
    assert stored[bad.pk].problems == ["reason_for_loss"]


def test_an_edit_to_the_case_or_what_the_checks_read_forgets_its_result():
    case = ready(reason_for_loss=None)
    page()
    case.reason_for_loss = hclic("reason_loss_settled_home", "FAMILY_OR_FRIENDS_NO_LONGER_WILLING")
    case.save()
    assert not HclicCaseCheck.objects.filter(case=case).exists()
    assert page().paginator.count == 0

    HouseholdMember.objects.create(case=case, name="Sam", relationship=HouseholdMember.Relationship.CHILD)
    assert not HclicCaseCheck.objects.filter(case=case).exists()
    page()
    case.duties.get().delete()
    assert not HclicCaseCheck.objects.filter(case=case).exists()
    page()
    case.assessment.delete()
    assert not HclicCaseCheck.objects.filter(case=case).exists()


def test_a_second_visit_validates_only_the_page_whatever_the_quarter_holds(django_assert_num_queries):
    """With results stored, the visit is a fixed number of queries and validates at most one page of cases,
    however many cases the quarter reports (here 60 failing: more than a page)."""
    for day in range(1, 31):
        ready(day=day, reason_for_loss=None)
        ready(day=day, reason_for_loss=None)
    page()
    validated = []
    original = checks.problems

    def counting(case):
        validated.append(case.pk)
        return original(case)

    checks.problems = counting
    try:
        # what is unchecked, the count, the page, its cases (3), a savepoint, the store, its release
        with django_assert_num_queries(9):
            second = page(2)
    finally:
        checks.problems = original
    assert second.paginator.count == 60 and len(second.failures) == 10
    assert len(validated) == 10


def test_a_stale_passing_result_is_corrected_when_shown():
    """A result stored while an edit bypassed the model is put right the next time its case is on a page."""
    case = ready(reason_for_loss=None)
    page()
    HclicCaseCheck.objects.filter(case=case).update(problems=["eligibility"])
    assert [p.check for p in page().failures[0].problems] == ["reason_for_loss"]
    assert HclicCaseCheck.objects.get(case=case).problems == ["reason_for_loss"]


def test_the_nightly_task_checks_changed_cases_and_the_weekly_one_everything():
    ready(day=6)
    ready(day=7, reason_for_loss=None)
    assert check_hclic_cases() == 2
    assert check_hclic_cases() == 0
    Case.objects.update(reason_for_loss=None)  # a bulk update: no signal
    assert HclicCaseCheck.objects.failing().count() == 1
    assert check_hclic_cases(full=True) == 2
    assert HclicCaseCheck.objects.failing().count() == 2


def test_the_readiness_page_pages_through_failing_cases(client):
    for day in range(1, 27):
        ready(day=day, reason_for_loss=None)
        ready(day=day, reason_for_loss=None)
    client.force_login(UserFactory(role=roles.ADMINISTRATOR))
    first = client.get(reverse("hclic:readiness"), {"quarter": "2026Q3"}).content.decode()
    second = client.get(reverse("hclic:readiness"), {"quarter": "2026Q3", "page": 2}).content.decode()
    assert "52 cases would fail" in first and "52 cases would fail" in second
    shown = lambda html: {c.reference for c in Case.objects.all() if c.reference in html}  # noqa: E731
    assert len(shown(first)) == 50 and len(shown(second)) == 2
