"""Demo stock, residents and agreements: a few schemes with history, scaled by --scale."""

import random
from datetime import timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.models import Coverage, User
from core.demo import demo_seeder
from people.models import RiskFlag, SupportNeed
from people.services import person_create, risk_flag_record, support_need_record
from rents.services.ledger import account_open, account_stop_charging, charge_run

from ..models import Agreement, Property, Scheme, Unit

SCHEMES = [
    ("Riverside House", Scheme.Kind.HIGH_SUPPORT, "12 River Road\nLeeds", "LS11 5DR"),
    ("Elm Court", Scheme.Kind.SUPPORTED, "3 Elm Court\nLeeds", "LS6 2QA"),
    ("Canal Street Project", Scheme.Kind.SUPPORTED, "40 Canal Street\nLeeds", "LS12 2PP"),
]
FIRST = ["Alex", "Sam", "Jordan", "Casey", "Riley", "Morgan", "Jamie", "Taylor", "Chris", "Robin", "Ellis", "Kai"]
LAST = [
    "Ahmed",
    "Brown",
    "Campbell",
    "Davies",
    "Evans",
    "Khan",
    "Murphy",
    "Nowak",
    "Okafor",
    "Patel",
    "Smith",
    "Wright",
]
NEEDS = [
    (SupportNeed.Category.MENTAL_HEALTH, "Lives with depression; finds mornings hard."),
    (SupportNeed.Category.SUBSTANCE_USE, "In recovery from alcohol use; attends a weekly group."),
    (SupportNeed.Category.MENTAL_HEALTH, "Bipolar disorder; stable on medication, sees the community team monthly."),
    (SupportNeed.Category.CARE_LEAVER, "Left care at 18; building independent living skills."),
]


def _schemes(scale: int):
    for n in range(scale):
        for name, kind, address, postcode in SCHEMES:
            yield (name if n == 0 else f"{name} {n + 1}"), kind, address, postcode


@demo_seeder(order=10)
def seed_schemes_and_agreements(scale: int) -> str:
    today = timezone.localdate()
    worker = User.objects.filter(email="housing.worker@example.org").first()
    support = User.objects.filter(email="support.worker@example.org").first()
    scheme_type = ContentType.objects.get_for_model(Scheme)
    created = 0
    for index, (name, kind, address, postcode) in enumerate(_schemes(scale)):
        scheme, new = Scheme.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "address": address,
                "postcode": postcode,
                "partner_landlord": "Northern Homes Housing Association",
                "partner_contact": "Priya Shah, 0113 496 0000",
                "support_provider": "Hearth Recovery Support",
            },
        )
        if worker and index % 3 != 2:
            Coverage.objects.get_or_create(user=worker, content_type=scheme_type, object_id=scheme.pk)
        if support and index % 3 == 0:
            Coverage.objects.get_or_create(user=support, content_type=scheme_type, object_id=scheme.pk)
        if not new:
            continue
        created += 1
        rng = random.Random(f"hearth-demo-{name}")  # noqa: S311 - demo data, not security
        building = Property.objects.create(
            scheme=scheme, address=address.splitlines()[0], town="Leeds", postcode=postcode, owner="Northern Homes"
        )
        for room in range(1, 9):
            unit = Unit.objects.create(
                property=building,
                label=f"Room {room}",
                kind=Unit.Kind.FLAT if room > 6 else Unit.Kind.ROOM,
                accessibility_features="Ground floor, level access shower" if room == 1 else "",
                unavailable_reason="Damp repairs under way" if room == 8 and index % 2 else "",
            )
            if unit.unavailable_reason:
                continue
            # Two years of history: an earlier agreement that ended, then today's resident (most rooms).
            start = today - timedelta(days=rng.randint(400, 800))
            end = start + timedelta(days=rng.randint(120, 360))
            reason = rng.choice(["planned_move_on", "planned_move_on", "eviction", "abandonment", "hospital"])
            _agreement(rng, unit, start, end, reason=reason, support=support, by=worker)
            if room <= 6:
                _agreement(rng, unit, end + timedelta(days=rng.randint(7, 30)), None, support=support, by=worker)
            elif room == 7:
                _agreement(rng, unit, today + timedelta(days=10), None, support=support, offered=True, by=worker)
    posted = charge_run()
    return (
        f"{Scheme.objects.count()} schemes ({created} new), {Agreement.objects.count()} agreements, "
        f"{posted} weekly rent charges posted"
    )


def _agreement(rng, unit, start, end, *, reason="", support=None, offered=False, by=None):
    person = person_create(
        by=by,
        legal_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        date_of_birth=start - timedelta(days=365 * rng.randint(19, 60)),
        phone=f"07700 900{rng.randint(100, 999)}",
        communication_preferences=rng.choice(
            ["Prefers text messages.", "Avoid phone calls before noon.", "Face to face works best.", ""]
        ),
        key_support_worker=support if rng.random() < 0.5 else None,
    )
    category, details = rng.choice(NEEDS)
    support_need_record(person=person, category=category, details=details, by=by)
    if rng.random() < 0.3:
        risk_flag_record(
            person=person,
            kind=RiskFlag.Kind.SELF_HARM,
            level=RiskFlag.Level.MEDIUM,
            details="Talk to the team lead.",
            by=by,
        )
    done = not offered
    positive = reason in {"planned_move_on", "transfer"} if end else None
    agreement = Agreement.objects.create(
        person=person,
        unit=unit,
        kind=Agreement.Kind.LICENCE,
        status=Agreement.Status.OFFERED if offered else (Agreement.Status.ENDED if end else Agreement.Status.ACTIVE),
        start_date=start,
        end_date=end,
        end_reason=reason if end else "",
        positive_move_on=positive,
        move_on_destination="Council flat" if positive else "",
        weekly_rent=Decimal("118.40"),
        weekly_service_charge=Decimal("42.15"),
        weekly_personal_charge=Decimal("14.50"),
        id_seen=done,
        agreement_signed=done,
        hb_claim_made=done,
        induction_done=done,
        keys_issued=done,
        checklist_completed_on=start if done else None,
    )
    account = account_open(
        reference=f"RA{agreement.pk:06d}",
        name=f"{person.legal_name}, {unit}",
        charging_from=start,
        lines={
            "core_rent": agreement.weekly_rent,
            "eligible_service": agreement.weekly_service_charge,
            "personal": agreement.weekly_personal_charge,
        },
    )
    if end:
        account_stop_charging(account=account, last_day=end)
    agreement.rent_account = account
    agreement.save(update_fields=["rent_account"])
    return agreement
