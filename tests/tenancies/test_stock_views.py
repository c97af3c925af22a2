import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from core.models import AccessLog
from people.models import Person
from tests.accounts.factories import UserFactory
from tests.flatness import aggregates_over
from tests.people.factories import PersonFactory, RiskFlagFactory, SupportNeedFactory
from tests.tenancies.factories import AgreementFactory, SchemeFactory, UnitFactory, cover
from tests.tenancies.scoping import scheme_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(db):
    return UserFactory(role=roles.HOUSING_WORKER)


def test_workers_see_only_the_schemes_they_cover(client, worker):
    mine = scheme_for(worker, name="Riverside House")
    SchemeFactory(name="Elm Court")
    client.force_login(worker)
    response = client.get(reverse("tenancies:scheme_list"))
    assert [s.name for s in response.context["schemes"]] == ["Riverside House"]
    assert client.get(reverse("tenancies:scheme_detail", args=[mine.pk])).status_code == 200
    other = SchemeFactory(name="Canal Street")
    assert client.get(reverse("tenancies:scheme_detail", args=[other.pk])).status_code == 404


def test_managers_see_every_scheme(client):
    SchemeFactory(name="A"), SchemeFactory(name="B")
    client.force_login(UserFactory(role=roles.HOUSING_MANAGER))
    assert len(client.get(reverse("tenancies:scheme_list")).context["schemes"]) == 2


def test_prevention_officers_do_not_see_tenancies(client):
    agreement = AgreementFactory()
    client.force_login(UserFactory(role=roles.PREVENTION_OFFICER))
    assert client.get(reverse("tenancies:scheme_list")).status_code == 403
    assert client.get(reverse("tenancies:resident_detail", args=[agreement.person.pk])).status_code == 403


def test_scheme_list_shows_occupancy(client, worker):
    scheme = scheme_for(worker)
    AgreementFactory(unit__property__scheme=scheme)
    UnitFactory(property__scheme=scheme)
    client.force_login(worker)
    row = client.get(reverse("tenancies:scheme_list")).context["schemes"][0]
    assert (row.unit_count, row.occupied_count, row.free_count) == (2, 1, 1)


def test_scheme_list_occupancy_reads_no_agreement_history_into_its_counts(client, worker):
    """The time-independent companion: a unit let forty times over the years is asked only whether it
    has a current agreement (EXISTS); no count joins the agreements it ever had."""
    scheme = scheme_for(worker)
    unit = UnitFactory(property__scheme=scheme)
    today = datetime.date.today()
    for n in range(40):
        start = today - datetime.timedelta(days=100 * (n + 1))
        AgreementFactory(unit=unit, status="ended", start_date=start, end_date=start + datetime.timedelta(days=90))
    AgreementFactory(unit=unit, start_date=today - datetime.timedelta(days=5))
    UnitFactory(property__scheme=scheme)
    client.force_login(worker)
    with CaptureQueriesContext(connection) as ran:
        row = client.get(reverse("tenancies:scheme_list")).context["schemes"][0]
    assert (row.unit_count, row.occupied_count, row.free_count) == (2, 1, 1)
    counted = aggregates_over(ran, "tenancies_agreement")
    assert not [sql for sql in counted if 'JOIN "tenancies_agreement"' in sql], counted
    assert all("EXISTS" in sql for sql in counted), counted


def test_scheme_page_queries_do_not_grow_with_residents(client, worker, django_assert_num_queries):
    scheme = scheme_for(worker)
    AgreementFactory(unit__property__scheme=scheme)
    client.force_login(worker)
    url = reverse("tenancies:scheme_detail", args=[scheme.pk])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(15):
        AgreementFactory(unit__property__scheme=scheme)
        UnitFactory(property__scheme=scheme)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["residents"]) == 16
    assert len(many) == len(few)


