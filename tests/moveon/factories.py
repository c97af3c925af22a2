"""One factory per model and state. Factories build rows directly; behaviour goes through moveon.services."""

import datetime
from decimal import Decimal

import factory

from moveon.models import BroadRentalMarketArea, Landlord, LandlordProperty, LHARate, PropertyDocument
from tests.accounts.factories import UserFactory


class BroadRentalMarketAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BroadRentalMarketArea
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Test BRMA {n}")


class LHARateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LHARate

    brma = factory.SubFactory(BroadRentalMarketAreaFactory)
    category = LHARate.Category.ONE
    weekly_rate = Decimal("150.00")
    valid_from = datetime.date(2026, 4, 1)


class LandlordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Landlord

    name = factory.Sequence(lambda n: f"Landlord {n}")
    phone = "0113 496 0000"


class LandlordPropertyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LandlordProperty

    landlord = factory.SubFactory(LandlordFactory)
    address = factory.Sequence(lambda n: f"{n} Market Street\nAnytown")
    bedrooms = 1
    weekly_rent = Decimal("140.00")
    brma = factory.SubFactory(BroadRentalMarketAreaFactory)


class PropertyDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PropertyDocument

    property = factory.SubFactory(LandlordPropertyFactory)
    kind = PropertyDocument.Kind.GAS
    seen_on = datetime.date(2026, 6, 1)
    expires_on = datetime.date(2027, 6, 1)
    seen_by = factory.SubFactory(UserFactory)


def an_offer(case=None, by=None, **kwargs):
    """An offer recorded through the service (typed address), on a new case unless one is given."""
    from moveon.services.offers import offer_create
    from tests.casework.factories import CaseFactory

    case = case or CaseFactory()
    values = {
        "address": "1 Test Road",
        "weekly_rent": Decimal("150.00"),
        "bedrooms": 1,
        "weekly_income": Decimal("400.00"),
        "offered_on": datetime.date(2026, 12, 1),
        **kwargs,
    }
    return offer_create(case=case, by=by or case.officer or UserFactory(), **values)
