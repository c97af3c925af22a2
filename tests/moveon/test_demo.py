"""The move-on demo has landlords, an affordable offer and one over the LHA, an approved and a waiting
incentive, and a move due its follow-up; seeding twice adds nothing."""

import pytest
from django.core.management import call_command

from moveon.models import Incentive, Landlord, Move, Offer
from moveon.services.offers import offer_affordability

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo")


def test_the_demo_has_every_move_on_stage_and_is_idempotent(demo, client):
    assert Landlord.objects.filter(kind="agent").exists() and Landlord.objects.filter(kind="landlord").exists()
    checks = [offer_affordability(offer) for offer in Offer.objects.all()]
    assert any(a.within_lha for a in checks) and any(a.within_lha is False for a in checks)
    assert Incentive.objects.filter(needs_approval=True, approved_by__isnull=False, paid_on__isnull=False).exists()
    assert Incentive.objects.waiting_for_approval().exists()
    move = Move.objects.get()
    from django.utils import timezone

    assert move.follow_up_due <= timezone.localdate()
    counts = (Landlord.objects.count(), Offer.objects.count(), Incentive.objects.count(), Move.objects.count())
    call_command("seed_demo")
    assert (Landlord.objects.count(), Offer.objects.count(), Incentive.objects.count(), Move.objects.count()) == counts
    from accounts.models import User

    client.force_login(User.objects.get(email="team.leader@example.org"))
    offer = Offer.objects.filter(incentives__isnull=False, move__isnull=True).first()
    page = client.get(offer.get_absolute_url()).content.decode()
    assert "Approve rent in advance" in page
