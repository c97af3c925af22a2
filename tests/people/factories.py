import datetime

import factory

from people.models import Consent, Person, RiskFlag, SupportNeed


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    legal_name = factory.Faker("name", locale="en_GB")
    preferred_name = ""
    date_of_birth = factory.Faker("date_of_birth", minimum_age=18, maximum_age=70)
    ni_number = factory.Sequence(lambda n: f"JM{n % 1000000:06d}A")
    phone = factory.Faker("phone_number", locale="en_GB")
    communication_preferences = "Prefers text messages."


class SupportNeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportNeed

    person = factory.SubFactory(PersonFactory)
    category = SupportNeed.Category.MENTAL_HEALTH
    details = "Lives with anxiety; prefers appointments in the afternoon."


class RiskFlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiskFlag

    person = factory.SubFactory(PersonFactory)
    kind = RiskFlag.Kind.SELF_HARM
    level = RiskFlag.Level.MEDIUM
    details = "History of self-harm when stressed."


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    person = factory.SubFactory(PersonFactory)
    purpose = Consent.Purpose.REFER_TO_COUNCIL
    given = True
    how = "Verbally, in person"
    recorded_on = factory.LazyFunction(datetime.date.today)
