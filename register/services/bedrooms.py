"""Bedroom need by the bedroom standard (see register.rules for the source and why this standard)."""

from dataclasses import dataclass
from datetime import date

from .. import rules


@dataclass(frozen=True)
class Occupant:
    name: str
    age: int
    sex: str = ""  # "female", "male" or "" (not known)
    partner: bool = False  # the applicant's partner (a couple shares a room)


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def bedroom_need(applicant: Occupant, others: list[Occupant]) -> tuple[int, list[str]]:
    """How many bedrooms the household needs, and why, line by line.

    A person whose sex is not known is never paired with someone aged 10 to 20 (we do not guess).
    """
    adult_age = rules.BEDROOM_ADULT_AGE.amount // 12
    child_age = rules.BEDROOM_PAIRED_CHILD_AGE.amount // 12
    reasons: list[str] = []
    rooms = 0
    partners = [o for o in others if o.partner]
    if partners:
        rooms += 1
        reasons.append(f"1 for the couple ({applicant.name} and {partners[0].name})")
        rest = [o for o in others if o is not partners[0]]
    else:
        rooms += 1
        reasons.append(f"1 for {applicant.name}")
        rest = list(others)
    adults = [o for o in rest if o.age >= adult_age]
    teens = [o for o in rest if child_age <= o.age < adult_age]
    children = sorted((o for o in rest if o.age < child_age), key=lambda o: -o.age)
    for person in adults:
        rooms += 1
        reasons.append(f"1 for {person.name}, aged {adult_age} or over")
    unpaired_teens = []
    for sex in ("female", "male"):
        same = [o for o in teens if o.sex == sex]
        while len(same) >= 2:
            first, second = same.pop(0), same.pop(0)
            rooms += 1
            reasons.append(f"1 for {first.name} and {second.name}, {sex}, both aged {child_age} to {adult_age - 1}")
        unpaired_teens.extend(same)
    unpaired_teens.extend(o for o in teens if o.sex not in ("female", "male"))
    for teen in unpaired_teens:
        match = next((c for c in children if teen.sex and c.sex == teen.sex), None)
        rooms += 1
        if match:
            children.remove(match)
            reasons.append(f"1 for {teen.name} sharing with {match.name}, same sex, under {child_age}")
        else:
            reasons.append(f"1 for {teen.name}, aged {child_age} to {adult_age - 1} with no one to share with")
    while len(children) >= 2:
        first, second = children.pop(0), children.pop(0)
        rooms += 1
        reasons.append(f"1 for {first.name} and {second.name}, both under {child_age}")
    for child in children:
        rooms += 1
        reasons.append(f"1 for {child.name}, under {child_age}")
    return rooms, reasons
