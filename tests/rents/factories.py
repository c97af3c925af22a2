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


def account_for(user=None, *, scheme=None, weekly_rent=Decimal("100.00"), **agreement_kwargs):
    """An agreement in a scheme `user` can see (or in `scheme`), with its rent account opened as sign-up does."""
    from rents.services import ledger
    from tests.tenancies.factories import AgreementFactory
    from tests.tenancies.scoping import scheme_for

    agreement = AgreementFactory(unit__property__scheme=scheme or scheme_for(user), **agreement_kwargs)
    agreement.rent_account = ledger.account_open(
        reference=f"RA{agreement.pk:06d}",
        name=f"{agreement.person.legal_name}, {agreement.unit}",
        charging_from=agreement.start_date,
        lines={ChargeLine.Kind.CORE_RENT: weekly_rent, ChargeLine.Kind.ELIGIBLE_SERVICE: Decimal("20.00")},
    )
    agreement.save(update_fields=["rent_account"])
    return agreement.rent_account
