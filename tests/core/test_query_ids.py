"""Record ids from the query string (`core.viewkit.query_id`): ASCII digits that fit a database
bigint, and nothing else, so a hostile `?unit=` is ignored or a 404, never a 500."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from accounts import roles
from core.viewkit import MAX_QUERY_ID, query_id
from tests.accounts.factories import UserFactory
from tests.tenancies.factories import UnitFactory
from tests.tenancies.scoping import scheme_for

HOSTILE = [
    "",
    "-1",
    "+1",
    "1.0",
    "1e3",
    " 1",
    "1 ",
    "0x1",
    "abc",
    "٣",  # Arabic-Indic three: isdecimal() and isdigit() say yes, and int() accepts it
    "²",  # isdigit() says yes, int() says no
    "\uff11",  # fullwidth one
    "a\x00b",
    str(MAX_QUERY_ID + 1),
    "99999999999999999999",
    "0" * 19 + "1",  # overlong, though small
    "9" * 3000,
]


def _id(query: dict, name="unit"):
    return query_id(RequestFactory().get("/somewhere/", query), name)


@pytest.mark.parametrize("value", ["0", "1", "7", "0042", "123456", str(MAX_QUERY_ID)])
def test_ascii_digits_within_a_database_integer_are_an_id(value):
    assert _id({"unit": value}) == int(value)


@pytest.mark.parametrize("value", HOSTILE)
def test_anything_else_is_no_id(value):
    assert _id({"unit": value}) is None


def test_a_missing_parameter_is_no_id():
    assert _id({}) is None
    assert _id({"other": "1"}) is None


def test_the_largest_id_fits_a_big_auto_field():
    assert MAX_QUERY_ID == 2**63 - 1


@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE)
def test_sign_up_with_a_hostile_unit_is_the_normal_page(client, value):
    worker = UserFactory(role=roles.HOUSING_WORKER)
    client.force_login(worker)
    response = client.get(reverse("tenancies:sign_up"), {"unit": value})
    assert response.status_code == 200
    assert "unit" not in response.context["agreement_form"].initial


@pytest.mark.django_db
def test_sign_up_from_the_largest_id_looks_it_up_without_overflowing(client):
    client.force_login(UserFactory(role=roles.HOUSING_WORKER))
    response = client.get(reverse("tenancies:sign_up"), {"unit": str(MAX_QUERY_ID)})
    assert response.status_code == 200


@pytest.mark.django_db
def test_sign_up_from_a_unit_still_starts_with_that_unit(client):
    worker = UserFactory(role=roles.HOUSING_WORKER)
    unit = UnitFactory(property__scheme=scheme_for(worker))
    client.force_login(worker)
    response = client.get(reverse("tenancies:sign_up"), {"unit": unit.pk})
    assert response.context["agreement_form"].initial["unit"] == str(unit.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["unit", "complaint", "incident"])
@pytest.mark.parametrize("value", ["٣", "²", "-1", str(MAX_QUERY_ID), str(MAX_QUERY_ID + 1), "9" * 3000])
def test_reporting_a_repair_from_a_hostile_id_is_not_found(client, name, value):
    client.force_login(UserFactory(role=roles.HOUSING_WORKER))
    assert client.get(reverse("repairs:repair_create"), {name: value}).status_code == 404
