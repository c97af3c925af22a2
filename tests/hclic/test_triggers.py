"""Which cases a quarter reports (hclic.rules, hclic.quarters.reportable_cases)."""

import datetime

import pytest
import time_machine

from casework.models import Case, Duty
from hclic.quarters import Quarter, reportable_cases, triggers_of
from tests.hclic.factories import assessment, case_on, duty, placement

pytestmark = pytest.mark.django_db
Q3 = Quarter.parse("2026Q3")
D = datetime.date


@pytest.fixture(autouse=True)
def _after_the_quarter():
    with time_machine.travel(datetime.datetime(2026, 10, 5, 10, tzinfo=datetime.UTC), tick=False):
        yield


def reported():
    return set(reportable_cases(Q3).values_list("pk", flat=True))


def test_quarter_bounds():
    assert (Q3.start, Q3.end) == (D(2026, 7, 1), D(2026, 9, 30))
    assert Quarter.parse("2026q4").end == D(2026, 12, 31)
    assert Quarter.parse("2027Q1").end == D(2027, 3, 31)
    assert Quarter.containing(D(2026, 9, 30)) == Q3
    assert Quarter.containing(D(2026, 10, 1)) == Quarter(2026, 4)
    assert Q3.previous() == Quarter(2026, 2) and Quarter(2026, 1).previous() == Quarter(2025, 4)
    assert str(Q3) == "2026Q3"
    for bad in ["2026Q5", "Q3", "2026-07", ""]:
        with pytest.raises(ValueError):
            Quarter.parse(bad)


@pytest.mark.parametrize(
    ("started", "inside"),
    [(D(2026, 6, 30), False), (D(2026, 7, 1), True), (D(2026, 9, 30), True), (D(2026, 10, 1), False)],
)
def test_a_duty_owed_in_the_quarter_is_reported_on_its_boundaries(started, inside):
    case = case_on(started)
    duty(case, started_on=started)
    assert (case.pk in reported()) is inside


def test_a_duty_ending_in_the_quarter_reports_a_case_opened_before_it():
    case = case_on(D(2026, 5, 1))
    duty(case, started_on=D(2026, 5, 1), ended_on=D(2026, 7, 1), end_reason=Duty.EndReason.BECAME_HOMELESS)
    assert case.pk in reported()
    assert triggers_of(reportable_cases(Q3).get(), Q3) == ["A duty changed or ended"]


def test_moving_between_duties_is_reported():
    case = case_on(D(2026, 5, 1))
    duty(case, started_on=D(2026, 5, 1), ended_on=D(2026, 6, 26), end_reason=Duty.EndReason.DAYS_ELAPSED)
    duty(case, kind=Duty.Kind.RELIEF, started_on=D(2026, 6, 26))
    assert case.pk not in reported()  # nothing happened in July to September
    duty(case, kind=Duty.Kind.INTERIM, started_on=D(2026, 8, 3))
    assert case.pk in reported()


def test_an_assessment_in_the_quarter_reports_a_case_owed_a_duty():
    case = case_on(D(2026, 6, 20))
    duty(case, started_on=D(2026, 6, 20))
    assessment(case, completed_on=D(2026, 7, 2))
    assert triggers_of(reportable_cases(Q3).get(), Q3) == ["Assessed (s189A)"]


def test_moving_into_temporary_accommodation_is_reported():
    case = case_on(D(2026, 6, 1), homeless_tonight=True)
    interim = duty(case, kind=Duty.Kind.INTERIM, started_on=D(2026, 6, 1))
    placement(case, interim, D(2026, 6, 1), ended_on=D(2026, 6, 10))
    assert case.pk not in reported()
    placement(case, interim, D(2026, 9, 30))
    assert "Moved into temporary accommodation" in triggers_of(reportable_cases(Q3).get(), Q3)


def test_closing_a_case_owed_a_duty_is_reported():
    case = case_on(D(2026, 4, 1))
    duty(case, started_on=D(2026, 4, 1), ended_on=D(2026, 6, 1), end_reason=Duty.EndReason.ACCOMMODATION_SECURED)
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED, closed_on=D(2026, 9, 30))
    assert triggers_of(reportable_cases(Q3).get(), Q3) == ["Case closed"]
    Case.objects.filter(pk=case.pk).update(closed_on=D(2026, 10, 1))
    assert case.pk not in reported()


def test_advice_only_cases_are_left_out():
    case = case_on(D(2026, 7, 10), triage_outcome=Case.TriageOutcome.ADVICE_ONLY)
    assessment(case, completed_on=D(2026, 7, 10))
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED, closed_on=D(2026, 7, 11))
    assert case.pk not in reported()


def test_an_advice_only_case_placed_in_temporary_accommodation_is_reported():
    """A placement always hangs on a duty in Hearth; the rule still reads the placement, not the duty."""
    case = case_on(D(2026, 7, 10))
    interim = duty(case, kind=Duty.Kind.INTERIM, started_on=D(2026, 7, 10))
    placement(case, interim, D(2026, 7, 10))
    Duty.objects.filter(pk=interim.pk).update(started_on=D(2026, 10, 2))  # as if owed only later
    assert case.pk in reported()


def test_each_case_once_however_many_triggers():
    case = case_on(D(2026, 7, 1))
    first = duty(case, started_on=D(2026, 7, 1), ended_on=D(2026, 8, 1), end_reason=Duty.EndReason.BECAME_HOMELESS)
    assessment(case, completed_on=D(2026, 7, 3))
    interim = duty(case, kind=Duty.Kind.INTERIM, started_on=D(2026, 8, 1))
    placement(case, interim, D(2026, 8, 1))
    assert list(reportable_cases(Q3).values_list("pk", flat=True)) == [case.pk]
    assert first.pk


def test_the_whole_quarter_is_one_query(django_assert_num_queries):
    for day in range(1, 6):
        duty(case_on(D(2026, 7, day)), started_on=D(2026, 7, day))
    with django_assert_num_queries(1):
        assert len(list(reportable_cases(Q3))) == 5
