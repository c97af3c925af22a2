"""Demo repairs, contractors, budgets, hazards and voids: every status and priority, some late, hazard
clocks running and one breached, voids at every stage. Made through the services, so the history,
budgets and clocks are what real use would leave; idempotent on each scheme's repair descriptions."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from core.demo import demo_seeder
from tenancies.models import Agreement, Scheme, Unit

from ..models import BudgetCode, Contractor, Repair, RepairPriority, RepairsBudget, Void, VoidCheck
from ..models.contractors import financial_year_of
from ..services import hazards, orders, voids
from ..services import repairs as services

CONTRACTORS = [
    ("Aire Plumbing and Heating", ["plumbing", "heating"], 365),
    ("Kirkstall Electrical", ["electrical", "fire_safety", "appliances"], 200),
    ("Northern Damp Specialists", ["damp_mould", "structural", "roof"], -10),  # insurance lapsed: cannot be ordered
]


def _moment(days_ago: float, hour: int = 10) -> datetime:
    """`hour` o'clock `days_ago` days ago in London; today, a few hours ago (never in the future)."""
    if days_ago == 0:
        return timezone.now() - timedelta(hours=3)
    day = timezone.localdate() - timedelta(days=int(days_ago))
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _contractors(today):
    made = []
    for name, trades, insured_for in CONTRACTORS:
        contractor, _ = Contractor.objects.get_or_create(
            name=name,
            defaults={
                "trades": trades,
                "contact_name": "Jobs desk",
                "phone": "0113 496 0100",
                "email": f"jobs@{name.split()[0].lower()}.example",
                "insurance_expires_on": today + timedelta(days=insured_for),
            },
        )
        made.append(contractor)
    return made


def _budget(scheme, code, today, amount):
    budget, _ = RepairsBudget.objects.get_or_create(
        scheme=scheme, budget_code=code, financial_year=financial_year_of(today), defaults={"amount": amount}
    )
    return budget


def _report(scheme, unit, by, *, description, category, priority, days_ago, **extra):
    return services.repair_report(
        scheme=scheme,
        unit=unit,
        communal_area="" if unit else "Shared kitchen",
        category=category,
        description=description,
        location=extra.pop("location", ""),
        priority=priority,
        reported_at=_moment(days_ago, extra.pop("hour", 10)),
        reported_by_kind=extra.pop("reported_by_kind", Repair.ReportedBy.RESIDENT),
        channel=extra.pop("channel", Repair.Channel.PHONE),
        by=by,
        **extra,
    )


