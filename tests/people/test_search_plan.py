"""Person search can use its indexes on PostgreSQL (the time-independent companion to `bench_search`):
a name word through the search name's trigram index, a date of birth and an NI number through theirs,
and the resident list's first page straight from the name-order index rather than a sort of everyone."""

import datetime

import pytest
from django.db import connection

from people.models import Person
from tests.flatness import plan, uses_index
from tests.people.factories import PersonFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="Query plans are read on PostgreSQL"),
]


@pytest.fixture
def people():
    PersonFactory(legal_name="Alex Morgan", date_of_birth=datetime.date(1990, 3, 21), ni_number="AB123456C")
    PersonFactory(legal_name="Samantha Taylor", preferred_name="Sam Taylor")


@pytest.mark.parametrize("text", ["morgan", "ale", "sam taylor"])
def test_a_name_search_can_use_the_trigram_index(people, text):
    found = Person.objects.search(text)
    assert found.exists()
    assert uses_index(found.order_by(), "people_person_search_trgm")


def test_a_date_of_birth_search_can_use_its_index(people):
    found = Person.objects.search("21/03/1990")
    assert [person.legal_name for person in found] == ["Alex Morgan"]
    (born_index,) = [index.name for index in Person._meta.indexes if index.fields == ["date_of_birth"]]
    assert uses_index(found.order_by(), born_index)


def test_an_ni_number_search_can_use_its_index(people):
    found = Person.objects.search("ab 12 34 56 c")
    assert [person.legal_name for person in found] == ["Alex Morgan"]
    assert "people_person_ni_number_" in plan(found.order_by())  # the plain or the pattern-ops btree


def test_the_first_page_of_everyone_is_read_in_name_order_from_an_index(people):
    assert uses_index(Person.objects.order_by("legal_name", "pk")[:25], "people_person_name_order_idx")
