"""What compliance tells tenancies about letting a unit (registered with `tenancies.letting`): a
unit cannot be let while a pre-let safety check that covers it (its own, its building's, its
building's equipment's or its scheme's) is failing, overdue or has no record on the start date."""

from datetime import date

from tenancies.letting import letting_check

from .models import ScheduledCheck

BLOCKING = {
    ScheduledCheck.Status.NO_RECORD: "no record",
    ScheduledCheck.Status.OVERDUE: "overdue",
    ScheduledCheck.Status.FAILED: "failed, with actions still open",
}


@letting_check("compliance.pre_let")
def pre_let_checks(unit, start_date: date) -> list[str]:
    checks = (
        ScheduledCheck.objects.active()
        .for_unit(unit)
        .filter(check_type__is_pre_let=True)
        .with_status(start_date)
        .filter(status__in=list(BLOCKING))
        .select_related("check_type", "scheme", "building", "unit__property", "asset__building")
        .order_by("check_type__order")
    )
    return [f"{check.check_type.name} ({check.target_label}): {BLOCKING[check.status]}." for check in checks]
