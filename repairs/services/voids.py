"""Voids: opened when an agreement ends or a unit is taken out of use, moved through their stage
dates and checklist, and closed when the next agreement starts.

The signal receivers at the foot connect this to `tenancies.signals` (wired in `RepairsConfig.ready`),
so the tenancies app never imports repairs.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import dateformat, timezone

from tenancies.models import Agreement, Unit

from ..models import Repair, Void, VoidCheck
from ..rules import VOID_ELECTRICAL_CHECK_VALID, VOID_GAS_CHECK_VALID

# The stage dates in the order they happen, with the words for an error.
STAGE_DATES = (
    ("keys_back_on", "keys back"),
    ("inspected_on", "inspection"),
    ("works_ordered_on", "works ordered"),
    ("works_completed_on", "works complete"),
    ("ready_to_let_on", "ready to let"),
)
OUT_OF_USE_REASONS = (Void.Reason.MAJOR_WORKS, Void.Reason.UNSAFE, Void.Reason.DECANT, Void.Reason.OTHER)
# Items that may honestly be "not needed": no gas supply, no fixed combustion appliance (SI 2022/707).
MAY_NOT_APPLY = (VoidCheck.Item.GAS, VoidCheck.Item.CO_ALARM)
ALARMS = (VoidCheck.Item.SMOKE_ALARM, VoidCheck.Item.CO_ALARM)


def _day(value: date) -> str:
    return dateformat.format(value, "j F Y")


def _kind_for(reason: str) -> str:
    return Void.Kind.MAJOR_WORKS if reason == Void.Reason.MAJOR_WORKS else Void.Kind.STANDARD


def open_void_of(unit) -> Void | None:
    return Void.objects.open().filter(unit=unit).first()


@transaction.atomic
def void_open(
    *,
    unit: Unit,
    reason: str,
    started_on: date,
    weekly_charge,
    ended_agreement: Agreement | None = None,
    details: str = "",
    by,
) -> Void:
    """Start a void for `unit` from `started_on`. A unit has one open void at a time."""
    if reason not in Void.Reason.values:
        raise ValidationError({"reason": "Choose why the unit is empty."})
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    if open_void_of(unit):
        raise ValidationError(f"{unit} already has an open void.")
    void = Void(
        unit=unit,
        reason=reason,
        reason_details=details,
        kind=_kind_for(reason),
        weekly_charge=weekly_charge,
        started_on=started_on,
        ended_agreement=ended_agreement,
        opened_by=by,
    )
    void._history_user = by
    void._change_reason = Void.Reason(reason).label
    void.save()
    return void


def _weekly_charge_of(agreement: Agreement | None):
    """The rent and service charge forgone: what the resident paid for the home itself."""
    if agreement is None:
        return 0
    return agreement.weekly_rent + agreement.weekly_service_charge


@transaction.atomic
def void_take_out_of_use(*, unit: Unit, reason: str, details: str, started_on: date, by) -> Void:
    """Take a unit out of use (major works, unsafe, held for a decant). Its open void, if it has
    one, takes the new reason; otherwise a void starts. The unit cannot be let until it is back in use."""
    if reason not in OUT_OF_USE_REASONS:
        raise ValidationError({"reason": "Choose why the unit is out of use."})
    if not details.strip():
        raise ValidationError({"details": "Say what is wrong, so colleagues know when it can be let again."})
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    today = timezone.localdate()
    if started_on > today:
        raise ValidationError({"started_on": "The date cannot be in the future."})
    if unit.agreements.current(today).exists():
        raise ValidationError("Someone lives in this unit. End their agreement before taking it out of use.")
    label = Void.Reason(reason).label
    unit.unavailable_reason = f"{label}: {details.strip()}"[:200]
    unit._history_user = by
    unit._change_reason = label
    unit.save(update_fields=["unavailable_reason"])
    void = open_void_of(unit)
    if void:
        if void.new_agreement_id:
            raise ValidationError("This unit has been offered to someone. Withdraw the offer first.")
        void.reason, void.reason_details, void.kind = reason, details.strip(), _kind_for(reason)
        void._history_user, void._change_reason = by, label
        void.save(update_fields=["reason", "reason_details", "kind"])
        return void
    last = unit.agreements.filter(end_date__lt=started_on).order_by("-end_date").first()
    return void_open(
        unit=unit,
        reason=reason,
        started_on=started_on,
        weekly_charge=_weekly_charge_of(last),
        details=details.strip(),
        by=by,
    )


@transaction.atomic
def void_return_to_use(*, void: Void, by) -> Void:
    """The unit can be let again (the works are done, it is safe, the decant is over)."""
    unit = Unit.objects.select_for_update().get(pk=void.unit_id)
    if unit.unavailable_reason:
        unit.unavailable_reason = ""
        unit._history_user, unit._change_reason = by, "Back in use"
        unit.save(update_fields=["unavailable_reason"])
    return void


def check_stage_dates(*, started_on: date, dates: dict[str, date | None], today: date) -> None:
    """No date before the void started or in the future, and each on or after the one before."""
    errors: dict[str, str] = {}
    previous: tuple[str, date] | None = None
    for field, words in STAGE_DATES:
        value = dates.get(field)
        if value is None:
            continue
        if value < started_on:
            errors[field] = f"The {words} date cannot be before the void started ({_day(started_on)})."
        elif value > today:
            errors[field] = f"The {words} date cannot be in the future."
        elif previous and value < previous[1]:
            errors[field] = f"The {words} date cannot be before the {previous[0]} date ({_day(previous[1])})."
        previous = (words, value)
    if dates.get("works_completed_on") and not dates.get("works_ordered_on"):
        errors.setdefault("works_ordered_on", "Record when the works were ordered before they are complete.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def void_record_dates(*, void: Void, by, **dates: date | None) -> Void:
    """Record the stage dates (keys back, inspection, works ordered and complete, ready to let)."""
    unknown = set(dates) - {field for field, _ in STAGE_DATES}
    if unknown:
        raise ValueError(f"Unknown void dates: {unknown}")
    void = Void.objects.select_for_update().get(pk=void.pk)
    if not void.is_open:
        raise ValidationError("This void is closed; its dates can no longer change.")
    merged = {field: getattr(void, field) for field, _ in STAGE_DATES} | dates
    check_stage_dates(started_on=void.started_on, dates=merged, today=timezone.localdate())
    for field, value in dates.items():
        setattr(void, field, value)
    void._history_user = by
    void._change_reason = "Stage dates"
    void.save(update_fields=list(dates))
    return void


@transaction.atomic
def void_check_record(*, void: Void, item: str, result: str, checked_on: date, notes: str = "", by) -> VoidCheck:
    """Record (or update) one item of the void checklist."""
    errors = {}
    if item not in VoidCheck.Item.values:
        errors["item"] = "Choose an item from the checklist."
    if result not in VoidCheck.Result.values:
        errors["result"] = "Choose the result."
    elif result == VoidCheck.Result.NOT_APPLICABLE and item not in MAY_NOT_APPLY:
        errors["result"] = "Every home needs this item; it cannot be marked as not needed."
    if checked_on > timezone.localdate():
        errors["checked_on"] = "The date cannot be in the future."
    elif item not in (VoidCheck.Item.GAS, VoidCheck.Item.ELECTRICAL) and checked_on < void.started_on:
        errors["checked_on"] = f"The date cannot be before the void started ({_day(void.started_on)})."
    if result == VoidCheck.Result.FAIL and not notes.strip():
        errors["notes"] = "Say what failed, so it can be put right."
    if errors:
        raise ValidationError(errors)
    if not void.is_open:
        raise ValidationError("This void is closed; its checklist can no longer change.")
    check = VoidCheck.objects.filter(void=void, item=item).first() or VoidCheck(void=void, item=item)
    check.result, check.checked_on, check.notes, check.recorded_by = result, checked_on, notes, by
    check._history_user = by
    check.save()
    return check


@transaction.atomic
def void_link_repair(*, void: Void, repair: Repair, by) -> Repair:
    """Link a repair to the void as part of its works."""
    if repair.unit_id != void.unit_id:
        raise ValidationError({"repair": "That repair is for another unit."})
    repair.void = void
    repair._history_user = by
    repair._change_reason = "Linked to a void"
    repair.save(update_fields=["void"])
    return repair


def safety_blockers(void: Void, start_date: date, checks=None) -> list[str]:
    """Why the void's safety items stop the unit being let from `start_date` (empty when it may be)."""
    found = {check.item: check for check in (void.checks.all() if checks is None else checks)}
    reasons = []
    for item in VoidCheck.SAFETY_ITEMS:
        label = VoidCheck.Item(item).label
        check = found.get(item)
        if check is None:
            reasons.append(f"{label}: not recorded yet on the void checklist.")
            continue
        if check.result == VoidCheck.Result.FAIL:
            reasons.append(
                f"{label}: failed on {_day(check.checked_on)}" + (f" ({check.notes})." if check.notes else ".")
            )
        elif check.result == VoidCheck.Result.NOT_APPLICABLE:
            continue
        elif (item == VoidCheck.Item.GAS and VOID_GAS_CHECK_VALID.due(check.checked_on) <= start_date) or (
            item == VoidCheck.Item.ELECTRICAL and VOID_ELECTRICAL_CHECK_VALID.due(check.checked_on) <= start_date
        ):
            reasons.append(f"{label}: the check of {_day(check.checked_on)} runs out before the agreement starts.")
        elif item in ALARMS and check.checked_on != start_date and start_date <= timezone.localdate():
            # The law asks for the alarm to be checked on the first day of the new agreement.
            reasons.append(
                f"{label}: test it on the day the agreement starts ({_day(start_date)}); "
                f"the last test was {_day(check.checked_on)}."
            )
    return reasons


