import datetime
from decimal import Decimal

import factory

from rents.models import ChargeCalendar, ChargeLine, RentAccount


class RentAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RentAccount

    reference = factory.Sequence(lambda n: f"RA{n + 1:06d}")
    name = factory.Sequence(lambda n: f"Resident {n}, Room {n}")
    charging_from = datetime.date(2026, 4, 6)


class ChargeLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChargeLine

    account = factory.SubFactory(RentAccountFactory)
    kind = ChargeLine.Kind.CORE_RENT
    weekly_amount = Decimal("100.00")
    effective_from = factory.SelfAttribute("account.charging_from")


class ChargeCalendarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChargeCalendar

    name = factory.Sequence(lambda n: f"Calendar {n}")
