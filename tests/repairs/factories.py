"""One factory per model and per state. Factories build rows directly; tests of behaviour go
through the services (`repairs.services.*`)."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from repairs.models import (
    BudgetCode,
    Contractor,
    Hazard,
    HazardType,
    Repair,
    RepairPriority,
    RepairsBudget,
    Void,
    VoidCheck,
    WorksOrder,
)
from tests.accounts.factories import UserFactory
from tests.tenancies.factories import UnitFactory

LONDON_NOON = datetime.time(12, 0)


def priority(code: str = "routine") -> RepairPriority:
    """A seeded default priority (the data migration creates them)."""
    return RepairPriority.objects.get(code=code)


def at(day: datetime.date, clock: datetime.time = LONDON_NOON) -> datetime.datetime:
    """An aware London time, for reported_at and other instants."""
    return timezone.make_aware(datetime.datetime.combine(day, clock))


# Thursday 3 December 2026, 10:00 in London: the moment the `frozen` fixture (conftest.py) stops the clock.
NOW = at(datetime.date(2026, 12, 3), datetime.time(10, 0))


class RepairFactory(factory.django.DjangoModelFactory):
    """A reported repair to a unit; target and reference are filled as `repair_report` would."""

    class Meta:
        model = Repair

    unit = factory.SubFactory(UnitFactory)
    scheme = factory.LazyAttribute(lambda o: o.unit.property.scheme)
    category = Repair.Category.PLUMBING
    description = "The kitchen tap drips all the time."
    location = "Kitchen"
    priority = factory.LazyFunction(priority)
    target_priority = factory.SelfAttribute("priority")
    reported_at = factory.LazyFunction(lambda: at(datetime.date(2026, 12, 1)))
    reported_by_kind = Repair.ReportedBy.RESIDENT
    channel = Repair.Channel.PHONE
    recorded_by = factory.SubFactory(UserFactory)
    reference = factory.Sequence(lambda n: f"REP-TEST-{n + 1:05d}")
    target_due_at = factory.LazyAttribute(lambda o: o.priority.target_for(o.reported_at))


class CompletedRepairFactory(RepairFactory):
    status = Repair.Status.COMPLETED
    completed_at = factory.LazyAttribute(lambda o: o.reported_at + datetime.timedelta(days=2))
    cost = Decimal("120.00")
    completed_within_target = factory.LazyAttribute(lambda o: o.completed_at <= o.target_due_at)


class HazardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hazard

    repair = factory.SubFactory(RepairFactory, category=Repair.Category.DAMP_MOULD)
    kind = Hazard.Kind.SIGNIFICANT
    hazard_type = factory.LazyFunction(lambda: HazardType.objects.get(name="Damp and mould"))
    aware_at = factory.SelfAttribute("repair.reported_at")
    basis = Hazard.Basis.LAW
    basis_reason = "A social housing tenancy is a relevant social housing lease."


class ContractorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contractor

    name = factory.Sequence(lambda n: f"Contractor {n + 1} Ltd")
    trades = factory.LazyFunction(lambda: [Repair.Category.PLUMBING, Repair.Category.HEATING])
    contact_name = "Sam Fixer"
    phone = "0113 496 0000"
    email = factory.Sequence(lambda n: f"jobs{n}@contractor.example")
    insurance_expires_on = datetime.date(2027, 6, 30)


class BudgetCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetCode
        django_get_or_create = ["code"]

    code = "RESP"
    name = "Responsive repairs"


class RepairsBudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RepairsBudget

    scheme = factory.SubFactory("tests.tenancies.factories.SchemeFactory")
    budget_code = factory.SubFactory(BudgetCodeFactory)
    financial_year = 2026
    amount = Decimal("10000.00")


class WorksOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorksOrder

    repair = factory.SubFactory(RepairFactory, status=Repair.Status.ORDERED)
    number = factory.Sequence(lambda n: f"WO-TEST-{n + 1:05d}")
    contractor = factory.SubFactory(ContractorFactory)
    estimated_cost = Decimal("150.00")
    raised_by = factory.SubFactory(UserFactory)


class VoidFactory(factory.django.DjangoModelFactory):
    """An open void after an agreement ended (no ended agreement row: build one when it matters)."""

    class Meta:
        model = Void

    unit = factory.SubFactory(UnitFactory)
    reason = Void.Reason.AGREEMENT_ENDED
    weekly_charge = Decimal("210.00")
    started_on = datetime.date(2026, 11, 2)


class VoidCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VoidCheck

    void = factory.SubFactory(VoidFactory)
    item = VoidCheck.Item.CLEAN
    result = VoidCheck.Result.PASS
    checked_on = datetime.date(2026, 11, 10)
