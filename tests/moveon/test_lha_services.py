"""Bedroom need under the LHA size criteria, the shared accommodation rate, and the rate in force on a day."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from moveon import rules
from moveon.models import LHARate
from moveon.services.lha import bedroom_need, case_bedroom_need, rate_in_force
from tests.casework.factories import CaseFactory, HouseholdMemberFactory
from tests.moveon.factories import BroadRentalMarketAreaFactory, LHARateFactory

ON = datetime.date(2026, 12, 3)


def born(years, months=0):
    return datetime.date(ON.year - years, ON.month, ON.day) - datetime.timedelta(days=months * 30)


def member(relationship, age=None):
    return SimpleNamespace(relationship=relationship, date_of_birth=None if age is None else born(age))


def test_a_single_person_under_35_is_assessed_at_the_shared_rate():
    need = bedroom_need(applicant_born=born(34), household=[], on=ON)
    assert need.category == LHARate.Category.SHARED
    assert any(rules.SHARED_RATE_SOURCE in line for line in need.working)


def test_a_single_person_turning_35_today_gets_the_one_bedroom_rate():
    need = bedroom_need(applicant_born=born(35), household=[], on=ON)
    assert need.category == LHARate.Category.ONE
    assert need.bedrooms == 1


def test_a_couple_under_35_share_one_bedroom_at_the_one_bedroom_rate():
    need = bedroom_need(applicant_born=born(22), household=[member("partner", 23)], on=ON)
    assert (need.bedrooms, need.category) == (1, LHARate.Category.ONE)


def test_two_children_under_10_share_whatever_their_sex():
    need = bedroom_need(applicant_born=born(30), household=[member("child", 3), member("child", 8)], on=ON)
    assert (need.bedrooms, need.category) == (2, LHARate.Category.TWO)


def test_three_children_under_10_need_two_rooms_and_an_adult_child_their_own():
    household = [member("partner", 40), member("child", 2), member("child", 5), member("child", 9), member("child", 17)]
    need = bedroom_need(applicant_born=born(40), household=household, on=ON)
    assert need.bedrooms == 1 + 2 + 1
    assert need.category == LHARate.Category.FOUR


def test_children_10_to_15_are_counted_separately_as_their_sex_is_not_recorded():
    need = bedroom_need(applicant_born=born(40), household=[member("child", 11), member("child", 13)], on=ON)
    assert need.bedrooms == 3
    assert any("sex is not recorded" in line for line in need.working)


def test_large_households_are_capped_at_the_four_bedroom_category():
    household = [member("child", age) for age in (10, 12, 14, 16, 18)]
    need = bedroom_need(applicant_born=born(45), household=household, on=ON)
    assert need.bedrooms == 6
    assert need.category == LHARate.Category.FOUR


@pytest.mark.django_db
def test_a_cases_household_is_read_from_casework():
    case = CaseFactory(person__date_of_birth=born(29))
    HouseholdMemberFactory(case=case, relationship="child", date_of_birth=born(4))
    need = case_bedroom_need(case, on=ON)
    assert (need.bedrooms, need.category) == (2, LHARate.Category.TWO)


@pytest.mark.django_db
def test_the_rate_in_force_is_the_latest_valid_from_on_or_before_the_day():
    brma = BroadRentalMarketAreaFactory(name="Anytown")
    LHARateFactory(brma=brma, category="2", weekly_rate=Decimal("170.00"), valid_from=datetime.date(2025, 4, 1))
    LHARateFactory(brma=brma, category="2", weekly_rate=Decimal("180.00"), valid_from=datetime.date(2026, 4, 1))
    LHARateFactory(brma=brma, category="1", weekly_rate=Decimal("140.00"), valid_from=datetime.date(2026, 4, 1))
    LHARateFactory(category="2", weekly_rate=Decimal("999.00"), valid_from=datetime.date(2026, 4, 1))
    assert rate_in_force(brma=brma, category="2", on=datetime.date(2026, 3, 31)).weekly_rate == Decimal("170.00")
    assert rate_in_force(brma=brma, category="2", on=datetime.date(2026, 4, 1)).weekly_rate == Decimal("180.00")
    assert rate_in_force(brma=brma, category="2", on=datetime.date(2025, 3, 31)) is None
    assert rate_in_force(brma=None, category="2", on=ON) is None
