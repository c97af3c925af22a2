"""The Personalised Housing Plan in writing (Housing Act 1996 s189A(5)), as the applicant receives it."""

from datetime import date

from core.pdf import render_pdf

from ..models import Party, PersonalisedHousingPlan


def plan_pdf_context(plan: PersonalisedHousingPlan, *, dated: date) -> dict:
    case = plan.case
    steps = list(plan.steps.all())
    return {
        "plan": plan,
        "case": case,
        "name": case.person.name,
        "dated": dated,
        "applicant_steps": [s for s in steps if s.party == Party.APPLICANT],
        "council_steps": [s for s in steps if s.party == Party.COUNCIL],
        "officer": case.officer,
        "team": case.team,
    }


def housing_plan_pdf(plan: PersonalisedHousingPlan, *, dated: date) -> bytes:
    return render_pdf("casework/letters/housing_plan.html", plan_pdf_context(plan, dated=dated))
