"""Demo compliance: the demo schemes' buildings described so every check type applies somewhere (a
high-rise block, a block above 11 m with asbestos on the register, a shared house run as a hostel),
their equipment, and checks recorded through the service at dates before today, so the grid shows
compliant, due soon, overdue, no record and failed with actions open. Idempotent: a schedule that
already has a record is left alone, and the stock is only saved when it differs."""

import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from core.clocks import Unit as ClockUnit
from core.demo import demo_seeder
from tenancies.models import Agreement, Property, Scheme

from ..models import Action, ActionPriority, Asset, CheckRecord, CheckType, ScheduledCheck
from ..services.actions import action_close, action_raise_repair
from ..services.checks import Finding, check_record
from ..services.schedules import schedules_sync

Outcome = CheckRecord.Outcome
COMPLIANT, DUE_SOON, OVERDUE, NO_RECORD = "compliant", "due_soon", "overdue", "no_record"

HOSTEL_BASIS = (
    "Short-stay direct-access hostel with staff on site day and night and shared kitchens; the partner "
    "landlord's legal advice is that it is a hostel under SI 2020/312 Sch 1 and SI 2015/1693 Sch."
)


@dataclass
class Building:
    """What the demo says about one demo scheme's building, and which of its checks stand where."""

    scheme: str
    attributes: dict
    assets: list[tuple[str, str, str]]
    exemption: str = ""
    # (check code, asset kind or unit label or "") -> state; everything else is compliant.
    states: dict = field(default_factory=dict)


BUILDINGS = [
    Building(
        "Riverside House",
        {
            "storeys": 7,
            "top_storey_height_m": Decimal("19.5"),
            "has_gas_supply": False,
            "has_communal_areas": True,
            "asbestos": Property.Asbestos.NONE,
        },
        [
            (Asset.Kind.FIRE_ALARM, "Main fire alarm panel", "Ground floor entrance lobby"),
            (Asset.Kind.EMERGENCY_LIGHTING, "Stairs and landings", "Both stair cores, ground to 7th floor"),
            (Asset.Kind.LIFT, "Main passenger lift", "Central core"),
            (Asset.Kind.WATER_SYSTEM, "Cold water tank and hot water system", "Roof plant room"),
        ],
        states={
            ("communal_fire_doors", ""): OVERDUE,
            ("firefighting_equipment", ""): DUE_SOON,
            ("water_temperatures", Asset.Kind.WATER_SYSTEM): DUE_SOON,
            ("smoke_co_alarms", "Room 3"): DUE_SOON,
            ("smoke_co_alarms", "Room 5"): OVERDUE,
        },
    ),
    Building(
        "Elm Court",
        {
            "storeys": 5,
            "top_storey_height_m": Decimal("12.0"),
            "has_gas_supply": True,
            "has_communal_areas": True,
            "asbestos": Property.Asbestos.PRESENT,
        },
        [
            (Asset.Kind.FIRE_ALARM, "Fire alarm panel", "Entrance hall"),
            (Asset.Kind.EMERGENCY_LIGHTING, "Communal emergency lighting", "Stairs, landings and lounge"),
            (Asset.Kind.WATER_SYSTEM, "Hot and cold water system", "Basement boiler room"),
            (Asset.Kind.STAIRLIFT, "Stair-lift to the first floor", "Main staircase"),
        ],
        states={
            ("pat", ""): OVERDUE,
            ("fire_safety_instructions", ""): DUE_SOON,
            ("flat_entrance_doors", ""): NO_RECORD,
            ("asbestos_reinspection", ""): DUE_SOON,
            ("hoist_thorough_examination", Asset.Kind.STAIRLIFT): NO_RECORD,
            ("outlet_flushing", Asset.Kind.WATER_SYSTEM): OVERDUE,
            ("smoke_co_alarms", "Room 8"): NO_RECORD,
        },
    ),
    Building(
        "Canal Street Project",
        {
            "storeys": 3,
            "top_storey_height_m": Decimal("6.0"),
            "has_gas_supply": True,
            "has_communal_areas": True,
            "asbestos": Property.Asbestos.UNKNOWN,
        },
        [
            (Asset.Kind.FIRE_ALARM, "Fire alarm panel", "Office, ground floor"),
            (Asset.Kind.EMERGENCY_LIGHTING, "Emergency lighting", "Hallways and shared kitchen"),
            (Asset.Kind.WATER_SYSTEM, "Combination boiler and water system", "Kitchen"),
        ],
        exemption=Scheme.Exemption.HOSTEL,
        states={
            ("legionella_risk_assessment", ""): NO_RECORD,
            ("asbestos_survey", ""): NO_RECORD,
            ("fire_alarm_test", Asset.Kind.FIRE_ALARM): OVERDUE,
            ("health_safety_walkround", ""): OVERDUE,
        },
    ),
]

