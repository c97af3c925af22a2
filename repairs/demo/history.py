"""Years of past repairs for `seed_demo --years`: a couple of jobs a month in each scheme, reported by
residents and staff, nearly all completed (most within target, some late, a few verified later) and a
few cancelled. Made in bulk with their history rows, with references from the same yearly counters
`repair_report` uses. Left out on purpose: works orders and budgets (the budget figures are for the
current year) and damp, mould and emergency hazards, whose clocks belong to the ordinary demo.
Idempotent per scheme and month: a month that has its past repairs gets no more.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from random import Random

from dateutil.relativedelta import relativedelta
from django.db.models import F

from accounts.models import User
from core.clocks import LONDON
from core.demo import History, bulk_create_with_progress, demo_history
from core.models import ReferenceCounter
from core.references import highest_in_use, next_number
from tenancies.models import Scheme, Unit

from ..models import Repair, RepairPriority

# category, priority code, description (unique to the history), where, what was done, typical cost
PAST_REPAIRS = [
    ("plumbing", "routine", "Slow-draining bathroom sink.", "Bathroom", "Trap cleared and refitted.", 65),
    (
        "plumbing",
        "urgent",
        "Leak under the kitchen sink dripping into the cupboard.",
        "Kitchen",
        "New waste pipe.",
        120,
    ),
    ("heating", "urgent", "Radiator in the bedroom stays cold.", "Bedroom", "Radiator bled and valve replaced.", 95),
    ("electrical", "urgent", "Socket by the bed sparks when a plug goes in.", "Bedroom", "Socket replaced.", 80),
    ("electrical", "routine", "Ceiling light in the room has stopped working.", "Bedroom", "New light fitting.", 70),
    ("windows_doors", "routine", "Window handle loose and will not lock.", "Bedroom", "Handle and lock replaced.", 55),
    (
        "windows_doors",
        "urgent",
        "Room door does not latch, so it cannot be locked.",
        "",
        "Latch and keep adjusted.",
        60,
    ),
    ("security", "urgent", "Entry phone to the room does not ring.", "Hallway", "Handset replaced.", 140),
    ("appliances", "routine", "Oven in the shared kitchen only heats on one side.", "", "Element replaced.", 110),
    ("pests", "urgent", "Signs of mice in the shared kitchen.", "", "Pest control visits and holes sealed.", 180),
    (
        "fire_safety",
        "urgent",
        "Fire door closer on the landing is broken.",
        "",
        "Closer replaced and door tested.",
        150,
    ),
    ("other", "planned", "Worn carpet on the stairs is a trip hazard.", "", "Stair carpet replaced.", 420),
]
PAST_DESCRIPTIONS = [description for _, _, description, *_ in PAST_REPAIRS]
REPAIRS_UP_TO = timedelta(days=60)  # the ordinary demo's repairs and voids are all within the last two months
PER_MONTH = 2


def _months(since: date, until: date):
    first = since.replace(day=1)
    while first <= until:
        following = first + relativedelta(months=1)
        yield max(first, since), min(following - timedelta(days=1), until)
        first = following


def _references(year: int, count: int) -> list[str]:
    """`count` repair references for `year` from its counter, taken in one step (the counter stays
    locked until the transaction ends, as `repair_report` keeps it)."""
    prefix = f"REP-{year}-"
    first = next_number(
        f"repair-{year}",
        start_after=lambda: highest_in_use(
            Repair.objects.filter(reference__startswith=prefix).values_list("reference", flat=True), prefix
        ),
    )
    ReferenceCounter.objects.filter(key=f"repair-{year}").update(last=F("last") + count - 1)
    return [f"{prefix}{number:05d}" for number in range(first, first + count)]


@demo_history(order=30)
def seed_past_repairs(history: History) -> str:
    now = datetime.combine(history.today, time(8), tzinfo=LONDON)
    until = history.today - REPAIRS_UP_TO
    worker = User.objects.filter(email="housing.worker@example.org").first()
    priorities = {priority.code: priority for priority in RepairPriority.objects.all()}
    done = {
        (scheme_id, reported.astimezone(LONDON).year, reported.astimezone(LONDON).month)
        for scheme_id, reported in Repair.objects.filter(description__in=PAST_DESCRIPTIONS).values_list(
            "scheme_id", "reported_at"
        )
    }
    units: dict[int, list[Unit]] = {}
    for unit in Unit.objects.select_related("property").order_by("pk"):
        units.setdefault(unit.property.scheme_id, []).append(unit)
    repairs = []
    for scheme in Scheme.objects.order_by("pk"):
        rng = Random(f"hearth-history-repairs-{scheme.pk}")  # noqa: S311 - demo data
        for first, last in _months(history.since, until):
            if (scheme.pk, first.year, first.month) in done:
                continue
            for _ in range(PER_MONTH):
                category, code, description, location, notes, cost = rng.choice(PAST_REPAIRS)
                priority = priorities.get(code)
                if priority is None:
                    continue
                day = first + timedelta(days=rng.randint(0, (last - first).days))
                reported = datetime.combine(day, time(rng.randint(8, 17), rng.choice([0, 15, 30, 45])), tzinfo=LONDON)
                unit = rng.choice(units[scheme.pk]) if location and units.get(scheme.pk) else None
                repair = Repair(
                    scheme=scheme,
                    unit=unit,
                    communal_area=""
                    if unit
                    else "Shared kitchen"
                    if category in {"appliances", "pests"}
                    else "Landing",
                    category=category,
                    description=description,
                    location=location if unit else "",
                    priority=priority,
                    target_priority=priority,
                    target_due_at=priority.target_for(reported),
                    reported_at=reported,
                    reported_by_kind=rng.choice([Repair.ReportedBy.RESIDENT, Repair.ReportedBy.WORKER]),
                    channel=rng.choice([Repair.Channel.PHONE, Repair.Channel.IN_PERSON, Repair.Channel.STAFF]),
                    recorded_by=worker,
                )
                repair.created_at = repair._history_date = reported
                if rng.random() < 0.04:
                    repair.status = Repair.Status.CANCELLED
                    repair.cancelled_at = reported + timedelta(days=1)
                    repair.cancel_reason = "Reported twice: the same job as an earlier report."
                else:
                    allowed = repair.target_due_at - reported
                    taken = allowed * (rng.uniform(0.2, 0.95) if rng.random() < 0.85 else rng.uniform(1.1, 2.5))
                    repair.completed_at = min(reported + taken, now)
                    repair.completion_notes = notes
                    repair.cost = Decimal(cost + rng.randint(-15, 40)).quantize(Decimal("0.01"))
                    repair.completed_within_target = repair.completed_at <= repair.target_due_at
                    repair.status = Repair.Status.COMPLETED
                    if rng.random() < 0.6:
                        repair.status = Repair.Status.VERIFIED
                        repair.verified_at = min(repair.completed_at + timedelta(days=rng.randint(1, 10)), now)
                        repair.verified_by = worker
                repairs.append(repair)
    progress = history.progress("repairs", "repairs", len(repairs))
    by_year: dict[int, list[Repair]] = {}
    for repair in repairs:
        by_year.setdefault(repair.reported_at.astimezone(LONDON).year, []).append(repair)
    for year, batch in sorted(by_year.items()):
        for repair, reference in zip(
            sorted(batch, key=lambda repair: repair.reported_at), _references(year, len(batch)), strict=True
        ):
            repair.reference = reference
    bulk_create_with_progress(repairs, Repair, progress, default_user=worker)
    progress.finish()
    late = sum(1 for repair in repairs if repair.completed_within_target is False)
    return f"Past repairs: {len(repairs):,} ({late:,} completed late)"