def _scheme_repairs(scheme, units, worker, manager, plumber, electrician, budget):
    p = {priority.code: priority for priority in RepairPriority.objects.all()}
    first, second, third = units[0], units[1], units[2]
    r = _report(
        scheme,
        first,
        worker,
        description="The kitchen tap drips all the time.",
        category="plumbing",
        priority=p["routine"],
        days_ago=3,
        location="Kitchen",
    )  # reported, within target
    r = _report(
        scheme,
        second,
        worker,
        description="No hot water in the shower since Monday.",
        category="heating",
        priority=p["urgent"],
        days_ago=2,
        location="Bathroom",
    )
    orders.works_order_raise(repair=r, estimated_cost=Decimal("180.00"), contractor=plumber, budget=budget, by=worker)
    r = _report(
        scheme,
        third,
        worker,
        description="The bedroom window will not close properly.",
        category="windows_doors",
        priority=p["routine"],
        days_ago=10,
        location="Bedroom",
    )
    orders.works_order_raise(repair=r, estimated_cost=Decimal("95.00"), budget=budget, by=worker)
    services.repair_book(
        repair=r, appointment_at=_moment(-2, 9), access_notes="Mornings suit best; please knock loudly.", by=worker
    )
    late = _report(
        scheme,
        None,
        worker,
        description="Extractor fan in the shared kitchen is broken.",
        category="electrical",
        priority=p["urgent"],
        days_ago=12,
        reported_by_kind=Repair.ReportedBy.WORKER,
        channel=Repair.Channel.STAFF,
    )  # open and past its 7-day target
    orders.works_order_raise(
        repair=late, estimated_cost=Decimal("140.00"), contractor=electrician, budget=budget, by=worker
    )
    done = _report(
        scheme,
        first,
        worker,
        description="Toilet cistern keeps running.",
        category="plumbing",
        priority=p["urgent"],
        days_ago=20,
    )
    orders.works_order_raise(
        repair=done, estimated_cost=Decimal("120.00"), contractor=plumber, budget=budget, by=worker
    )
    services.repair_complete(
        repair=done, completed_at=_moment(17, 15), cost=Decimal("110.00"), notes="New fill valve fitted.", by=worker
    )
    services.repair_verify(repair=done, by=worker)
    done.refresh_from_db()
    slow = _report(
        scheme,
        second,
        worker,
        description="Front door lock is stiff and hard to turn.",
        category="security",
        priority=p["urgent"],
        days_ago=30,
    )
    services.repair_complete(
        repair=slow, completed_at=_moment(18, 12), cost=Decimal("65.00"), notes="Lock replaced.", by=worker
    )  # completed after its target: kept as late for ever
    services.repair_report(
        scheme=scheme,
        unit=first,
        category="plumbing",
        description="The kitchen tap is dripping again.",
        location="Kitchen",
        priority=p["routine"],
        reported_at=_moment(1),
        reported_by_kind=Repair.ReportedBy.RESIDENT,
        channel=Repair.Channel.IN_PERSON,
        recall_of=done,
        by=worker,
    )
    cancelled = _report(
        scheme,
        third,
        worker,
        description="Light in the hallway flickers.",
        category="electrical",
        priority=p["planned"],
        days_ago=15,
    )
    services.repair_cancel(repair=cancelled, reason="Reported twice: the same job as the hallway rewire.", by=worker)
    emergency = _report(
        scheme,
        None,
        worker,
        description="Water coming through the ceiling above the fuse board.",
        category="electrical",
        priority=p["emergency"],
        days_ago=0,
        hour=7,
        reported_by_kind=Repair.ReportedBy.WORKER,
        channel=Repair.Channel.STAFF,
    )
    hazards.hazard_triage(repair=emergency, kind="emergency", by=worker)

    # Damp and mould: one with its investigation running, one investigated with the summary issued.
    mould = _report(
        scheme,
        first,
        worker,
        description="Black mould on the bedroom wall behind the bed; it smells musty.",
        category="damp_mould",
        priority=p["urgent"],
        days_ago=4,
        location="Bedroom",
    )
    hazards.hazard_triage(repair=mould, kind="significant", by=worker)
    older = _report(
        scheme,
        third,
        worker,
        description="Damp patch spreading on the bathroom ceiling.",
        category="damp_mould",
        priority=p["urgent"],
        days_ago=9,
        location="Bathroom",
    )
    hazard = hazards.hazard_triage(repair=older, kind="significant", by=worker)
    hazards.investigation_conclude(
        hazard=hazard,
        concluded_at=_moment(6, 14),
        hazard_found=True,
        findings="Condensation from a broken bathroom extractor fan has caused mould on the ceiling.",
        safety_works="Treat the mould and replace the extractor fan.",
        supplementary_works="Check the loft insulation above the bathroom.",
        investigator="Sam Ward",
        by=worker,
    )
    return 11


def _breached_emergency(scheme, unit, worker):
    """An emergency reported two days ago and not made safe: its 24-hour clock is breached."""
    p = RepairPriority.objects.get(code="emergency")
    repair = _report(
        scheme,
        unit,
        worker,
        description="Exposed wires behind a broken socket in the living room.",
        category="electrical",
        priority=p,
        days_ago=2,
        hour=18,
    )
    hazards.hazard_triage(repair=repair, kind="emergency", by=worker)


