"""A new approach from someone Hearth already knows: they are offered first, within the officer's scope."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from casework.models import Case
from casework.services import cases as services
from people.models import DuplicateCheck, Person
from tests.casework.factories import CaseFactory, PreventionTeamFactory, officer_in
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

BORN = datetime.date(1998, 3, 14)


@pytest.fixture
def team():
    return PreventionTeamFactory(name="Housing Options North")


@pytest.fixture
def officer(team):
    return officer_in(team, full_name="Olu Officer")


def _approach(team, **extra):
    return {
        "legal_name": "Jade Wilson",
        "date_of_birth": BORN.isoformat(),
        "approached_on": timezone.localdate().isoformat(),
        "source": "self",
        "team": team.pk,
        **extra,
    }


def _known(officer, **kwargs):
    """Jade, with a closed case this officer held."""
    person = PersonFactory(legal_name="Jade Wilson", date_of_birth=BORN, **kwargs)
    CaseFactory(person=person, team=officer.team, officer=officer, status=Case.Status.CLOSED)
    return person


def test_recording_a_known_person_needs_a_reason_it_is_someone_else(team, officer):
    PersonFactory(legal_name="Jade Wilson", date_of_birth=BORN)
    fields = {"legal_name": "Jade Wilson", "date_of_birth": BORN}
    with pytest.raises(ValidationError) as error:
        services.approach_record(person_fields=fields, team=team, by=officer)
    assert "not_duplicate_reason" in error.value.message_dict
    assert Person.objects.count() == 1 and not Case.objects.exists()
    case = services.approach_record(
        person_fields=fields, team=team, by=officer, not_duplicate_reason="Different NI number, checked with her"
    )
    check = DuplicateCheck.objects.get()
    assert (check.person, check.checked_by, check.reason) == (
        case.person,
        officer,
        "Different NI number, checked with her",
    )


def test_the_approach_offers_the_existing_person_first(client, officer, team):
    known = _known(officer, ni_number="QQ123456C")
    client.force_login(officer)
    response = client.post(reverse("casework:approach_create"), _approach(team))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.known_matches == [known] and "match" in form.errors
    assert b"We may already know them" in response.content
    assert b"Jade Wilson, born 14 March 1998" in response.content
    assert Person.objects.count() == 1 and Case.objects.count() == 1

    response = client.post(reverse("casework:approach_create"), _approach(team, match=str(known.pk)))
    case = Case.objects.open().get()
    assert case.person == known and Person.objects.count() == 1
    assert response["Location"] == reverse("casework:case_triage", args=[case.pk])


def test_choosing_someone_with_an_open_case_goes_to_that_case(client, officer, team):
    known = PersonFactory(legal_name="Jade Wilson", date_of_birth=BORN)
    open_case = CaseFactory(person=known, team=team, officer=officer)
    client.force_login(officer)
    response = client.post(reverse("casework:approach_create"), _approach(team, match=str(known.pk)))
    assert response["Location"] == open_case.get_absolute_url()
    assert Case.objects.count() == 1


def test_someone_else_needs_a_reason_through_the_page(client, officer, team):
    _known(officer)
    client.force_login(officer)
    response = client.post(reverse("casework:approach_create"), _approach(team, match="new"))
    assert "not_duplicate_reason" in response.context["form"].errors
    assert Person.objects.count() == 1
    response = client.post(
        reverse("casework:approach_create"),
        _approach(team, match="new", not_duplicate_reason="Her twin sister; checked the NI number"),
    )
    assert response.status_code == 302
    assert Person.objects.count() == 2 and DuplicateCheck.objects.get().reason.startswith("Her twin")


def test_matches_outside_the_officers_scope_are_counted_not_shown(client, officer, team):
    elsewhere = PreventionTeamFactory(name="Housing Options South")
    hidden = PersonFactory(legal_name="Jade Wilson", date_of_birth=BORN, ni_number="QQ123456C")
    CaseFactory(person=hidden, team=elsewhere, officer=officer_in(elsewhere), reference="HX-SOUTH-1")
    client.force_login(officer)
    response = client.post(reverse("casework:approach_create"), _approach(team))
    form = response.context["form"]
    assert form.known_matches == [] and form.hidden_match_count == 1
    assert b"1 more record you cannot see" in response.content
    assert b"14 March 1998" not in response.content.split(b"We may already know them")[1].split(b"Date of birth")[0]
    assert b"HX-SOUTH-1" not in response.content and b"56 C" not in response.content
    response = client.post(reverse("casework:approach_create"), _approach(team, match=str(hidden.pk)))
    assert "match" in response.context["form"].errors
    assert Case.objects.count() == 1


def test_choosing_someone_known_updates_their_record_with_the_details_given(team, officer):
    known = _known(officer, phone="07700 900123", email="", preferred_name="Jade", communication_preferences="Texts")
    before = known.history.count()
    fields = {
        "legal_name": "Jade Wilson",
        "preferred_name": "",
        "date_of_birth": BORN,
        "ni_number": "",
        "phone": "07700 900999",
        "email": "jade@example.org",
        "communication_preferences": "",
    }

    case = services.approach_record(person_fields=fields, existing=known, team=team, by=officer)

    known.refresh_from_db()
    assert (known.phone, known.email) == ("07700 900999", "jade@example.org")
    assert (known.preferred_name, known.communication_preferences) == ("Jade", "Texts")  # blanks change nothing
    latest = known.history.latest()
    assert known.history.count() == before + 1
    assert latest.history_change_reason == f"Updated when recording approach {case.reference}"
    assert latest.history_user == officer
    assert Person.objects.count() == 1


def test_the_same_phone_email_or_ni_number_written_differently_is_not_a_change(team, officer):
    known = _known(officer, phone="07700900123", email="Jade@Example.org", ni_number="AB123456C")
    before = known.history.count()
    fields = {
        "legal_name": "Jade Wilson",
        "date_of_birth": BORN,
        "ni_number": "ab 12 34 56 c",
        "phone": "+44 7700 900 123",
        "email": "jade@example.org ",
    }

    services.approach_record(person_fields=fields, existing=known, team=team, by=officer)

    known.refresh_from_db()
    assert (known.phone, known.email, known.ni_number) == ("07700900123", "Jade@Example.org", "AB123456C")
    assert known.history.count() == before


def test_the_officer_is_told_which_details_the_approach_changed(client, officer, team):
    known = _known(officer, phone="07700 900123", email="", ni_number="")
    client.force_login(officer)
    response = client.post(
        reverse("casework:approach_create"),
        _approach(team, match=str(known.pk), phone="07700 900999", email="jade@example.org", ni_number="AB 12 34 56 C"),
    )
    assert response.status_code == 302
    known.refresh_from_db()
    assert (known.phone, known.email, known.ni_number) == ("07700 900999", "jade@example.org", "AB123456C")
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "Their record now has the details you gave" in message
    assert "phone 07700 900999 (was 07700 900123)" in message
    assert "email jade@example.org (was blank)" in message
    assert "AB123456C" not in message and "56 C" in message  # the NI number stays masked, as on their page


def test_a_known_persons_name_is_kept_and_the_officer_told_so(client, officer, team):
    known = _known(officer, phone="07700 900123")
    client.force_login(officer)
    response = client.post(
        reverse("casework:approach_create"), _approach(team, legal_name="Jayde Wilson", match=str(known.pk))
    )
    assert response.status_code == 302
    known.refresh_from_db()
    assert known.legal_name == "Jade Wilson"
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "Their record keeps its own full name, not what you typed" in message
    assert "now has the details you gave" not in message