# Signal receivers (connected in RepairsConfig.ready).


def on_agreement_ended(sender, *, agreement: Agreement, unit: Unit, void_from: date, by, **kwargs) -> None:
    """The unit is void from the day after the agreement ends. An offer not taken up puts the void
    it was made from back to the stage before the offer, instead of opening a second void."""
    current = open_void_of(unit)
    if current and current.new_agreement_id == agreement.pk:
        current.new_agreement = None
        current._history_user, current._change_reason = by, "The offer was not taken up"
        current.save(update_fields=["new_agreement"])
        return
    if current:
        return  # already void (taken out of use while the offer stood)
    void_open(
        unit=unit,
        reason=Void.Reason.AGREEMENT_ENDED,
        started_on=void_from,
        weekly_charge=_weekly_charge_of(agreement),
        ended_agreement=agreement,
        by=by,
    )


def on_agreement_offered(sender, *, agreement: Agreement, unit: Unit, by, **kwargs) -> None:
    current = open_void_of(unit)
    if current is None:
        return
    current.new_agreement = agreement
    current._history_user, current._change_reason = by, "Offered"
    current.save(update_fields=["new_agreement"])


def on_agreement_activated(sender, *, agreement: Agreement, unit: Unit, by, **kwargs) -> None:
    """The void ends on the new agreement's start date (its turnaround and loss stop there)."""
    void = Void.objects.open().filter(new_agreement=agreement).first()
    if void is None:
        return
    void.let_on = max(agreement.start_date, void.started_on)
    void._history_user, void._change_reason = by, "Let"
    void.save(update_fields=["let_on"])
