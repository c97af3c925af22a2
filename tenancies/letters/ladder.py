"""The ladder's letters (first and final warning, notice to quit), in plain, kind words."""

from core.pdf import render_pdf

from ..models import Agreement, Ground, LadderAction, LadderStep
from ..rules import LICENCE_NOTICE_MINIMUM

# What we would like to change, in plain words, for the letters a resident reads.
GROUND_REQUESTS = {
    Ground.RESIDENTS: "Please treat the other people who live here with kindness and respect, so that everyone "
    "feels safe at home.",
    Ground.NEIGHBOURS: "Please be considerate of our neighbours, so that they feel comfortable living next to us.",
    Ground.STAFF: "Please treat staff with respect, so that we can keep working together.",
    Ground.DAMAGE: "Please look after your room and the shared spaces, and tell us straight away if something "
    "gets broken.",
    Ground.TERMS: "Please keep to the agreement you signed when you moved in. We are happy to go through it "
    "with you again.",
    Ground.RENT: "Please talk to us about your rent. We can help you set up a payment plan and check your "
    "benefit claims.",
    Ground.VISITORS: "Please make sure your visitors follow the house rules and leave when visiting hours end.",
    Ground.NON_ENGAGEMENT: "We would really like to keep meeting you, because we think the support could help.",
}


STEP_LETTER_TEMPLATES = {
    LadderStep.FIRST_WARNING: "tenancies/letters/first_warning.html",
    LadderStep.FINAL_WARNING: "tenancies/letters/final_warning.html",
    LadderStep.NOTICE: "tenancies/letters/notice_to_quit.html",
}


def _address_lines(agreement: Agreement) -> list[str]:
    prop = agreement.unit.property
    return [line for line in (agreement.unit.label, prop.address, prop.town, prop.postcode) if line]


def letter_context(*, action: LadderAction) -> dict:
    agreement, person = action.agreement, action.person
    return {
        "action": action,
        "person": person,
        "name": person.name,
        "agreement": agreement,
        "scheme": agreement.unit.property.scheme,
        "address_lines": _address_lines(agreement),
        "dated": action.taken_on,
        "requests": [GROUND_REQUESTS[Ground(code)] for code in action.grounds if code in Ground.values],
        "support_worker": action.support_worker,
        "author": action.recorded_by,
        "minimum_notice_days": (LICENCE_NOTICE_MINIMUM.due(action.taken_on) - action.taken_on).days,
    }


def ladder_letter_pdf(action: LadderAction) -> bytes:
    return render_pdf(STEP_LETTER_TEMPLATES[LadderStep(action.step)], letter_context(action=action))


def ladder_letter_filename(action: LadderAction) -> str:
    slug = STEP_LETTER_TEMPLATES[LadderStep(action.step)].rsplit("/", 1)[-1].removesuffix(".html")
    return f"{slug.replace('_', '-')}-{action.pk}.pdf"