CONTRACTORS = {
    "gas_safety": ("Aire Plumbing and Heating", "548921"),
    "eicr": ("Kirkstall Electrical", ""),
    "pat": ("Kirkstall Electrical", ""),
    "emergency_lighting_annual": ("Kirkstall Electrical", ""),
    "fire_risk_assessment": ("Pennine Fire Risk Consultants", ""),
    "legionella_risk_assessment": ("Clearwater Water Hygiene", ""),
    "asbestos_survey": ("Yorkshire Asbestos Surveys", ""),
    "asbestos_reinspection": ("Yorkshire Asbestos Surveys", ""),
    "lift_thorough_examination": ("Ridings Lift Inspection", ""),
    "hoist_thorough_examination": ("Ridings Lift Inspection", ""),
}


def _pdf(name: str) -> SimpleUploadedFile:
    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/pdf")


def _interval_days(check_type: CheckType) -> int:
    per = {ClockUnit.WEEKS.value: 7, ClockUnit.MONTHS.value: 30, ClockUnit.CALENDAR_DAYS.value: 1}
    return check_type.frequency_amount * per[check_type.frequency_unit]


def _done_on(check_type: CheckType, state: str, today: date) -> date:
    """A date before today on which a check done leaves it in `state` today."""
    rule = check_type.rule
    if rule is None:  # a one-off survey: done once, years ago
        return today - timedelta(days=6 * 365)
    interval, warning = _interval_days(check_type), check_type.warning_days
    if state == DUE_SOON:
        target = today + timedelta(days=max(1, warning // 2))
    elif state == OVERDUE:
        target = today - timedelta(days=max(4, min(interval // 4, 45)))
    else:
        target = today + timedelta(days=min(max(warning + 3, interval // 2), interval - 1))
    # The earliest day whose next due date is on or after the target (months are not all as long).
    done = target - timedelta(days=interval + 3)
    while rule.due(done) < target:
        done += timedelta(days=1)
    return min(done, today)


def _record(schedule: ScheduledCheck, done_on: date, by, outcome=Outcome.PASS, **extra) -> CheckRecord:
    check_type = schedule.check_type
    if check_type.recorded_by == CheckType.RecordedBy.CERTIFICATE and outcome != Outcome.NO_ACCESS:
        name, registration = CONTRACTORS.get(check_type.code, ("Hearth Safety Services", ""))
        extra.setdefault("contractor_name", name)
        extra.setdefault("contractor_registration", registration or ("100200" if check_type.registration_label else ""))
        extra.setdefault("certificate", _pdf(f"{check_type.code}-{done_on:%Y-%m-%d}.pdf"))
    return check_record(schedule=schedule, done_on=done_on, outcome=outcome, by=by, **extra)


def _describe(building: Property, spec: Building) -> None:
    """Set the building's attributes and the scheme's exemption, saving only what differs (the
    compliance signals then bring the scheme's schedules in step)."""
    scheme = building.scheme
    exemption_basis = HOSTEL_BASIS if spec.exemption else ""
    if (scheme.safety_exemption, scheme.safety_exemption_basis) != (spec.exemption, exemption_basis):
        scheme.safety_exemption, scheme.safety_exemption_basis = spec.exemption, exemption_basis
        scheme.save(update_fields=["safety_exemption", "safety_exemption_basis"])
    changed = [name for name, value in spec.attributes.items() if getattr(building, name) != value]
    if changed:
        for name in changed:
            setattr(building, name, spec.attributes[name])
        building.save(update_fields=changed)
    for kind, label, location in spec.assets:
        Asset.objects.get_or_create(building=building, kind=kind, label=label, defaults={"location": location})
    schedules_sync(scheme=scheme)


def _key(schedule: ScheduledCheck) -> tuple[str, str]:
    if schedule.asset_id:
        return schedule.check_type.code, schedule.asset.kind
    if schedule.unit_id:
        return schedule.check_type.code, schedule.unit.label
    return schedule.check_type.code, ""


def _failed_fire_risk_assessment(schedule, today, by):
    """Failed three weeks ago with two findings: the immediate one done the next day with evidence,
    the three-month one still open."""
    priority = {p.code: p for p in ActionPriority.objects.filter(code__in=["immediate", "three_months"])}
    done_on = today - timedelta(days=21)
    record = _record(
        schedule,
        done_on,
        by,
        outcome=Outcome.FAIL,
        findings=[
            Finding(
                "The fire door to the shared kitchen is wedged open and its self-closer is broken: remove the "
                "wedge and repair the closer.",
                priority["immediate"],
            ),
            Finding(
                "Fire action notices on the first and second floors are missing or out of date: replace them.",
                priority["three_months"],
            ),
        ],
    )
    urgent = record.actions.get(priority__code="immediate")
    action_close(
        action=urgent,
        completed_on=done_on + timedelta(days=1),
        evidence_notes="Wedge removed and a new self-closer fitted by the caretaker; the door closes fully "
        "onto its latch. Job sheet attached.",
        evidence=_pdf("job-sheet-kitchen-fire-door.pdf"),
        by=by,
    )


def _failed_emergency_lighting(schedule, today, by):
    """The annual duration test failed a fortnight ago; a repair is raised for its action."""
    record = _record(
        schedule,
        today - timedelta(days=14),
        by,
        outcome=Outcome.FAIL,
        findings=[
            Finding(
                "Two emergency light fittings on the second-floor landing failed the 3-hour duration test: "
                "replace their batteries.",
                ActionPriority.objects.get(code="one_month"),
            )
        ],
    )
    action_raise_repair(action=record.actions.get(), by=by)


def _gas_not_in(schedule, today, by):
    """Passed almost a year ago, so due soon; the engineer could not get in last week."""
    _record(schedule, _done_on(schedule.check_type, DUE_SOON, today), by)
    _record(
        schedule,
        today - timedelta(days=5),
        by,
        outcome=Outcome.NO_ACCESS,
        access_attempt="Engineer called at 9:30am as arranged by letter; no answer at the boiler room door "
        "and the caretaker was off sick. Calling card left; rebooking with the caretaker present.",
    )


def _move_in_instructions(schedule, today, by):
    """Given when the home's current (or last) resident moved in; none yet where no one has lived."""
    agreement = (
        schedule.unit.agreements.exclude(status=Agreement.Status.OFFERED)
        .filter(start_date__lte=today)
        .order_by("-start_date")
        .first()
    )
    if agreement is None:
        return False
    _record(schedule, agreement.start_date, by)
    return True


SPECIAL = {
    ("Canal Street Project", "fire_risk_assessment"): _failed_fire_risk_assessment,
    ("Elm Court", "emergency_lighting_annual"): _failed_emergency_lighting,
    ("Elm Court", "gas_safety"): _gas_not_in,
}


@demo_seeder(order=55)
def seed_compliance(scale: int) -> str:
    today = timezone.localdate()
    worker = User.objects.filter(email="housing.worker@example.org").first()
    made = 0
    for spec in BUILDINGS:
        building = Property.objects.filter(scheme__name=spec.scheme).select_related("scheme").order_by("pk").first()
        if building is None or worker is None:
            continue
        _describe(building, spec)
        schedules = (
            ScheduledCheck.objects.active()
            .filter(scheme=building.scheme)
            .exclude(records__isnull=False)
            .select_related("check_type", "asset", "unit")
            .order_by("check_type__order", "pk")
            .distinct()
        )
        for schedule in schedules:
            key = _key(schedule)
            code = schedule.check_type.code
            if code == "fire_safety_instructions_move_in":
                made += _move_in_instructions(schedule, today, worker)
                continue
            special = SPECIAL.get((spec.scheme, code))
            if special:
                special(schedule, today, worker)
            else:
                state = spec.states.get(key, COMPLIANT)
                if state == NO_RECORD:
                    continue
                _record(schedule, _done_on(schedule.check_type, state, today), worker)
            made += 1
    return (
        f"{ScheduledCheck.objects.active().count()} scheduled checks, {CheckRecord.objects.count()} check "
        f"records ({made} checks newly recorded), {Action.objects.open().count()} open actions"
    )
