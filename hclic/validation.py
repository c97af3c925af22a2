"""What the H-CLIC return still needs from a case, as officers work: named checks, each with a plain-English
message and a link to the field that fixes it.

Checks read a case fetched with `checked_cases()` (its duties, household, placements and assessment in
a fixed number of queries), so the case page panel and the quarter-readiness page run the same checks.
Sources: statutory-notes 3.1 (DELTA's ASSESS_DATE, TADUTY and ACCOM_PR rules as Locata describes them)
and what each H-CLIC section needs (hclic/data/hclic-items.csv).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse

from casework.models import Assessment, Case, Duty, HouseholdMember

# Accommodation outcomes that are settled: a homeless prevention ending cannot have one (ACCOM_PR).
SETTLED_OUTCOMES = frozenset({"PRIVATE_RENTED_SECTOR", "SOCIAL_RENTED_SECTOR", "OWNER_OCCUPIER"})


@dataclass(frozen=True)
class Problem:
    check: str
    message: str
    url: str
    fix: str  # the link's text

    @property
    def kind(self) -> str:
        return CHECKS[self.check].kind


@dataclass(frozen=True)
class Check:
    name: str
    kind: str  # "missing" or "contradiction"
    func: Callable


CHECKS: dict[str, Check] = {}


def check(name: str, kind: str = "missing"):
    def register(func):
        CHECKS[name] = Check(name, kind, func)
        return func

    return register


def _url(name: str, pk: int, field: str = "") -> str:
    return reverse(f"casework:{name}", args=[pk]) + (f"#id_{field}" if field else "")


def _duties(case, kind=None):
    return [d for d in case.hclic_duties if kind is None or d.kind == kind]


def _owed_prevention_or_relief(case) -> bool:
    return any(d.kind in (Duty.Kind.PREVENTION, Duty.Kind.RELIEF) for d in case.hclic_duties)


def _assessment(case):
    try:
        return case.assessment
    except Assessment.DoesNotExist:
        return None


@check("reason_for_loss")
def _reason_for_loss(case):
    if _owed_prevention_or_relief(case) and case.reason_for_loss_id is None:
        return Problem(
            "reason_for_loss",
            "The reason they lost, or are losing, their last settled home is not recorded (item 1.11). "
            "It is needed for every household owed a prevention or relief duty.",
            _url("case_triage", case.pk, "reason_for_loss"),
            "Record the reason for loss of home",
        )


@check("current_accommodation")
def _current_accommodation(case):
    if _owed_prevention_or_relief(case) and case.accommodation_at_approach_id is None:
        return Problem(
            "current_accommodation",
            "Where they were living when they applied is not recorded (item 1.13).",
            _url("case_triage", case.pk, "accommodation_at_approach"),
            "Record their accommodation when they applied",
        )


@check("household_type")
def _household_type(case):
    if _owed_prevention_or_relief(case) and case.household_composition_id is None:
        return Problem(
            "household_type",
            "The household type is not recorded (item 1.8).",
            _url("case_details", case.pk, "household_composition"),
            "Record the household type",
        )


@check("eligibility")
def _eligibility(case):
    if _duties(case) and case.eligibility == Case.Eligibility.UNKNOWN:
        return Problem(
            "eligibility",
            "A duty is owed but their eligibility is still 'not yet known' (item 1.12).",
            _url("case_triage", case.pk, "eligibility"),
            "Record their eligibility",
        )


@check("assessment_missing")
def _assessment_missing(case):
    if _owed_prevention_or_relief(case) and _assessment(case) is None:
        return Problem(
            "assessment_missing",
            "A prevention or relief duty is owed but the assessment of their circumstances (s189A) is not "
            "recorded, so there is no assessment date (item 1.5).",
            _url("assessment_edit", case.pk),
            "Record the assessment",
        )


@check("assessment_before_application", kind="contradiction")
def _assessment_before_application(case):
    assessment = _assessment(case)
    if assessment and assessment.completed_on < case.approached_on:
        return Problem(
            "assessment_before_application",
            f"The assessment date ({assessment.completed_on:%-d %B %Y}) is before the date they applied "
            f"({case.approached_on:%-d %B %Y}). DELTA refuses this (ASSESS_DATE).",
            _url("assessment_edit", case.pk),
            "Correct the assessment date",
        )


@check("homeless_with_settled_outcome", kind="contradiction")
def _homeless_with_settled_outcome(case):
    for duty in _duties(case, Duty.Kind.PREVENTION):
        outcome = duty.accommodation_secured_type
        if duty.end_reason == Duty.EndReason.BECAME_HOMELESS and outcome and outcome.code in SETTLED_OUTCOMES:
            return Problem(
                "homeless_with_settled_outcome",
                f"The prevention duty ended because they became homeless, but the accommodation outcome is "
                f"'{outcome.label}', which is settled. After a homeless ending the outcome must be where they "
                f"were living, or somewhere not settled such as staying with family or friends (ACCOM_PR, 4.6 "
                f"and 4.8).",
                reverse("casework:case_detail", args=[case.pk]) + "#duties",
                "Check how the prevention duty ended",
            )


@check("interim_while_prevention_owed", kind="contradiction")
def _interim_while_prevention_owed(case):
    preventions = _duties(case, Duty.Kind.PREVENTION)
    for interim in _duties(case, Duty.Kind.INTERIM):
        for prevention in preventions:
            overlaps = prevention.ended_on is None or prevention.ended_on > interim.started_on
            if prevention.started_on <= interim.started_on and overlaps:
                return Problem(
                    "interim_while_prevention_owed",
                    f"Interim accommodation (s188) began on {interim.started_on:%-d %B %Y} while the prevention "
                    f"duty was still owed. DELTA allows interim duties only before the assessment, with no "
                    f"prevention duty, or after prevention has ended unsuccessfully (TADUTY). End the prevention "
                    f"duty ('became homeless') and start the relief duty.",
                    reverse("casework:case_detail", args=[case.pk]) + "#duties",
                    "End the prevention duty",
                )


@check("partner_income_without_partner", kind="contradiction")
def _partner_income_without_partner(case):
    if case.partner_income_weekly is not None and not any(
        m.relationship == HouseholdMember.Relationship.PARTNER for m in case.hclic_household
    ):
        return Problem(
            "partner_income_without_partner",
            f"A partner's income (£{case.partner_income_weekly} a week) is recorded, but there is no partner in "
            f"the household. Add the partner, or clear the partner's income.",
            _url("case_details", case.pk, "partner_income_weekly"),
            "Check the partner's income",
        )


@check("secured_without_outcome")
def _secured_without_outcome(case):
    for duty in _duties(case):
        if (
            duty.kind in (Duty.Kind.PREVENTION, Duty.Kind.RELIEF)
            and duty.end_reason == Duty.EndReason.ACCOMMODATION_SECURED
            and duty.accommodation_secured_type_id is None
        ):
            item = "4.8" if duty.kind == Duty.Kind.PREVENTION else "5.8"
            return Problem(
                "secured_without_outcome",
                f"The {duty.get_kind_display().split(' (')[0].lower()} ended with accommodation secured, but the "
                f"type of accommodation secured is not recorded (item {item}).",
                reverse("casework:case_detail", args=[case.pk]) + "#duties",
                "Record the accommodation secured",
            )


def checked_cases(cases=None):
    """Cases with what the checks read, prefetched: four queries however many."""
    cases = Case.objects.all() if cases is None else cases
    return cases.select_related("assessment", "person").prefetch_related(
        Prefetch("duties", queryset=Duty.objects.select_related("accommodation_secured_type"), to_attr="hclic_duties"),
        Prefetch("household", queryset=HouseholdMember.objects.order_by("pk"), to_attr="hclic_household"),
    )


def problems(case) -> list[Problem]:
    """Every check that fails for this case, missing items first, in the order above."""
    found = [p for c in CHECKS.values() if (p := c.func(case)) is not None]
    return sorted(found, key=lambda p: p.kind != "missing")