def _voids(scheme, today, worker, index):
    """Voids on the scheme's empty rooms, at a different stage in each scheme so the board shows every
    stage (room 7 holds an offer from the agreements demo; room 8 of some schemes is out of use)."""
    empty = list(
        Unit.objects.filter(property__scheme=scheme)
        .with_occupancy(today)
        .filter(is_occupied=False, voids__isnull=True)
        .order_by("label")
    )
    stages = [
        {},
        {"keys_back_on": 18},
        {"keys_back_on": 25, "inspected_on": 22},
        {"keys_back_on": 40, "inspected_on": 38, "works_ordered_on": 35},
        {
            "keys_back_on": 30,
            "inspected_on": 28,
            "works_ordered_on": 26,
            "works_completed_on": 10,
            "ready_to_let_on": 5,
        },
    ]
    for position, unit in enumerate(empty):
        dates = stages[(index * 2 + position) % len(stages)]
        last = unit.agreements.filter(status=Agreement.Status.ENDED).order_by("-end_date").first()
        started = (last.end_date + timedelta(days=1)) if last else today - timedelta(days=45)
        started = max(started, today - timedelta(days=60))
        if unit.unavailable_reason:
            void = voids.void_take_out_of_use(
                unit=unit,
                reason=Void.Reason.MAJOR_WORKS,
                details=unit.unavailable_reason,
                started_on=started,
                by=worker,
            )
        else:
            void = voids.void_open(
                unit=unit,
                reason=Void.Reason.AGREEMENT_ENDED,
                started_on=started,
                weekly_charge=(last.weekly_rent + last.weekly_service_charge) if last else Decimal("150.00"),
                ended_agreement=last if last and not hasattr(last, "void_after") else None,
                by=worker,
            )
        stage_dates = {field: max(today - timedelta(days=days), void.started_on) for field, days in dates.items()}
        if stage_dates:
            voids.void_record_dates(void=void, by=worker, **stage_dates)
        if "ready_to_let_on" in dates:
            for item in (VoidCheck.Item.GAS, VoidCheck.Item.ELECTRICAL):
                voids.void_check_record(
                    void=void, item=item, result=VoidCheck.Result.PASS, checked_on=today - timedelta(days=6), by=worker
                )
            voids.void_check_record(
                void=void,
                item=VoidCheck.Item.SMOKE_ALARM,
                result=VoidCheck.Result.FAIL,
                checked_on=today - timedelta(days=5),
                notes="Alarm on the landing did not sound.",
                by=worker,
            )


@demo_seeder(order=50)
def seed_repairs(scale: int) -> str:
    today = timezone.localdate()
    worker = User.objects.filter(email="housing.worker@example.org").first()
    manager = User.objects.filter(email="manager@example.org").first()
    plumber, electrician, _damp = _contractors(today)
    code, _ = BudgetCode.objects.get_or_create(code="RESP", defaults={"name": "Responsive repairs"})
    made = 0
    for index, scheme in enumerate(Scheme.objects.order_by("pk")):
        if Repair.objects.filter(scheme=scheme).exists():
            continue
        units = list(
            Unit.objects.filter(property__scheme=scheme)
            .with_occupancy(today)
            .filter(is_occupied=True)
            .order_by("label")
        )
        if len(units) < 3:
            continue
        budget = _budget(scheme, code, today, Decimal("560.00") if index == 0 else Decimal("12000.00"))
        made += _scheme_repairs(scheme, units, worker, manager, plumber, electrician, budget)
        if index == 0:
            _breached_emergency(scheme, units[3], worker)
        _voids(scheme, today, worker, index)
    return (
        f"{Repair.objects.count()} repairs ({made} new), {Void.objects.count()} voids, "
        f"{Contractor.objects.count()} contractors, {RepairsBudget.objects.count()} budgets"
    )
