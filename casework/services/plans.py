"""The s189A assessment and the Personalised Housing Plan: versions, issuing the written plan, steps done."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User

from ..letters.plans import housing_plan_pdf
from ..models import Assessment, Case, Party, PersonalisedHousingPlan, PlanStep, PlanStepTemplate
from .common import locked_open_case, save_by


@dataclass(frozen=True)
class StepDraft:
    """A step as the officer wrote it. `done_on` carries a step already done over to a new version."""

    party: str
    text: str
    done_on: date | None = None


def menu_for(scenario: str) -> dict[str, list[str]]:
    """The menu of common reasonable steps for a scenario, applicant's and council's."""
    menu: dict[str, list[str]] = {Party.APPLICANT: [], Party.COUNCIL: []}
    for party, text in PlanStepTemplate.objects.filter(scenario=scenario, active=True).values_list("party", "text"):
        menu[party].append(text)
    return menu


@transaction.atomic
def assessment_save(*, case: Case, circumstances: str, housing_needs: str, support_needs: str, by: User) -> Assessment:
    """Record or update the s189A(1) assessment. Every change is kept in the record's history."""
    case = locked_open_case(case)
    assessment = Assessment.objects.filter(case=case).first() or Assessment(case=case, completed_by=by)
    assessment.circumstances = circumstances.strip()
    assessment.housing_needs = housing_needs.strip()
    assessment.support_needs = support_needs.strip()
    assessment.full_clean()
    return save_by(assessment, by)


def _check_plan(review_on: date, steps: list[StepDraft]) -> list[StepDraft]:
    errors = {}
    if review_on < timezone.localdate():
        errors["review_on"] = "The review date cannot be in the past."
    steps = [StepDraft(s.party, s.text.strip(), s.done_on) for s in steps if s.text.strip()]
    # s189A(4)(b): the plan must say what the council will do; the applicant's steps may be few or none.
    if not any(s.party == Party.COUNCIL for s in steps):
        errors["council_steps"] = "Add at least one step the council will take."
    if errors:
        raise ValidationError(errors)
    return steps


def _add_steps(plan: PersonalisedHousingPlan, steps: list[StepDraft], by: User) -> None:
    positions = {Party.APPLICANT: 0, Party.COUNCIL: 0}
    for draft in steps:
        positions[draft.party] += 1
        step = PlanStep(
            plan=plan, party=draft.party, text=draft.text, position=positions[draft.party], done_on=draft.done_on
        )
        save_by(step, by)


@transaction.atomic
def plan_create(
    *, case: Case, scenario: str, review_on: date, steps: list[StepDraft], by: User, summary: str = ""
) -> PersonalisedHousingPlan:
    """The first plan for a case (s189A(4)), from the scenario's menu as the officer edited it."""
    case = locked_open_case(case)
    if case.plans.current().exists():
        raise ValidationError("This case already has a plan. Edit it to make a new version.")
    steps = _check_plan(review_on, steps)
    version = (case.plans.aggregate(last=Max("version"))["last"] or 0) + 1
    plan = PersonalisedHousingPlan(
        case=case, version=version, scenario=scenario, summary=summary.strip(), review_on=review_on, created_by=by
    )
    plan.full_clean(exclude=["pdf"])
    save_by(plan, by)
    _add_steps(plan, steps, by)
    return plan


@transaction.atomic
def plan_revise(
    *, plan: PersonalisedHousingPlan, review_on: date, steps: list[StepDraft], by: User, summary: str = ""
) -> PersonalisedHousingPlan:
    """s189A(9)-(10): a changed plan is a new version; the old one is kept, marked superseded.

    A step the officer kept word for word keeps the date it was done.
    """
    case = locked_open_case(plan.case)
    plan = PersonalisedHousingPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.superseded_at is not None:
        raise ValidationError(
            f"Version {plan.version} has already been replaced by a newer version. Open the current plan and edit that."
        )
    done = {(s.party, s.text): s.done_on for s in plan.steps.filter(done_on__isnull=False)}
    steps = _check_plan(review_on, steps)
    steps = [StepDraft(s.party, s.text, s.done_on or done.get((s.party, s.text))) for s in steps]
    plan.superseded_at = timezone.now()
    save_by(plan, by, update_fields=["superseded_at"])
    new = PersonalisedHousingPlan(
        case=case,
        version=plan.version + 1,
        scenario=plan.scenario,
        summary=summary.strip(),
        review_on=review_on,
        created_by=by,
    )
    new.full_clean(exclude=["pdf"])
    save_by(new, by)
    _add_steps(new, steps, by)
    return new


@transaction.atomic
def plan_issue(*, plan: PersonalisedHousingPlan, by: User, on: date | None = None) -> PersonalisedHousingPlan:
    """Give the applicant the plan in writing (s189A(5)): render it to PDF and keep it with the case.

    The file is private; only the scoped download view serves it. `on` (default today) lets the
    demo seed issue plans on the day its story says; the letter carries that date.
    """
    locked_open_case(plan.case)
    plan = (
        PersonalisedHousingPlan.objects.select_for_update(of=("self",))
        .select_related("case__person", "case__officer")
        .get(pk=plan.pk)
    )
    if plan.superseded_at is not None:
        raise ValidationError("This version has been replaced by a newer one. Issue the current plan instead.")
    if plan.issued_on:
        raise ValidationError(f"This version was already issued on {plan.issued_on:%-d %B %Y}.")
    today = on or timezone.localdate()
    pdf = housing_plan_pdf(plan, dated=today)
    plan.pdf.save(f"housing-plan-{plan.case.reference}-v{plan.version}.pdf", ContentFile(pdf), save=False)
    plan.issued_on = today
    return save_by(plan, by, update_fields=["pdf", "issued_on"])


@transaction.atomic
def plan_step_done(*, step: PlanStep, by: User, done_on: date | None = None) -> PlanStep:
    step = PlanStep.objects.select_for_update().select_related("plan").get(pk=step.pk)
    locked_open_case(step.plan.case)
    if step.plan.superseded_at is not None:
        raise ValidationError("This step is on an old version of the plan. Mark it done on the current plan.")
    if step.done_on:
        raise ValidationError(f"This step was already marked done on {step.done_on:%-d %B %Y}.")
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ValidationError("A step cannot be done in the future.")
    step.done_on = done_on
    return save_by(step, by, update_fields=["done_on"])
