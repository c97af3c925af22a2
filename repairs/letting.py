"""What repairs tells tenancies about letting a unit (registered with `tenancies.letting`).

- The letting check: a unit with an open void cannot be let while a safety item on its checklist
  is failing or missing (gas and electrical checks current, smoke and CO alarms tested on the first
  day of the new agreement: Smoke and Carbon Monoxide Alarm (Amendment) Regulations 2022).
- The unit state: "Void: works in progress, 12 days", "Offered", "Out of use: major works", in one
  query for any number of units.
"""

from datetime import date

from django.db.models import Prefetch

from tenancies.letting import letting_check, unit_state

from .models import Void, VoidCheck
from .services.voids import safety_blockers


@letting_check("repairs.void_safety")
def void_safety(unit, start_date: date) -> list[str]:
    void = Void.objects.open().filter(unit=unit).first()
    return safety_blockers(void, start_date) if void else []


def describe(void: Void, on: date) -> str:
    days = void.days_void(on)
    days_text = f"{days} day{'' if days == 1 else 's'}"
    if void.stage == Void.Stage.OFFERED:
        return f"Offered ({days_text} void)"
    if void.reason in (Void.Reason.MAJOR_WORKS, Void.Reason.UNSAFE, Void.Reason.DECANT) and not void.ready_to_let_on:
        return f"{void.get_reason_display()}: {void.get_stage_display().lower()}, {days_text}"
    return f"Void: {void.get_stage_display().lower()}, {days_text}"


@unit_state("repairs.voids")
def void_states(units, on: date) -> dict[int, str]:
    ids = [unit.pk for unit in units]
    if not ids:
        return {}
    voids = Void.objects.open().filter(unit_id__in=ids)
    return {void.unit_id: describe(void, on) for void in voids}


def with_checks(voids):
    return voids.prefetch_related(Prefetch("checks", queryset=VoidCheck.objects.order_by("item")))
