"""The demo applies every check type somewhere, with a believable mix on the grid: compliant, due
soon, overdue, no record and failed with actions open, an action closed with evidence, one with a
repair raised and a gas visit where no one could get in; and seeding twice adds nothing."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from compliance.demo.checks import BUILDINGS, COMPLIANT
from compliance.models import Action, Asset, CheckRecord, CheckType, ScheduledCheck
from tenancies.models import Scheme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DEBUG = True


def counts() -> tuple[int, ...]:
    return (
        ScheduledCheck.objects.count(),
        CheckRecord.objects.count(),
        Action.objects.count(),
        Asset.objects.count(),
        Action.objects.filter(repair__isnull=False).count(),
    )


def as_planned(day) -> list[str]:
    """The demo's own checks whose status on `day` is not the one the demo plans for them."""
    wrong = []
    schedules = ScheduledCheck.objects.active().with_status(day).select_related("check_type", "unit", "asset")
    special = {"fire_risk_assessment", "emergency_lighting_annual", "gas_safety", "fire_safety_instructions_move_in"}
    for spec in BUILDINGS:
        for schedule in schedules.filter(scheme__name=spec.scheme):
            code = schedule.check_type.code
            target = schedule.asset.kind if schedule.asset_id else schedule.unit.label if schedule.unit_id else ""
            if code in special:
                continue
            planned = spec.states.get((code, target), COMPLIANT)
            if schedule.status != planned:
                wrong.append(f"{spec.scheme} {code} {target}: {schedule.status}, not {planned}")
    return wrong


def test_the_demo_applies_every_check_type_with_every_status_and_is_idempotent():
    call_command("seed_demo")
    seeded = counts()
    call_command("seed_demo")  # idempotent
    assert counts() == seeded
    assert CheckRecord.objects.count() <= 150

    active = ScheduledCheck.objects.active()
    for check_type in CheckType.objects.filter(active=True):
        assert active.filter(check_type=check_type).exists(), check_type.code
    statuses = set(active.with_status(timezone.localdate()).values_list("status", flat=True))
    assert statuses == set(ScheduledCheck.Status.values)
    assert as_planned(timezone.localdate()) == []

    assert Action.objects.open().exists()
    closed = Action.objects.get(status=Action.Status.DONE)
    assert closed.evidence_notes and closed.evidence and closed.priority.code == "immediate"
    fire = closed.check_record
    assert fire.outcome == CheckRecord.Outcome.FAIL and fire.schedule.check_type.code == "fire_risk_assessment"
    assert set(fire.actions.values_list("priority__code", flat=True)) == {"immediate", "three_months"}
    raised = Action.objects.get(repair__isnull=False)
    assert raised.is_open and raised.repair.scheme == raised.schedule.scheme
    assert CheckRecord.objects.filter(
        outcome=CheckRecord.Outcome.NO_ACCESS, schedule__check_type__code="gas_safety"
    ).exclude(access_attempt="")


def test_certificates_name_the_contractor_and_the_hostel_shows_its_exemption():
    call_command("seed_demo")
    for record in CheckRecord.objects.filter(schedule__check_type__recorded_by="certificate").exclude(
        outcome=CheckRecord.Outcome.NO_ACCESS
    ):
        assert record.contractor_name and record.certificate and record.certificate_type == "application/pdf"
        assert record.contractor_registration or not record.schedule.check_type.registration_label
    hostel = Scheme.objects.get(safety_exemption=Scheme.Exemption.HOSTEL)
    assert hostel.safety_exemption_basis
    assert not ScheduledCheck.objects.active().filter(scheme=hostel, check_type__code="eicr").exists()
    assert ScheduledCheck.objects.active().filter(check_type__code="eicr").exists()
    assert Asset.objects.filter(kind=Asset.Kind.LIFT).count() == 1
    assert Asset.objects.filter(kind=Asset.Kind.STAIRLIFT).count() == 1


@pytest.mark.parametrize("day", [datetime.date(2027, 3, 31), datetime.date(2028, 2, 29)])
def test_the_mix_holds_at_the_ends_of_months(day):
    """Monthly and yearly checks land in the state meant for them even where months are short."""
    noon = datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
    with time_machine.travel(noon, tick=True):
        call_command("seed_demo")
        statuses = ScheduledCheck.objects.active().with_status(day).values_list("status", flat=True)
        assert set(statuses) == set(ScheduledCheck.Status.values)
        assert as_planned(day) == []
