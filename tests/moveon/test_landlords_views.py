"""The landlord directory: search and paginate, add and change landlords and homes, documents and expiry."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from moveon.models import Landlord, LandlordProperty, PropertyDocument
from moveon.services.landlords import EXPIRY_BEFORE_SEEN
from tests.moveon.conftest import TODAY
from tests.moveon.factories import (
    BroadRentalMarketAreaFactory,
    LandlordFactory,
    LandlordPropertyFactory,
    PropertyDocumentFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def _landlord_post(**extra):
    return {
        "kind": "agent",
        "name": "Northgate Lettings",
        "contact_name": "Priya Shah",
        "phone": "0113 496 0200",
        "email": "lettings@northgate.example",
        "address": "2 High Street\nAnytown",
        "notes": "Happy to take Housing Benefit.",
        "active": "on",
        **extra,
    }


def test_officer_adds_an_agent_and_the_change_is_audited(officer_client, officer):
    response = officer_client.post(reverse("moveon:landlord_create"), _landlord_post())
    landlord = Landlord.objects.get(name="Northgate Lettings")
    assert response.status_code == 302
    assert response.url == landlord.get_absolute_url()
    assert landlord.kind == Landlord.Kind.AGENT
    entry = landlord.history.get()
    assert entry.history_user == officer
    assert entry.history_change_reason == "Added"
    page = officer_client.get(landlord.get_absolute_url()).content.decode()
    assert "Letting agent" in page
    assert "Happy to take Housing Benefit." in page


def test_a_landlord_without_a_name_is_refused_and_nothing_saved(officer_client):
    response = officer_client.post(reverse("moveon:landlord_create"), _landlord_post(name="", email="not-an-email"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter the landlord&#x27;s or agent&#x27;s name." in page or "Enter the landlord's or agent's name." in page
    assert "email" in page.lower()
    assert not Landlord.objects.exists()


def test_officer_changes_a_landlord(officer_client):
    landlord = LandlordFactory(name="Old Name")
    response = officer_client.post(reverse("moveon:landlord_edit", args=[landlord.pk]), _landlord_post(name="New Name"))
    assert response.status_code == 302
    landlord.refresh_from_db()
    assert landlord.name == "New Name"
    assert landlord.history.first().history_change_reason == "Details changed"


def test_list_searches_by_name_and_paginates(officer_client):
    for n in range(30):
        LandlordFactory(name=f"Alpha Homes {n:02d}")
    LandlordFactory(name="Beta Lets")
    page = officer_client.get(reverse("moveon:landlord_list"), {"q": "beta"}).content.decode()
    assert "Beta Lets" in page
    assert "Alpha Homes" not in page
    first = officer_client.get(reverse("moveon:landlord_list")).content.decode()
    assert "Alpha Homes 24" in first
    assert "Beta Lets" not in first  # on page 2 (25 a page, by name)
    second = officer_client.get(reverse("moveon:landlord_list"), {"page": 2}).content.decode()
    assert "Beta Lets" in second


def test_list_takes_the_same_queries_for_more_landlords(officer_client, django_assert_num_queries):
    LandlordPropertyFactory(landlord=LandlordFactory())
    url = reverse("moveon:landlord_list")
    officer_client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        officer_client.get(url)
    for _ in range(5):
        LandlordPropertyFactory(landlord=LandlordFactory())
    with django_assert_num_queries(len(few.captured_queries)):
        officer_client.get(url)


def test_detail_takes_the_same_queries_for_more_homes(officer_client, django_assert_num_queries):
    landlord = LandlordFactory()
    PropertyDocumentFactory(property=LandlordPropertyFactory(landlord=landlord))
    url = landlord.get_absolute_url()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    officer_client.get(url)
    with CaptureQueriesContext(connection) as few:
        officer_client.get(url)
    for _ in range(4):
        PropertyDocumentFactory(property=LandlordPropertyFactory(landlord=landlord))
    with django_assert_num_queries(len(few.captured_queries)):
        officer_client.get(url)


def test_officer_adds_a_home_to_a_landlord(officer_client):
    landlord = LandlordFactory()
    brma = BroadRentalMarketAreaFactory(name="Anytown")
    response = officer_client.post(
        reverse("moveon:property_create", args=[landlord.pk]),
        {
            "address": "4 Mill Lane\nAnytown",
            "postcode": "AN1 2BC",
            "bedrooms": "2",
            "weekly_rent": "185.50",
            "brma": brma.pk,
            "active": "on",
        },
    )
    home = LandlordProperty.objects.get()
    assert response.status_code == 302
    assert home.landlord == landlord
    assert home.weekly_rent == Decimal("185.50")
    assert home.brma == brma


def test_a_home_with_a_nil_rent_is_refused_and_nothing_saved(officer_client):
    landlord = LandlordFactory()
    response = officer_client.post(
        reverse("moveon:property_create", args=[landlord.pk]),
        {"address": "4 Mill Lane", "bedrooms": "2", "weekly_rent": "0"},
    )
    assert response.status_code == 200
    assert "The weekly rent must be more than £0." in response.content.decode()
    assert not LandlordProperty.objects.exists()


def test_documents_seen_are_recorded_by_who_saw_them_and_expired_ones_flagged(officer_client, officer):
    home = LandlordPropertyFactory()
    response = officer_client.post(
        reverse("moveon:document_create", args=[home.pk]),
        {"kind": "eicr", "seen_on": "2026-11-01", "expires_on": "2031-11-01"},
    )
    assert response.status_code == 302
    document = PropertyDocument.objects.get()
    assert document.seen_by == officer
    PropertyDocumentFactory(
        property=home,
        kind="gas",
        seen_on=TODAY - datetime.timedelta(days=400),
        expires_on=TODAY - datetime.timedelta(days=35),
    )
    page = officer_client.get(home.get_absolute_url()).content.decode()
    assert "Expired" in page
    assert "Not seen" in page  # no EPC or deposit certificate yet
    landlord_page = officer_client.get(home.landlord.get_absolute_url()).content.decode()
    assert "Gas safety record expired" in landlord_page
    assert "Electrical installation condition report (EICR) expired" not in landlord_page


def test_a_document_expiring_before_it_was_seen_is_refused(officer_client):
    home = LandlordPropertyFactory()
    response = officer_client.post(
        reverse("moveon:document_create", args=[home.pk]),
        {"kind": "gas", "seen_on": "2026-11-01", "expires_on": "2026-10-01"},
    )
    assert response.status_code == 200
    assert EXPIRY_BEFORE_SEEN in response.content.decode()
    assert not PropertyDocument.objects.exists()


def test_a_missing_landlord_is_404_and_a_housing_worker_403(officer_client, client, housing_worker):
    assert officer_client.get(reverse("moveon:landlord_detail", args=[999999])).status_code == 404
    client.force_login(housing_worker)
    landlord = LandlordFactory()
    assert client.get(landlord.get_absolute_url()).status_code == 403
    assert client.post(reverse("moveon:landlord_edit", args=[landlord.pk]), _landlord_post()).status_code == 403
