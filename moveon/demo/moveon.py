"""Demo landlords and agents with homes and documents; LHA rates for the demo area; offers on demo cases (one
affordable, one over the LHA); incentives (one above the limit approved by the team leader and paid, one
waiting); an accepted offer whose household moved in six months ago, so its follow-up is due. Idempotent."""

from datetime import timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from accounts.models import User
from casework.models import Case
from core.demo import demo_seeder

from ..models import (
    BroadRentalMarketArea,
    IncentiveBudget,
    Landlord,
    LandlordProperty,
    LHARate,
    MoveOnSettings,
    Offer,
    PropertyDocument,
    financial_year_of,
)
from ..services import incentives, landlords, moves, offers

D = Decimal
RATES = {"shared": "95.00", "1": "149.59", "2": "184.11", "3": "218.63", "4": "287.67"}
LANDLORDS = [
    ("Northgate Lettings", Landlord.Kind.AGENT, "Priya Shah", "0113 496 0200", "lettings@northgate.example"),
    ("Mr Tomasz Nowak", Landlord.Kind.LANDLORD, "", "07700 900123", "t.nowak@example.com"),
    ("Riverside Homes Ltd", Landlord.Kind.LANDLORD, "Jo Evans", "0113 496 0300", "jo@riverside.example"),
    ("Keystone Property Agents", Landlord.Kind.AGENT, "Sam Lee", "0113 496 0400", "hello@keystone.example"),
]
HOMES = [
    ("Northgate Lettings", "Flat 2, 14 Chapel Street\nAnytown", 1, "140.00"),
    ("Northgate Lettings", "31 Albion Road\nAnytown", 2, "210.00"),
    ("Mr Tomasz Nowak", "7 Orchard Close\nAnytown", 2, "180.00"),
    ("Riverside Homes Ltd", "22 Quay Street\nAnytown", 3, "215.00"),
]


def _directory(officer, today):
    brma, _ = BroadRentalMarketArea.objects.get_or_create(name="Anytown")
    for category, rate in RATES.items():
        LHARate.objects.get_or_create(
            brma=brma,
            category=category,
            valid_from=today.replace(month=4, day=1)
            if today.month >= 4
            else today.replace(year=today.year - 1, month=4, day=1),
            defaults={"weekly_rate": D(rate)},
        )
    made = {}
    for name, kind, contact, phone, email in LANDLORDS:
        landlord = Landlord.objects.filter(name=name).first()
        if landlord is None:
            landlord = landlords.landlord_save(
                landlord=Landlord(name=name, kind=kind, contact_name=contact, phone=phone, email=email), by=officer
            )
        made[name] = landlord
    homes = []
    for name, address, bedrooms, rent in HOMES:
        home = LandlordProperty.objects.filter(landlord=made[name], address=address).first()
        if home is None:
            home = landlords.property_save(
                home=LandlordProperty(
                    landlord=made[name], address=address, bedrooms=bedrooms, weekly_rent=D(rent), brma=brma
                ),
                by=officer,
            )
            landlords.document_record(
                home=home,
                kind=PropertyDocument.Kind.GAS,
                seen_on=today - timedelta(days=400),
                expires_on=today - timedelta(days=35) if len(homes) == 1 else today + timedelta(days=200),
                by=officer,
            )
            landlords.document_record(
                home=home,
                kind=PropertyDocument.Kind.EICR,
                seen_on=today - timedelta(days=90),
                expires_on=today + timedelta(days=365 * 5 - 90),
                by=officer,
            )
        homes.append(home)
    return brma, homes


@demo_seeder(order=70)
def seed_moveon(scale: int) -> str:
    today = timezone.localdate()
    officer = User.objects.filter(email="prevention.officer@example.org").first()
    leader = User.objects.filter(email="team.leader@example.org").first()
    if officer is None or leader is None:
        return "Move-on: no prevention staff (seed staff first)"
    if not MoveOnSettings.objects.exists():
        MoveOnSettings.objects.create(incentive_approval_limit=D("500.00"))
    IncentiveBudget.objects.get_or_create(financial_year=financial_year_of(today), defaults={"amount": D("25000.00")})
    _brma, homes = _directory(officer, today)
    if Offer.objects.exists():
        return f"Move-on: {Landlord.objects.count()} landlords, {Offer.objects.count()} offers (already seeded)"
    cases = list(
        Case.objects.filter(officer=officer, status=Case.Status.OPEN).select_related("person").order_by("pk")[:3]
    )
    if len(cases) < 3:
        return "Move-on: not enough open demo cases"
    income = D("480.00")
    affordable = offers.offer_create(
        case=cases[0],
        home=homes[0],
        weekly_rent=homes[0].weekly_rent,
        bedrooms=homes[0].bedrooms,
        weekly_income=income,
        offered_on=today - timedelta(days=3),
        by=officer,
    )
    offers.viewing_record(
        offer=affordable,
        on=today - timedelta(days=1),
        attended=True,
        notes="Liked the flat; near the bus route.",
        by=officer,
    )
    offers.offer_create(
        case=cases[1],
        home=homes[1],
        weekly_rent=homes[1].weekly_rent,
        bedrooms=homes[1].bedrooms,
        weekly_income=income,
        offered_on=today - timedelta(days=2),
        by=officer,
    )
    started = today - relativedelta(months=6) - timedelta(days=2)
    moved = offers.offer_create(
        case=cases[2],
        home=homes[2],
        weekly_rent=homes[2].weekly_rent,
        bedrooms=homes[2].bedrooms,
        weekly_income=D("520.00"),
        offered_on=started - timedelta(days=14),
        by=officer,
    )
    offers.offer_decide(offer=moved, outcome=Offer.Outcome.ACCEPTED, on=started - timedelta(days=7), by=officer)
    moves.move_record(offer=moved, start_date=started, tenancy_months=12, by=officer)
    big = incentives.incentive_request(offer=moved, kind="landlord", amount=D("750.00"), by=officer)
    incentives.incentive_approve(incentive=big, by=leader)
    incentives.incentive_pay(incentive=big, paid_on=today, by=officer)
    deposit = incentives.incentive_request(offer=moved, kind="deposit", amount=D("360.00"), by=officer)
    incentives.incentive_pay(incentive=deposit, paid_on=today, by=officer)
    incentives.incentive_request(offer=affordable, kind="rent_in_advance", amount=D("600.00"), by=officer)
    return f"Move-on: {Landlord.objects.count()} landlords, {Offer.objects.count()} offers, a move due its follow-up"
