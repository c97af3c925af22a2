"""A room with an offer waiting for its start date is not void: no second sign-up is offered (issue 10.9)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from accounts import roles
from tenancies.models import Agreement, Unit
from tests.accounts.factories import UserFactory
from tests.tenancies.factories import AgreementFactory, UnitFactory
from tests.tenancies.scoping import scheme_for

pytestmark = pytest.mark.django_db


def test_a_unit_with_a_pending_offer_says_so_and_offers_no_sign_up(client):
    worker = UserFactory(role=roles.HOUSING_WORKER)
    offer = AgreementFactory(
        unit__property__scheme=scheme_for(worker),
        status=Agreement.Status.OFFERED,
        start_date=date.today() + timedelta(days=7),
    )
    unit = offer.unit
    assert unit.status() == Unit.Status.OFFER_PENDING
    assert Unit.objects.with_occupancy().get(pk=unit.pk).status() == Unit.Status.OFFER_PENDING
    client.force_login(worker)
    for url in (reverse("tenancies:scheme_detail", args=[unit.scheme.pk]), unit.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "Offer pending" in html
        assert f"{reverse('tenancies:sign_up')}?unit={unit.pk}" not in html


def test_the_sign_up_form_does_not_offer_a_unit_promised_to_someone(client):
    worker = UserFactory(role=roles.HOUSING_WORKER)
    scheme = scheme_for(worker)
    offer = AgreementFactory(
        unit__property__scheme=scheme, status=Agreement.Status.OFFERED, start_date=date.today() + timedelta(days=7)
    )
    free = UnitFactory(property__scheme=scheme)
    client.force_login(worker)
    choices = client.get(reverse("tenancies:sign_up")).context["agreement_form"].fields["unit"].queryset
    assert list(choices) == [free]
    assert offer.unit in Unit.objects.void()


@time_machine.travel(datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=False)
def test_the_scheme_page_says_offer_pending_once_and_names_who_it_is_offered_to(client):
    worker = UserFactory(role=roles.HOUSING_WORKER)
    offer = AgreementFactory(
        unit__property__scheme=scheme_for(worker), status=Agreement.Status.OFFERED, start_date=date(2026, 12, 10)
    )
    client.force_login(worker)
    html = client.get(reverse("tenancies:scheme_detail", args=[offer.unit.scheme.pk])).content.decode()
    assert html.count("Offer pending") == 1
    assert offer.person.get_absolute_url() in html
    assert "(offered, from 10 Dec 2026)" in html
