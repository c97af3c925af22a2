"""A person's pages (today under /housing/residents/) write through people.services and keep to scope."""

import pytest
from django.urls import reverse

from accounts import roles
from tests.accounts.factories import UserFactory
from tests.tenancies.factories import AgreementFactory
from tests.tenancies.scoping import scheme_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(db):
    return UserFactory(role=roles.HOUSING_WORKER)


def test_changing_contact_details_is_audited_with_the_worker(client, worker):
    person = AgreementFactory(unit__property__scheme=scheme_for(worker)).person
    client.force_login(worker)
    response = client.post(
        reverse("tenancies:resident_edit", args=[person.pk]),
        {"legal_name": person.legal_name, "phone": "07700 900456", "email": "alex@example.org"},
    )
    assert response.status_code == 302
    assert response.url == person.get_absolute_url()
    person.refresh_from_db()
    assert (person.phone, person.email) == ("07700 900456", "alex@example.org")
    assert person.history.latest().history_user == worker


def test_a_person_outside_my_schemes_cannot_be_changed(client, worker):
    person = AgreementFactory().person
    before = (person.phone, person.history.count())
    client.force_login(worker)
    url = reverse("tenancies:resident_edit", args=[person.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"legal_name": "Someone Else", "phone": "0"}).status_code == 404
    note = client.post(
        reverse("tenancies:support_note_add", args=[person.pk]), {"written_on": "2026-11-20", "text": "x"}
    )
    assert note.status_code == 404
    person.refresh_from_db()
    assert (person.phone, person.history.count()) == before
    assert not person.support_notes.exists()


def test_a_support_worker_may_read_but_not_change_a_persons_details(client):
    support = UserFactory(role=roles.SUPPORT_WORKER)
    person = AgreementFactory(person__key_support_worker=support).person
    client.force_login(support)
    assert client.get(person.get_absolute_url()).status_code == 200
    response = client.post(reverse("tenancies:resident_edit", args=[person.pk]), {"legal_name": "Changed"})
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.legal_name != "Changed"
