"""Register figures, and the demo: every band, an override with a reason, one not qualifying, one overcrowded."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from register import figures
from register.models import RegisterApplication
from tests.register.factories import application_for, triaged

pytestmark = pytest.mark.django_db


def test_applications_by_band_in_one_query(django_assert_num_queries):
    triaged(pref_homeless=True)
    triaged(pref_homeless=True)
    triaged()
    closed = triaged(pref_medical=True, urgent=True)
    closed.status = RegisterApplication.Status.CLOSED
    closed.save()
    with django_assert_num_queries(1):
        assert figures.applications_by_band() == {"A": 0, "B": 2, "C": 0, "D": 1}


def test_awaiting_triage(django_assert_num_queries):
    first = application_for()
    application_for()
    triaged()
    with django_assert_num_queries(1):
        result = figures.awaiting_triage()
    assert result.count == 2
    assert result.oldest == first.applied_on


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    return RegisterApplication.objects.all()


def test_demo_has_every_band_an_override_one_not_qualifying_and_one_overcrowded(demo):
    assert set(demo.exclude(effective_band=None).values_list("effective_band__code", flat=True)) == {"A", "B", "C", "D"}
    override = demo.get(override_band__isnull=False)
    assert override.override_reason
    assert override.effective_band_id != override.calculated_band_id
    assert demo.filter(status=RegisterApplication.Status.DOES_NOT_QUALIFY).count() == 1
    assert demo.filter(overcrowded=True, pref_conditions=True).exists()
    assert demo.filter(status=RegisterApplication.Status.RECEIVED).exists()


def test_seeding_twice_adds_nothing(demo):
    before = demo.count()
    call_command("seed_demo")
    assert RegisterApplication.objects.count() == before


def test_the_demo_officer_and_leader_can_open_the_queue_and_applications(client, demo):
    for email in ("prevention.officer@example.org", "team.leader@example.org"):
        client.force_login(User.objects.get(email=email))
        assert client.get(reverse("register:queue")).status_code == 200
    for application in demo:
        assert client.get(application.get_absolute_url()).status_code == 200
