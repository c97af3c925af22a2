"""The Local Housing Allowance a household's rent is measured against: their bedroom need under the size
criteria, the LHA category that follows, and the rate in force in a broad rental market area on a day."""

from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta

from .. import rules
from ..models import LHARate

Category = LHARate.Category


def age_on(born: date | None, on: date) -> int | None:
    return None if born is None else relativedelta(on, born).years


@dataclass
class BedroomNeed:
    bedrooms: int
    category: str
    working: list[str] = field(default_factory=list)

    @property
    def category_label(self) -> str:
        return Category(self.category).label


def bedroom_need(*, applicant_born: date | None, household, on: date) -> BedroomNeed:
    """The bedrooms the household is allowed under the size criteria, and its LHA category.

    `household` is the case's `HouseholdMember`s (the applicant is not among them). Each person counts
    once, in the first group that applies: a couple; anyone else aged 16 or over; then children, under-10s
    paired with each other and, as sex is not recorded, children aged 10 to 15 counted as not sharing
    (the officer checks and may pair two of the same sex). An unborn child is not counted.
    """
    working = []
    members = list(household)
    partner = [m for m in members if m.relationship == "partner"]
    others = [m for m in members if m.relationship != "partner"]
    rooms = 1
    working.append("1 bedroom for the applicant" + (" and their partner" if partner else ""))
    adults, younger, older_children, unknown = 0, 0, 0, 0
    for member in others:
        age = age_on(member.date_of_birth, on)
        if age is None:
            unknown += 1
        elif age >= rules.ADULT_FROM:
            adults += 1
        elif age < rules.CHILDREN_SHARE_ANY_SEX_UNDER:
            younger += 1
        else:
            older_children += 1
    if adults:
        rooms += adults
        working.append(f"{adults} for other people aged {rules.ADULT_FROM} or over")
    if unknown:
        rooms += unknown
        working.append(f"{unknown} for people with no date of birth recorded (counted as adults)")
    if older_children:
        rooms += older_children
        working.append(
            f"{older_children} for children aged {rules.CHILDREN_SHARE_ANY_SEX_UNDER} to "
            f"{rules.CHILDREN_SHARE_SAME_SEX_UNDER - 1} (sex is not recorded: two of the same sex may share)"
        )
    if younger:
        rooms += (younger + 1) // 2
        working.append(
            f"{(younger + 1) // 2} for {younger} children under {rules.CHILDREN_SHARE_ANY_SEX_UNDER}, two to a room"
        )
    applicant_age = age_on(applicant_born, on)
    single = not members
    if single and applicant_age is not None and applicant_age < rules.SHARED_RATE_UNDER_AGE:
        working.append(
            f"A single person under {rules.SHARED_RATE_UNDER_AGE}: the shared accommodation rate "
            f"({rules.SHARED_RATE_SOURCE}), unless an exemption applies"
        )
        return BedroomNeed(bedrooms=1, category=Category.SHARED, working=working)
    capped = min(rooms, rules.LHA_MAX_BEDROOMS)
    if capped < rooms:
        working.append(f"LHA categories stop at {rules.LHA_MAX_BEDROOMS} bedrooms ({rules.LHA_MAX_BEDROOMS_SOURCE})")
    working.append(f"{rooms} bedroom{'s' if rooms != 1 else ''} in all ({rules.SIZE_CRITERIA_SOURCE})")
    return BedroomNeed(bedrooms=rooms, category=Category(str(capped)), working=working)


def case_bedroom_need(case, *, on: date) -> BedroomNeed:
    """A casework.Case's bedroom need from its applicant and household as recorded on `on`."""
    return bedroom_need(applicant_born=case.person.date_of_birth, household=case.household.all(), on=on)


def rate_in_force(*, brma, category: str, on: date) -> LHARate | None:
    """The LHA rate for a broad rental market area and category on a day: the latest valid from on or before it."""
    if brma is None:
        return None
    return LHARate.objects.in_force(brma=brma, category=category, on=on)
