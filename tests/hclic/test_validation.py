"""Every H-CLIC check: its message and link, and that the fixed case passes."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from casework.models import Case, Duty, HouseholdMember
from hclic.validation import CHECKS, checked_cases, problems
from tests.casework.factories import HouseholdMemberFactory, hclic
from tests.hclic.factories import assessment, case_on, duty

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def _in_the_quarter():
    with time_machine.travel(datetime.datetime(2026, 9, 1, 10, tzinfo=datetime.UTC), tick=False):
        yield


def ready_case(**kwargs):
    """A prevention case with everything the return needs."""
    kwargs.setdefault("accommodation_at_approach", hclic("accommodation_at_application", "LIVING_WITH_FAMILY"))
    kwargs.setdefault("household_composition", hclic("household_composition", "SINGLE_ADULT_FEMALE"))
    case = case_on(D(2026, 7, 6), **kwargs)
    duty(case, started_on=D(2026, 7, 6))
    assessment(case, completed_on=D(2026, 7, 8))
    return case


def found(case):
    return {p.check: p for p in problems(checked_cases(Case.objects.filter(pk=case.pk)).get())}


def test_a_ready_case_has_no_problems():
    assert found(ready_case()) == {}


def test_reason_for_loss_missing_then_fixed():
    case = ready_case(reason_for_loss=None)
    problem = found(case)["reason_for_loss"]
    assert "reason they lost, or are losing, their last settled home" in problem.message
    assert problem.url == f"/prevention/cases/{case.pk}/triage/#id_reason_for_loss"
    assert problem.kind == "missing"
    case.reason_for_loss = hclic("reason_loss_settled_home", "FAMILY_OR_FRIENDS_NO_LONGER_WILLING")
    case.save()
    assert found(case) == {}


def test_accommodation_at_application_missing_then_fixed():
    case = ready_case(accommodation_at_approach=None)
    problem = found(case)["current_accommodation"]
    assert "(item 1.13)" in problem.message and problem.url.endswith("#id_accommodation_at_approach")
    case.accommodation_at_approach = hclic("accommodation_at_application", "LIVING_WITH_FAMILY")
    case.save()
    assert found(case) == {}


def test_household_type_missing_then_fixed():
    case = ready_case(household_composition=None)
    problem = found(case)["household_type"]
    assert problem.message == "The household type is not recorded (item 1.8)."
    assert problem.url.endswith(f"/cases/{case.pk}/details/#id_household_composition")
    case.household_composition = hclic("household_composition", "SINGLE_ADULT_FEMALE")
    case.save()
    assert found(case) == {}


def test_eligibility_unknown_then_fixed():
    case = ready_case(eligibility=Case.Eligibility.UNKNOWN)
    assert "'not yet known'" in found(case)["eligibility"].message
    Case.objects.filter(pk=case.pk).update(eligibility=Case.Eligibility.ELIGIBLE)
    assert found(case) == {}


def test_assessment_missing_then_fixed():
    case = ready_case()
    case.assessment.delete()
    problem = found(case)["assessment_missing"]
    assert "assessment of their circumstances (s189A) is not recorded" in problem.message
    assert problem.url.endswith(f"/cases/{case.pk}/assessment/")
    assessment(case, completed_on=D(2026, 7, 8))
    assert found(case) == {}


def test_assessment_before_application_then_fixed():
    case = ready_case()
    case.assessment.completed_on = D(2026, 7, 1)
    case.assessment.save()
    problem = found(case)["assessment_before_application"]
    assert problem.message == (
        "The assessment date (1 July 2026) is before the date they applied (6 July 2026). "
        "DELTA refuses this (ASSESS_DATE)."
    )
    assert problem.kind == "contradiction"
    case.assessment.completed_on = D(2026, 7, 6)
    case.assessment.save()
    assert found(case) == {}


def test_homeless_prevention_with_settled_outcome_then_fixed():
    case = ready_case()
    prevention = case.duties.get()
    prevention.ended_on = D(2026, 8, 1)
    prevention.end_reason = Duty.EndReason.BECAME_HOMELESS
    prevention.accommodation_secured_type = hclic("accommodation_secured", "PRIVATE_RENTED_SECTOR")
    prevention.save()
    problem = found(case)["homeless_with_settled_outcome"]
    assert "'Private rented sector', which is settled" in problem.message and "ACCOM_PR" in problem.message
    assert problem.url.endswith("#duties")
    prevention.accommodation_secured_type = hclic("accommodation_secured", "STAYING_WITH_FAMILY")
    prevention.save()
    assert found(case) == {}


def test_interim_duty_while_prevention_owed_then_fixed():
    case = ready_case()
    duty(case, kind=Duty.Kind.INTERIM, started_on=D(2026, 8, 1))
    problem = found(case)["interim_while_prevention_owed"]
    assert problem.message.startswith("Interim accommodation (s188) began on 1 August 2026 while the prevention")
    assert "TADUTY" in problem.message
    case.duties.filter(kind=Duty.Kind.PREVENTION).update(
        ended_on=D(2026, 8, 1), end_reason=Duty.EndReason.BECAME_HOMELESS
    )
    duty(case, kind=Duty.Kind.RELIEF, started_on=D(2026, 8, 1))
    assert found(case) == {}


def test_partner_income_without_partner_then_fixed():
    case = ready_case(partner_income_weekly=Decimal("210.50"))
    problem = found(case)["partner_income_without_partner"]
    assert problem.message.startswith("A partner's income (£210.50 a week) is recorded, but there is no partner")
    assert problem.url.endswith("#id_partner_income_weekly")
    HouseholdMemberFactory(case=case, relationship=HouseholdMember.Relationship.PARTNER, date_of_birth=None)
    assert found(case) == {}


def test_secured_without_accommodation_type_then_fixed():
    case = ready_case()
    prevention = case.duties.get()
    prevention.ended_on = D(2026, 8, 20)
    prevention.end_reason = Duty.EndReason.ACCOMMODATION_SECURED
    prevention.save()
    problem = found(case)["secured_without_outcome"]
    assert problem.message == (
        "The prevention duty ended with accommodation secured, but the type of accommodation secured is not "
        "recorded (item 4.8)."
    )
    prevention.accommodation_secured_type = hclic("accommodation_secured", "SOCIAL_RENTED_SECTOR")
    prevention.save()
    assert found(case) == {}


def test_every_check_is_tested_here():
    tested = {
        "reason_for_loss", "current_accommodation", "household_type", "eligibility", "assessment_missing",
        "assessment_before_application", "homeless_with_settled_outcome", "interim_while_prevention_owed",
        "partner_income_without_partner", "secured_without_outcome",
    }  # fmt: skip
    assert set(CHECKS) == tested


def test_checks_take_fixed_queries(django_assert_num_queries):
    for _ in range(5):
        ready_case(reason_for_loss=None)
    with django_assert_num_queries(3):
        assert all(problems(c) for c in checked_cases())
