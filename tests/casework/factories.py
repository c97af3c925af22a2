import factory

from casework.models import Referral
from tests.accounts.factories import UserFactory
from tests.people.factories import ConsentFactory, PersonFactory


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    person = factory.SubFactory(PersonFactory)
    source = Referral.Source.SUPPORTED_HOUSING
    risk = Referral.Risk.MOVE_ON_NOWHERE
    reason = "Their licence ends next month and they have nowhere settled to go."
    consent = factory.SubFactory(ConsentFactory, person=factory.SelfAttribute("..person"))
    referred_by = factory.SubFactory(UserFactory)
