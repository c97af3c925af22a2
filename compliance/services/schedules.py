"""Which checks apply where: made from the stock's attributes, kept in step when they change.

A schedule made by rule (`made_by_rule`) follows the stock: add a lift and its examinations are
scheduled; lower a building's recorded height and its fire door checks stop (their records stay).
A schedule an admin sets by hand is left alone, and one that the stock's attributes do not call for
needs a basis saying why.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from repairs.models import Void
from tenancies.models import Property, Scheme, Unit

from .. import rules
from ..models import Asset, CheckType, ScheduledCheck

Condition = CheckType.Condition
AppliesTo = CheckType.AppliesTo


def condition_holds(
    condition: str, *, scheme: Scheme, building: Property | None, unit: Unit | None = None, void_units=frozenset()
) -> bool:
    """Whether the stock has what the condition asks (a building condition fails without a building;
    "void" holds for a unit with an open void, one of `void_units`)."""
    if condition == Condition.ALWAYS:
        return True
    if condition == Condition.VOID:
        return unit is not None and unit.pk in void_units
    if condition == Condition.SAFETY_REGULATIONS:
        return scheme.safety_regulations_apply
    if building is None:
        return False
    height = building.top_storey_height_m
    if condition == Condition.GAS_SUPPLY:
        return building.has_gas_supply
    if condition == Condition.COMMUNAL_AREAS:
        return building.has_communal_areas
    if condition == Condition.ABOVE_11M:
        return height is not None and height > rules.FIRE_DOORS_ABOVE_M
    if condition == Condition.HIGH_RISE:
        return (
            height is not None and height >= rules.HIGH_RISE_HEIGHT_M
        ) or building.storeys >= rules.HIGH_RISE_STOREYS
    if condition == Condition.ASBESTOS_PRESENT:
        # Not known yet means the survey is due (it applies to every building with common parts); a
        # re-inspection follows only once the survey has found asbestos and put it on the register.
        return building.asbestos == Property.Asbestos.PRESENT
    raise ValueError(f"Unknown condition {condition!r}")


def level_error(check_type: CheckType, *, building=None, unit=None, asset=None) -> str:
    """Why a check type cannot be applied to this kind of stock at all ("" when it can)."""
    level = (
        AppliesTo.ASSET if asset else AppliesTo.UNIT if unit else AppliesTo.BUILDING if building else AppliesTo.SCHEME
    )
    if level != check_type.applies_to:
        applies = check_type.get_applies_to_display().lower()
        return f"A {check_type.name.lower()} applies to a {applies}, not a {level.label.lower()}."
    if asset is not None and asset.kind != check_type.asset_kind:
        kind = Asset.Kind(check_type.asset_kind).label.lower() if check_type.asset_kind in Asset.Kind.values else "?"
        return f"A {check_type.name.lower()} is for a {kind}, not a {asset.get_kind_display().lower()}."
    return ""


def validate_schedule(schedule: ScheduledCheck) -> None:
    """An admin's schedule: the right kind of stock, at the right scheme, and a basis where the stock's
    attributes do not call for the check."""
    check_type = schedule.check_type
    building = schedule.covered_building
    error = level_error(
        check_type,
        building=schedule.building if not (schedule.unit_id or schedule.asset_id) else None,
        unit=schedule.unit if not schedule.asset_id else None,
        asset=schedule.asset,
    )
    if error:
        raise ValidationError({"check_type": error})
    if building is not None and building.scheme_id != schedule.scheme_id:
        raise ValidationError({"scheme": f"{building} is at {building.scheme}, not {schedule.scheme}."})
    if not schedule.basis.strip() and not condition_holds(
        check_type.condition, scheme=schedule.scheme, building=building
    ):
        raise ValidationError(
            {
                "basis": f"This {check_type.name.lower()} is for {check_type.get_condition_display().lower()}, "
                "and this stock is not recorded as one. Say why it applies here, or correct the stock's details."
            }
        )


def _void_units(units) -> frozenset[int]:
    return frozenset(Void.objects.open().filter(unit__in=units).values_list("unit_id", flat=True))


def _targets(scheme: Scheme, buildings, units, assets, void_units=frozenset()):
    """(check type, scheme, building, unit, asset) for every check type that applies to the stock."""
    for check_type in CheckType.objects.filter(active=True):
        if check_type.applies_to == AppliesTo.SCHEME:
            if condition_holds(check_type.condition, scheme=scheme, building=None):
                yield check_type, None, None, None
        elif check_type.applies_to == AppliesTo.BUILDING:
            for building in buildings:
                if condition_holds(check_type.condition, scheme=scheme, building=building):
                    yield check_type, building, None, None
        elif check_type.applies_to == AppliesTo.UNIT:
            for unit in units:
                if condition_holds(
                    check_type.condition, scheme=scheme, building=unit.property, unit=unit, void_units=void_units
                ):
                    yield check_type, None, unit, None
        else:
            for asset in assets:
                if asset.active and asset.kind == check_type.asset_kind:
                    yield check_type, None, None, asset


def _key(check_type_id, building_id, unit_id, asset_id):
    return check_type_id, building_id, unit_id, asset_id


@transaction.atomic
def schedules_sync(*, scheme: Scheme, by=None) -> dict[str, int]:
    """Make the schedules a scheme's stock calls for, and pause or resume those made by rule as the
    stock changes. Idempotent; bulk writes with their history."""
    scheme = Scheme.objects.get(pk=scheme.pk)
    buildings = list(Property.objects.filter(scheme=scheme))
    units = list(Unit.objects.filter(property__scheme=scheme).select_related("property"))
    assets = list(Asset.objects.filter(building__scheme=scheme))
    wanted = {
        _key(t.pk, b and b.pk, u and u.pk, a and a.pk): (t, b, u, a)
        for t, b, u, a in _targets(scheme, buildings, units, assets, _void_units(units))
    }
    existing = {
        _key(s.check_type_id, s.building_id, s.unit_id, s.asset_id): s
        for s in ScheduledCheck.objects.filter(scheme=scheme)
    }
    new = [
        ScheduledCheck(
            check_type=t,
            scheme=scheme,
            building=b,
            unit=u,
            asset=a,
            basis=f"Applies to {t.get_condition_display().lower()}",
        )
        for key, (t, b, u, a) in wanted.items()
        if key not in existing
    ]
    changed = []
    for key, schedule in existing.items():
        if schedule.made_by_rule and schedule.active != (key in wanted):
            schedule.active = key in wanted
            changed.append(schedule)
    if new:
        bulk_create_with_history(new, ScheduledCheck, default_user=by, default_change_reason="Made from the stock")
    if changed:
        bulk_update_with_history(
            changed, ScheduledCheck, ["active"], default_user=by, default_change_reason="The stock changed"
        )
    return {"made": len(new), "changed": len(changed)}


def schedules_sync_all(*, by=None) -> dict[str, int]:
    """Every scheme's schedules brought up to date: after an upgrade (stock saved before compliance
    existed), when an admin adds or changes a check type, and nightly as a safety net."""
    totals = {"made": 0, "changed": 0}
    for scheme in Scheme.objects.order_by("pk"):
        for key, count in schedules_sync(scheme=scheme, by=by).items():
            totals[key] += count
    return totals


@transaction.atomic
def schedules_new_agreement(*, unit: Unit, by=None) -> int:
    """A new agreement started: checks due at each new agreement (fire safety instructions to the new
    resident) are due again now. Their earlier records stay."""
    schedules = list(
        ScheduledCheck.objects.select_for_update().filter(unit=unit, check_type__due_at_each_new_agreement=True)
    )
    for schedule in schedules:
        schedule.last_done_on = schedule.next_due_on = schedule.due_soon_from = None
        schedule.last_outcome = ""
    if schedules:
        bulk_update_with_history(
            schedules,
            ScheduledCheck,
            ["last_done_on", "last_outcome", "next_due_on", "due_soon_from"],
            default_user=by,
            default_change_reason="Due again: a new agreement started",
        )
    return len(schedules)
