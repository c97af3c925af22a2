"""Who may triage hazards and record their steps: housing staff in their schemes (issue 11, Access)."""

from django.core.files.base import ContentFile

from repairs.models import ControlDelay, HazardClock, Repair
from tests.access_matrix import HOUSING, HOUSING_AND_SUPPORT, Access
from tests.repairs.factories import HazardFactory, RepairFactory
from tests.tenancies.scoping import scheme_for


def _repair(user, users):
    return {"pk": RepairFactory(unit__property__scheme=scheme_for(user)).pk}


def _hazard(user, users):
    return {"pk": HazardFactory(repair__unit__property__scheme=scheme_for(user)).pk}


def _issued(user, users):
    hazard = HazardFactory(repair__unit__property__scheme=scheme_for(user), repair__category=Repair.Category.DAMP_MOULD)
    hazard.summary_letter.save("summary.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return {"pk": hazard.pk}


def _clock(user, users):
    hazard = HazardFactory(repair__unit__property__scheme=scheme_for(user))
    clock = HazardClock.objects.create(
        hazard=hazard,
        step="investigate",
        started_at=hazard.aware_at,
        due_at=hazard.aware_at,
        rule_name="AWAAB_INVESTIGATE",
    )
    return {"pk": clock.pk}


def _delay(user, users):
    repair = RepairFactory(unit__property__scheme=scheme_for(user))
    delay = ControlDelay.objects.create(repair=repair, kind="parts", started_at=repair.reported_at, details="Parts")
    return {"pk": delay.pk}


ACCESS = {
    "repairs:hazard_triage": Access(allowed=HOUSING, kwargs=_repair),
    "repairs:hazard_investigation": Access(allowed=HOUSING, kwargs=_hazard),
    "repairs:hazard_summary_issue": Access(allowed=HOUSING, method="post", kwargs=_hazard, ok=(302,)),
    "repairs:hazard_summary_pdf": Access(allowed=HOUSING_AND_SUPPORT, kwargs=_issued),
    "repairs:hazard_made_safe": Access(allowed=HOUSING, kwargs=_hazard),
    "repairs:hazard_safety_work": Access(allowed=HOUSING, kwargs=_hazard),
    "repairs:hazard_alternative": Access(allowed=HOUSING, kwargs=_hazard),
    "repairs:hazard_supplementary_work": Access(allowed=HOUSING, kwargs=_hazard),
    "repairs:hazard_alternative_answer": Access(allowed=HOUSING, kwargs=_hazard),
    "repairs:hazard_clock_stop": Access(allowed=HOUSING, kwargs=_clock),
    "repairs:control_delay_end": Access(allowed=HOUSING, kwargs=_delay),
    "repairs:access_attempt": Access(allowed=HOUSING, kwargs=_repair),
    "repairs:entry_notice": Access(allowed=HOUSING, kwargs=_repair),
    "repairs:control_delay": Access(allowed=HOUSING, kwargs=_repair),
}
