"""Offers: affordability arithmetic and its working, recording an offer, viewings and outcomes, the case panel."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from moveon.models import MoveOnSettings, Offer, Viewing
from moveon.services.offers import (
    ALREADY_DECIDED,
    NO_HOME,
    REASON_NEEDED,
    affordability,
    offer_affordability,
    offer_create,
    offer_decide,
)
from tests.casework.factories import CaseFactory, HouseholdMemberFactory
from tests.casework.scoping import case_for
from tests.moveon.conftest import TODAY
from tests.moveon.factories import BroadRentalMarketAreaFactory, LandlordPropertyFactory, LHARateFactory

D = Decimal


def test_rent_within_the_lha_and_the_income_share_is_affordable():
    result = affordability(rent=D("150.00"), lha_rate=D("160.00"), income=D("500.00"), threshold=D("0.35"))
    assert result.shortfall == D("0.00")
    assert result.share == D("0.3000")
    assert result.affordable
    assert "30.0% of the household's weekly income of £500.00" in result.working[1]


def test_rent_over_the_lha_shows_the_weekly_shortfall():
    result = affordability(rent=D("195.50"), lha_rate=D("172.60"), income=D("600.00"), threshold=D("0.35"))
    assert result.shortfall == D("22.90")
    assert not result.within_lha
    assert not result.affordable
    assert "shortfall of £22.90 a week" in result.working[0]


def test_rent_over_the_share_of_income_is_not_affordable_even_within_the_lha():
    result = affordability(rent=D("150.00"), lha_rate=D("160.00"), income=D("400.00"), threshold=D("0.35"))
    assert result.share == D("0.3750")
    assert result.within_lha and not result.within_share
    assert not result.affordable


def test_no_rate_and_no_income_say_so_and_are_not_called_affordable():
    result = affordability(rent=D("150.00"), lha_rate=None, income=D("0"), threshold=D("0.35"))
    assert result.shortfall is None and result.share is None
    assert not result.affordable
    assert "No LHA rate is recorded" in result.working[0]
    assert "No income is recorded" in result.working[1]


@pytest.mark.django_db
def test_an_offer_keeps_the_bedroom_need_rate_and_threshold_as_they_stood(officer):
    brma = BroadRentalMarketAreaFactory(name="Anytown")
    LHARateFactory(brma=brma, category="2", weekly_rate=D("172.60"), valid_from=datetime.date(2026, 4, 1))
    MoveOnSettings.objects.create(affordability_share=D("0.40"))
    case = CaseFactory(person__date_of_birth=datetime.date(1995, 1, 1))
    HouseholdMemberFactory(case=case, relationship="child", date_of_birth=datetime.date(2020, 5, 1))
    home = LandlordPropertyFactory(brma=brma, bedrooms=2, weekly_rent=D("195.50"))
    offer = offer_create(
        case=case,
        home=home,
        weekly_rent=D("195.50"),
        bedrooms=2,
        weekly_income=D("600.00"),
        offered_on=TODAY,
        by=officer,
    )
    assert (offer.bedrooms_needed, offer.lha_category, offer.lha_rate) == (2, "2", D("172.60"))
    assert offer.landlord == home.landlord and offer.brma == brma
    assert offer.affordability_share == D("0.40")
    assert offer_affordability(offer).shortfall == D("22.90")
    assert offer.history.get().history_user == officer


@pytest.mark.django_db
def test_an_offer_needs_a_home_or_an_address(officer):
    with pytest.raises(ValidationError, match=NO_HOME):
        offer_create(
            case=CaseFactory(), weekly_rent=D("100"), bedrooms=1, weekly_income=D("300"), offered_on=TODAY, by=officer
        )
    assert not Offer.objects.exists()


@pytest.mark.django_db
def test_a_refusal_needs_the_households_reason_and_an_offer_ends_once(officer):
    offer = offer_create(
        case=CaseFactory(),
        address="2 Lane",
        weekly_rent=D("100"),
        bedrooms=1,
        weekly_income=D("300"),
        offered_on=TODAY,
        by=officer,
    )
    with pytest.raises(ValidationError, match=REASON_NEEDED):
        offer_decide(offer=offer, outcome="refused", on=TODAY, reason=" ", by=officer)
    offer_decide(offer=offer, outcome="refused", on=TODAY, reason="Too far from the children's school", by=officer)
    offer.refresh_from_db()
    assert offer.outcome == Offer.Outcome.REFUSED
    with pytest.raises(ValidationError, match=re.escape(ALREADY_DECIDED.format(outcome="refused by the household"))):
        offer_decide(offer=offer, outcome="accepted", on=TODAY, by=officer)


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen")
def test_officer_records_an_offer_and_sees_the_working_and_the_case_panel(officer_client, officer):
    brma = BroadRentalMarketAreaFactory(name="Anytown")
    LHARateFactory(brma=brma, category="1", weekly_rate=D("140.00"), valid_from=datetime.date(2026, 4, 1))
    case = case_for(officer, person__date_of_birth=datetime.date(1980, 1, 1))
    response = officer_client.post(
        reverse("moveon:offer_create", args=[case.pk]),
        {
            "address": "9 Typed Street",
            "weekly_rent": "150.00",
            "bedrooms": "1",
            "brma": brma.pk,
            "weekly_income": "500.00",
            "offered_on": "2026-12-02",
        },
    )
    offer = Offer.objects.get()
    assert response.status_code == 302 and response.url == offer.get_absolute_url()
    page = officer_client.get(offer.get_absolute_url()).content.decode()
    assert "shortfall of £10.00 a week" in page
    case_page = officer_client.get(case.get_absolute_url()).content.decode()
    assert "Private rented offers" in case_page
    assert "£10.00 a week over the LHA" in case_page


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen")
def test_bad_offer_input_re_renders_and_saves_nothing(officer_client, officer):
    case = case_for(officer)
    response = officer_client.post(
        reverse("moveon:offer_create", args=[case.pk]),
        {"weekly_rent": "-5", "bedrooms": "1", "weekly_income": "", "offered_on": "2026-12-02"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter the household&#x27;s weekly income, or 0." in page or "Enter the household's weekly income" in page
    assert not Offer.objects.exists()
    response = officer_client.post(
        reverse("moveon:offer_create", args=[case.pk]),
        {"weekly_rent": "100", "bedrooms": "1", "weekly_income": "200", "offered_on": "2026-12-02"},
    )
    assert NO_HOME in response.content.decode()
    assert not Offer.objects.exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen")
def test_another_officers_offer_is_404_and_viewings_are_recorded(officer_client, officer, make_user):
    from accounts import roles

    other = make_user(roles.PREVENTION_OFFICER)
    theirs = offer_create(
        case=case_for(other),
        address="3 Elsewhere",
        weekly_rent=D("100"),
        bedrooms=1,
        weekly_income=D("300"),
        offered_on=TODAY,
        by=other,
    )
    assert officer_client.get(theirs.get_absolute_url()).status_code == 404
    assert (
        officer_client.post(reverse("moveon:viewing_create", args=[theirs.pk]), {"on": "2026-12-03"}).status_code == 404
    )
    mine = offer_create(
        case=case_for(officer),
        address="4 Here",
        weekly_rent=D("100"),
        bedrooms=1,
        weekly_income=D("300"),
        offered_on=TODAY,
        by=officer,
    )
    response = officer_client.post(
        reverse("moveon:viewing_create", args=[mine.pk]), {"on": "2026-12-03", "attended": "yes", "notes": "Liked it"}
    )
    assert response.status_code == 302
    assert Viewing.objects.get().attended is True
    response = officer_client.post(
        reverse("moveon:offer_outcome", args=[mine.pk]), {"outcome": "refused", "on": "2026-12-03"}
    )
    assert response.status_code == 200
    assert REASON_NEEDED in response.content.decode()
    mine.refresh_from_db()
    assert mine.outcome == Offer.Outcome.PENDING
