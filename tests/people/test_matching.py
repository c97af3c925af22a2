"""Finding people Hearth may already know (people.models.PersonQuerySet.likely_matches), on either database."""

import datetime

import pytest

from people.models import Person
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

BORN = datetime.date(1998, 3, 14)


def _matches(**details):
    return set(Person.objects.likely_matches(**details))


def test_the_same_name_and_date_of_birth_is_a_likely_match():
    jade = PersonFactory(legal_name="Jade Wilson", date_of_birth=BORN)
    PersonFactory(legal_name="Jade Wilson", date_of_birth=datetime.date(1999, 3, 14))
    assert _matches(legal_name="Jade Wilson", date_of_birth=BORN) == {jade}


def test_a_slightly_different_spelling_or_order_with_the_same_birthday_matches():
    jade = PersonFactory(legal_name="Jade Wilson", date_of_birth=BORN)
    assert _matches(legal_name="Jayde Wilson", date_of_birth=BORN) == {jade}
    assert _matches(legal_name="wilson jade", date_of_birth=BORN) == {jade}


def test_a_different_name_born_the_same_day_is_not_a_match():
    PersonFactory(legal_name="Jade Wilson", date_of_birth=BORN)
    assert _matches(legal_name="Mohammed Khan", date_of_birth=BORN) == set()


def test_a_name_without_a_date_of_birth_is_not_enough():
    PersonFactory(legal_name="Jade Wilson", date_of_birth=BORN)
    assert _matches(legal_name="Jade Wilson") == set()


def test_the_same_ni_number_matches_however_it_is_typed():
    known = PersonFactory(legal_name="Sam Lee", ni_number="QQ123456C")
    assert _matches(legal_name="Samuel Li", ni_number="qq 12 34 56 c") == {known}


def test_the_same_phone_matches_however_it_is_written():
    known = PersonFactory(legal_name="Sam Lee", phone="07700 900123")
    assert _matches(legal_name="S Lee", phone="+44 7700-900123") == {known}
    assert _matches(legal_name="S Lee", phone="07700900123") == {known}
    assert _matches(legal_name="S Lee", phone="07700 900124") == set()


def test_the_same_email_matches_in_any_case():
    known = PersonFactory(legal_name="Sam Lee", email="sam.lee@example.org")
    assert _matches(legal_name="S Lee", email="Sam.Lee@Example.org ") == {known}


def test_nothing_given_matches_nobody():
    PersonFactory(legal_name="Sam Lee", phone="", email="")
    assert _matches(legal_name="", phone="", email="", ni_number="") == set()


def test_matched_on_says_why():
    known = PersonFactory(legal_name="Jade Wilson", date_of_birth=BORN, phone="07700 900123", ni_number="QQ123456C")
    reasons = known.matched_on(date_of_birth=BORN, phone="07700900123", ni_number="QQ123456D")
    assert reasons == ["name and date of birth", "phone"]
