"""Which checks apply where: made from the stock's attributes, by scheme and building, and kept in
step as the stock changes; an admin's schedule for stock it cannot apply to is refused."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from compliance.models import ScheduledCheck
from compliance.services.schedules import schedules_sync, validate_schedule
from tests.compliance.factories import AssetFactory, check_type, record, schedule_of
from tests.tenancies.factories import PropertyFactory, SchemeFactory, UnitFactory

pytestmark = pytest.mark.django_db


def codes(**where) -> set[str]:
    return set(ScheduledCheck.objects.active().filter(**where).values_list("check_type__code", flat=True))


def building_codes(building) -> set[str]:
    return codes(building=building, unit=None, asset=None)


LOW_RISE = {
    "gas_safety",
    "eicr",
    "pat",
    "fire_risk_assessment",
    "fire_safety_instructions",
    "legionella_risk_assessment",
    "asbestos_survey",
}


def test_a_shared_house_gets_the_checks_its_attributes_call_for():
    house = PropertyFactory(storeys=2, top_storey_height_m=Decimal("3.0"))
    assert building_codes(house) == LOW_RISE
    unit = UnitFactory(property=house)
    assert codes(unit=unit) == {"smoke_co_alarms", "fire_safety_instructions_move_in"}
    assert codes(scheme=house.scheme, building=None, unit=None, asset=None) == {"health_safety_walkround"}


def test_height_and_storeys_bring_the_fire_door_and_high_rise_checks():
    block = PropertyFactory(storeys=5, top_storey_height_m=Decimal("11.5"))
    assert building_codes(block) - LOW_RISE == {"communal_fire_doors", "flat_entrance_doors"}
    exactly_11 = PropertyFactory(storeys=4, top_storey_height_m=Decimal("11.0"))  # "above 11 m" only
    assert building_codes(exactly_11) == LOW_RISE
    tall = PropertyFactory(storeys=6, top_storey_height_m=Decimal("18.0"))
    seven_storeys = PropertyFactory(storeys=7, top_storey_height_m=None)
    assert "firefighting_equipment" in building_codes(tall)
    assert "firefighting_equipment" in building_codes(seven_storeys)
    assert "communal_fire_doors" not in building_codes(seven_storeys)  # no height recorded


def test_asbestos_on_the_register_brings_the_yearly_reinspection():
    assert "asbestos_reinspection" in building_codes(PropertyFactory(asbestos="present"))
    assert "asbestos_reinspection" not in building_codes(PropertyFactory(asbestos="unknown"))


def test_no_gas_no_communal_areas_and_no_asbestos_leave_those_checks_out():
    flat = PropertyFactory(has_gas_supply=False, has_communal_areas=False, asbestos="none")
    assert building_codes(flat) == {"eicr", "pat", "legionella_risk_assessment"}


def test_a_hostel_or_refuge_scheme_has_no_electrical_or_alarm_checks_under_those_regulations():
    hostel = SchemeFactory(
        safety_exemption="hostel", safety_exemption_basis="Board and lodging, no self-contained flats"
    )
    house = PropertyFactory(scheme=hostel)
    unit = UnitFactory(property=house)
    assert building_codes(house) == LOW_RISE - {"eicr", "pat"}
    assert codes(unit=unit) == {"fire_safety_instructions_move_in"}  # the fire regulations still apply


def test_assets_get_their_own_checks():
    building = PropertyFactory()
    panel = AssetFactory(building=building, kind="fire_alarm")
    lift = AssetFactory(building=building, kind="lift", label="Main lift")
    water = AssetFactory(building=building, kind="water_system", label="Cold water tank")
    assert codes(asset=panel) == {"fire_alarm_test"}
    assert codes(asset=lift) == {"lift_thorough_examination"}
    assert codes(asset=water) == {"water_temperatures", "outlet_flushing"}


def test_changing_the_stock_pauses_checks_made_by_rule_and_keeps_their_records():
    block = PropertyFactory(storeys=5, top_storey_height_m=Decimal("12.0"))
    doors = schedule_of("communal_fire_doors", building=block)
    record(doors, date(2026, 11, 1))
    block.top_storey_height_m = Decimal("9.0")  # measured again: below 11 m
    block.save()
    doors.refresh_from_db()
    assert not doors.active and doors.records.count() == 1
    block.top_storey_height_m = Decimal("12.0")
    block.save()
    doors.refresh_from_db()
    assert doors.active


def test_syncing_again_makes_nothing_twice():
    building = PropertyFactory()
    UnitFactory(property=building)
    before = ScheduledCheck.objects.count()
    assert schedules_sync(scheme=building.scheme) == {"made": 0, "changed": 0}
    assert ScheduledCheck.objects.count() == before


def test_an_admins_schedule_for_stock_it_cannot_apply_to_is_refused():
    building = PropertyFactory(has_gas_supply=False)
    unit = UnitFactory(property=building)
    wrong_level = ScheduledCheck(check_type=check_type("gas_safety"), scheme=building.scheme, unit=unit)
    with pytest.raises(ValidationError) as caught:
        validate_schedule(wrong_level)
    assert "applies to a building, not a unit" in caught.value.message_dict["check_type"][0]
    lift_check_on_panel = ScheduledCheck(
        check_type=check_type("lift_thorough_examination"),
        scheme=building.scheme,
        asset=AssetFactory(building=building, kind="fire_alarm"),
    )
    with pytest.raises(ValidationError) as caught:
        validate_schedule(lift_check_on_panel)
    assert "is for a passenger lift, not a fire alarm panel" in caught.value.message_dict["check_type"][0]
    other_scheme = ScheduledCheck(check_type=check_type("eicr"), scheme=SchemeFactory(), building=building)
    with pytest.raises(ValidationError) as caught:
        validate_schedule(other_scheme)
    assert "scheme" in caught.value.message_dict
    no_gas = ScheduledCheck(check_type=check_type("gas_safety"), scheme=building.scheme, building=building)
    with pytest.raises(ValidationError) as caught:
        validate_schedule(no_gas)
    assert "Say why it applies here" in caught.value.message_dict["basis"][0]
    no_gas.basis = "A gas boiler was fitted in the basement in November"
    validate_schedule(no_gas)  # with a basis, it may apply


def test_stock_saved_before_compliance_gets_its_schedules_from_the_command(settings):
    from io import StringIO

    from django.core.management import call_command

    building = PropertyFactory()
    UnitFactory(property=building)
    expected = ScheduledCheck.objects.count()
    ScheduledCheck.objects.all().delete()  # as on a database upgraded from before compliance
    out = StringIO()
    call_command("sync_compliance_schedules", stdout=out)
    assert ScheduledCheck.objects.count() == expected
    assert f"Schedules made: {expected};" in out.getvalue()
    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "compliance.tasks.sync_schedules")
    assert entry["schedule"].hour == {2}


def test_a_new_check_type_is_scheduled_wherever_it_applies():
    from compliance.models import CheckType

    building = PropertyFactory()
    CheckType.objects.create(
        code="roof_access",
        name="Roof access inspection",
        applies_to="building",
        frequency_amount=12,
        recorded_by="staff",
        source="Hearth policy",
    )
    assert "roof_access" in building_codes(building)


def test_flushing_is_scheduled_while_a_home_is_empty():
    from repairs.models import Void
    from tests.repairs.factories import VoidFactory

    unit = UnitFactory()
    assert "void_flushing" not in codes(unit=unit)
    void = VoidFactory(unit=unit, started_on=date(2026, 11, 2))
    assert "void_flushing" in codes(unit=unit)
    Void.objects.filter(pk=void.pk).update(let_on=date(2026, 11, 30))
    Void.objects.get(pk=void.pk).save()
    assert "void_flushing" not in codes(unit=unit)
    assert ScheduledCheck.objects.filter(unit=unit, check_type__code="void_flushing", active=False).exists()


def test_a_new_agreement_makes_the_fire_safety_instructions_due_again():
    import datetime

    import time_machine

    from tenancies.services import agreements
    from tests.accounts.factories import UserFactory
    from tests.compliance.factories import pre_let_checks_done
    from tests.tenancies.factories import OfferedAgreementFactory

    with time_machine.travel(datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC), tick=False):
        unit = UnitFactory()
        instructions = schedule_of("fire_safety_instructions_move_in", unit=unit)
        record(instructions, date(2025, 5, 1))  # given to the last resident
        pre_let_checks_done(unit, date(2026, 12, 1))
        offer = OfferedAgreementFactory(unit=unit, start_date=date(2026, 12, 1))
        agreements.agreement_update_checklist(
            agreement=offer, by=UserFactory(), **dict.fromkeys(type(offer).CHECKLIST, True)
        )
    instructions.refresh_from_db()
    assert instructions.last_done_on is None and instructions.records.count() == 1  # the record stays
    assert ScheduledCheck.objects.with_status(date(2026, 12, 1)).get(pk=instructions.pk).status == "no_record"
    assert instructions.history.filter(history_change_reason="Due again: a new agreement started").exists()