def test_resident_page_queries_do_not_grow_with_history(client, worker):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.tenancies.factories import EndedAgreementFactory

    scheme = scheme_for(worker)
    agreement = AgreementFactory(unit__property__scheme=scheme)
    client.force_login(worker)
    url = reverse("tenancies:resident_detail", args=[agreement.person.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        EndedAgreementFactory(person=agreement.person, unit__property__scheme=scheme)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["agreements"]) == 6
    assert len(many) == len(few)


def test_resident_outside_my_schemes_is_not_found(client, worker):
    agreement = AgreementFactory()
    client.force_login(worker)
    assert client.get(reverse("tenancies:resident_detail", args=[agreement.person.pk])).status_code == 404


def test_ni_number_is_masked_on_the_resident_page(client, worker):
    agreement = AgreementFactory(unit__property__scheme=scheme_for(worker), person__ni_number="AB123456C")
    client.force_login(worker)
    content = client.get(reverse("tenancies:resident_detail", args=[agreement.person.pk])).content.decode()
    assert "AB123456C" not in content
    assert "56 C" in content


def test_viewing_support_needs_and_risks_is_logged(client, worker):
    agreement = AgreementFactory(unit__property__scheme=scheme_for(worker))
    SupportNeedFactory(person=agreement.person, details="Lives with anxiety")
    RiskFlagFactory(person=agreement.person)
    client.force_login(worker)
    detail = client.get(reverse("tenancies:resident_detail", args=[agreement.person.pk])).content.decode()
    assert "Lives with anxiety" not in detail
    assert not AccessLog.objects.exists()
    response = client.get(reverse("tenancies:resident_sensitive", args=[agreement.person.pk]), HTTP_HX_REQUEST="true")
    assert "Lives with anxiety" in response.content.decode()
    log = AccessLog.objects.get()
    assert (log.user, log.what, log.object_id) == (worker, "support needs and risks", agreement.person.pk)


def test_support_workers_read_their_residents_but_not_rent(client):
    support = UserFactory(role=roles.SUPPORT_WORKER)
    agreement = AgreementFactory(person__key_support_worker=support)
    client.force_login(support)
    response = client.get(reverse("tenancies:resident_detail", args=[agreement.person.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Agreement and rent details are for the housing team." in content
    assert agreement.get_absolute_url() not in content
    assert client.get(reverse("tenancies:agreement_detail", args=[agreement.pk])).status_code == 403
    assert client.get(reverse("tenancies:resident_edit", args=[agreement.person.pk])).status_code == 403
    other = AgreementFactory()
    assert client.get(reverse("tenancies:resident_detail", args=[other.person.pk])).status_code == 404
    client.force_login(UserFactory(role=roles.HOUSING_MANAGER))
    housing_view = client.get(reverse("tenancies:resident_detail", args=[agreement.person.pk])).content.decode()
    assert agreement.get_absolute_url() in housing_view


def test_support_worker_adds_a_support_note(client):
    support = UserFactory(role=roles.SUPPORT_WORKER)
    agreement = AgreementFactory(person__key_support_worker=support)
    client.force_login(support)
    url = reverse("tenancies:support_note_add", args=[agreement.person.pk])
    response = client.post(url, {"written_on": "2026-11-20", "text": "Went shopping together."})
    assert response.status_code == 302
    assert response.url == agreement.person.get_absolute_url()
    note = agreement.person.support_notes.get()
    assert (note.author, note.text) == (support, "Went shopping together.")
    bad = client.post(url, {"written_on": "not a date", "text": ""})
    assert bad.status_code == 200
    assert b"There is a problem" in bad.content
    assert agreement.person.support_notes.count() == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("alex", ["Alex Morgan"]),
        ("MORGAN ALEX", ["Alex Morgan"]),
        ("sam", ["Sam Taylor"]),
        ("21/03/1990", ["Alex Morgan"]),
        ("ab 12 34 56 c", ["Sam Taylor"]),
        ("nobody", []),
    ],
)
def test_search_by_name_date_of_birth_or_ni_number(client, query, expected):
    import datetime

    manager = UserFactory(role=roles.HOUSING_MANAGER)
    AgreementFactory(person__legal_name="Alex Morgan", person__date_of_birth=datetime.date(1990, 3, 21))
    AgreementFactory(
        person__legal_name="Samantha Taylor", person__preferred_name="Sam Taylor", person__ni_number="AB123456C"
    )
    client.force_login(manager)
    response = client.get(reverse("tenancies:resident_list"), {"q": query})
    assert [p.name for p in response.context["people"]] == expected


def test_editing_a_resident_is_audited_and_validated(client, worker):
    agreement = AgreementFactory(unit__property__scheme=scheme_for(worker))
    person = agreement.person
    client.force_login(worker)
    url = reverse("tenancies:resident_edit", args=[person.pk])
    bad = client.post(url, {"legal_name": "", "ni_number": "NOT-AN-NI"})
    assert bad.status_code == 200
    assert b"right format" in bad.content
    good = client.post(
        url, {"legal_name": person.legal_name, "preferred_name": "Jo", "communication_preferences": "Text only"}
    )
    assert good.status_code == 302
    assert good.url == person.get_absolute_url()
    person.refresh_from_db()
    assert person.preferred_name == "Jo"
    latest = person.history.latest()
    assert latest.history_user == worker
    assert "preferred_name" in latest.diff_against(latest.prev_record).changed_fields


def test_people_are_invisible_without_a_reason(db):
    PersonFactory()
    assert not Person.objects.visible_to(UserFactory(role=roles.HOUSING_WORKER)).exists()
    assert not Person.objects.visible_to(UserFactory(role=roles.PREVENTION_OFFICER)).exists()


def test_coverage_links_a_worker_to_a_scheme(worker):
    scheme = SchemeFactory()
    cover(worker, scheme)
    assert list(scheme.coverage.values_list("user", flat=True)) == [worker.pk]


def test_scheme_page_shows_tenancy_sustainment_to_housing_staff(client, worker):
    import datetime

    scheme = scheme_for(worker)
    AgreementFactory(unit__property__scheme=scheme, start_date=datetime.date.today() - datetime.timedelta(days=400))
    client.force_login(worker)
    response = client.get(reverse("tenancies:scheme_detail", args=[scheme.pk]))
    assert response.context["sustainment"].rate_12 == 100
    assert b"100.0% (1 of 1)" in response.content


def test_scheme_page_lists_open_incidents_and_meetings(client, worker):
    from tests.tenancies.factories import HouseMeetingFactory, IncidentFactory

    scheme = scheme_for(worker)
    IncidentFactory(scheme=scheme, description="Noise at night")
    IncidentFactory(scheme=scheme, closed_on=datetime.date.today())
    HouseMeetingFactory(scheme=scheme)
    client.force_login(worker)
    response = client.get(reverse("tenancies:scheme_detail", args=[scheme.pk]))
    assert len(response.context["open_incidents"]) == 1
    assert response.context["meeting_summary"].last_meeting is not None
    assert b"Record an incident" in response.content


def test_support_workers_see_the_rent_balance_but_not_the_ledger(client):
    from decimal import Decimal

    from rents.services.ledger import adjustment_post
    from tests.rents.factories import account_for

    support = UserFactory(role=roles.SUPPORT_WORKER)
    account = account_for(scheme=SchemeFactory())
    adjustment_post(account=account, amount=Decimal("42.50"), reason="Recharge", by=None)
    person = account.agreement.person
    person.key_support_worker = support
    person.save()
    client.force_login(support)
    content = client.get(reverse("tenancies:resident_detail", args=[person.pk])).content.decode()
    assert "£42.50 owed" in content
    assert reverse("rents:account_detail", args=[account.pk]) not in content
    assert client.get(reverse("rents:account_detail", args=[account.pk])).status_code == 403


def test_an_agreement_without_an_end_date_reads_from_its_start(client, worker):
    """The demo's offered licences said '12 Dec 2026 to now' for an agreement that starts next week."""
    from tests.tenancies.factories import EndedAgreementFactory

    agreement = AgreementFactory(unit__property__scheme=scheme_for(worker), start_date=datetime.date(2026, 12, 12))
    EndedAgreementFactory(
        person=agreement.person,
        unit__property__scheme=agreement.unit.property.scheme,
        start_date=datetime.date(2024, 11, 7),
        end_date=datetime.date(2025, 10, 17),
    )
    client.force_login(worker)
    for url in (
        reverse("tenancies:resident_detail", args=[agreement.person.pk]),
        reverse("tenancies:unit_detail", args=[agreement.unit.pk]),
    ):
        content = client.get(url).content.decode()
        assert "to now" not in content
        assert "from 12 Dec 2026" in content
    resident_page = client.get(reverse("tenancies:resident_detail", args=[agreement.person.pk]))
    assert "7 Nov 2024 to 17 Oct 2025" in resident_page.content.decode()
