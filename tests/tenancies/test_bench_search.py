"""The person search benchmark command (PostgreSQL only: it times pg_trgm searches)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.models import User
from people.models import Person
from tenancies.models import Agreement, Scheme, Unit
from tests.people.factories import PersonFactory


@pytest.mark.skipif(connection.vendor != "postgresql", reason="The benchmark needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_bench_search_times_each_search_and_the_page_then_cleans_up():
    out = StringIO()
    call_command("bench_search", people=120, runs=1, stdout=out)
    output = out.getvalue()
    for label in ("surname (most common)", "partial first name", "two words", "date of birth", "NI number"):
        assert label in output
    assert "people_person_search_trgm" in output or "seq scan" in output  # a tiny table may be scanned
    assert "Slowest search:" in output
    assert "Cleaned up 120 people" in output
    assert not Person.objects.exists()
    assert not Agreement.objects.exists()
    assert not Unit.objects.exists()
    assert not Scheme.objects.exists()
    assert not User.objects.filter(email__endswith="@example.invalid").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="The benchmark needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_bench_search_refuses_to_run_beside_real_people_unless_forced():
    person = PersonFactory(legal_name="Real Person")
    with pytest.raises(CommandError, match="already exist"):
        call_command("bench_search", people=50, runs=1, stdout=StringIO())
    call_command("bench_search", people=50, runs=1, force=True, stdout=StringIO())
    assert list(Person.objects.all()) == [person]


@pytest.mark.skipif(connection.vendor == "postgresql", reason="Checks the refusal on other databases")
@pytest.mark.django_db
def test_bench_search_refuses_other_databases():
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        call_command("bench_search", people=50, stdout=StringIO())
