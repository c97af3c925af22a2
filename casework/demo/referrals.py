"""A referral from supported housing to the prevention team, with the resident's consent, per demo set."""

from datetime import timedelta

from accounts.models import User
from people.models import Consent, Person
from people.services import consent_record

from ..models import Referral


def seed_referral(n, today):
    worker = User.objects.filter(email="housing.worker@example.org").first()
    resident = Person.objects.filter(agreements__isnull=False).order_by("pk").distinct()[n - 1 : n].first()
    if not worker or not resident or Referral.objects.filter(person=resident).exists():
        return 0
    consent = consent_record(
        person=resident, purpose=Consent.Purpose.REFER_TO_COUNCIL, how="Signed the referral form", by=worker
    )
    Referral.objects.create(
        person=resident,
        source=Referral.Source.SUPPORTED_HOUSING,
        risk=Referral.Risk.MOVE_ON_NOWHERE,
        reason="Ready to move on from supported housing; the licence ends in seven weeks with no settled home yet.",
        expected_loss_on=today + timedelta(days=49),
        consent=consent,
        referred_by=worker,
    )
    return 1
