"""The written summary for the resident after a hazard investigation (SI 2025/1042; the clock is
`repairs.rules.AWAAB_WRITTEN_SUMMARY`): what we found, whether there is a hazard and why, the work and
when, any offer of somewhere else to stay, and how to complain. Plain, kind English."""

from django.utils import timezone

from core.pdf import render_pdf

from ..models import Hazard, HazardClock


def written_summary_pdf(hazard: Hazard) -> bytes:
    repair = hazard.repair
    clocks = {clock.step: clock for clock in hazard.clocks.all()}
    safety = clocks.get(HazardClock.Step.SAFETY_WORK)
    supplementary = clocks.get(HazardClock.Step.SUPPLEMENTARY_BEGIN)
    resident = repair.reporting_person
    if resident is None and repair.unit_id:
        agreement = repair.unit.agreements.current(timezone.localdate()).select_related("person").first()
        resident = agreement.person if agreement else None
    return render_pdf(
        "repairs/letters/written_summary.html",
        {
            "hazard": hazard,
            "repair": repair,
            "resident": resident,
            "today": timezone.localdate(),
            "aware_at": timezone.localtime(hazard.aware_at),
            "concluded_at": timezone.localtime(hazard.investigation_concluded_at),
            "safety_due": timezone.localtime(safety.due_at) if safety else None,
            "supplementary_due": timezone.localtime(supplementary.due_at) if supplementary else None,
        },
    )
