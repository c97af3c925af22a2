"""The voids board, a void's page and its forms (issue 11.4, 11.5)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from repairs.models import Void, VoidCheck
from tests.compliance.factories import pre_let_checks_done
from tests.repairs.factories import VoidCheckFactory, VoidFactory
from tests.tenancies.factories import AgreementFactory, UnitFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_30_november")]
D = datetime.date


def test_the_board_groups_open_voids_by_stage_with_days_and_loss(worker_client, scheme, django_assert_max_num_queries):
    waiting = VoidFactory(unit__property__scheme=scheme, started_on=D(2026, 11, 2), weekly_charge=Decimal("140.00"))
    VoidFactory(unit__property__scheme=scheme, started_on=D(2026, 10, 1), keys_back_on=D(2026, 10, 2))
    VoidFactory(started_on=D(2026, 11, 1))  # another scheme's
    with django_assert_max_num_queries(14) as first:
        response = worker_client.get(reverse("repairs:void_board"))
    columns = dict(response.context["columns"])
    assert [v.pk for v in columns["Waiting for the keys"]] == [waiting.pk]
    assert len(columns["Waiting for inspection"]) == 1
    assert response.context["count"] == 2
    html = response.content.decode()
    assert "£560.00" in html  # 28 days of £140 a week
    assert "Past the 28-day target" in html  # the October void is 60 days old
    for _ in range(10):
        VoidFactory(unit__property__scheme=scheme, started_on=D(2026, 11, 2))
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert worker_client.get(reverse("repairs:void_board")).context["count"] == 12


def test_dates_out_of_order_rerender_and_change_nothing(worker_client, scheme):
    void = VoidFactory(unit__property__scheme=scheme, started_on=D(2026, 11, 2))
    url = reverse("repairs:void_dates", args=[void.pk])
    response = worker_client.post(url, {"keys_back_on": "2026-11-10", "inspected_on": "2026-11-05"})
    assert response.status_code == 200
    assert "cannot be before the keys back date" in " ".join(response.context["form"].errors["inspected_on"])
    void.refresh_from_db()
    assert void.keys_back_on is None
    assert worker_client.post(url, {"keys_back_on": "2026-11-03", "inspected_on": "2026-11-05"}).status_code == 302
    void.refresh_from_db()
    assert (void.keys_back_on, void.inspected_on) == (D(2026, 11, 3), D(2026, 11, 5))


def test_a_failed_check_needs_notes_and_then_blocks_the_letting(worker_client, scheme):
    void = VoidFactory(unit__property__scheme=scheme, started_on=D(2026, 11, 2))
    url = reverse("repairs:void_check", args=[void.pk])
    data = {"item": "gas", "result": "fail", "checked_on": "2026-11-20"}
    response = worker_client.post(url, data)
    assert "Say what failed" in " ".join(response.context["form"].errors["notes"])
    assert not VoidCheck.objects.exists()
    worker_client.post(url, {**data, "notes": "Boiler flue"})
    page = worker_client.get(void.get_absolute_url()).content.decode()
    assert "It cannot be let yet" in page and "Boiler flue" in page


def test_taking_a_unit_out_of_use_from_its_page(worker_client, scheme):
    unit = UnitFactory(property__scheme=scheme)
    assert (
        reverse("repairs:unit_out_of_use", args=[unit.pk])
        in worker_client.get(unit.get_absolute_url()).content.decode()
    )
    response = worker_client.post(
        reverse("repairs:unit_out_of_use", args=[unit.pk]),
        {"reason": "major_works", "details": "New kitchen and rewire", "started_on": "2026-11-30"},
    )
    void = Void.objects.get(unit=unit)
    assert response.status_code == 302 and void.kind == Void.Kind.MAJOR_WORKS
    unit.refresh_from_db()
    assert unit.unavailable_reason.startswith("Out of use for major works")


def test_an_occupied_unit_cannot_be_taken_out_of_use_and_nothing_changes(worker_client, scheme):
    agreement = AgreementFactory(unit__property__scheme=scheme, start_date=D(2026, 1, 5))
    response = worker_client.post(
        reverse("repairs:unit_out_of_use", args=[agreement.unit.pk]),
        {"reason": "unsafe", "details": "Ceiling", "started_on": "2026-11-30"},
    )
    assert response.status_code == 200 and "Someone lives in this unit" in response.content.decode()
    assert not Void.objects.exists()


def test_a_safe_void_says_so(worker_client, scheme):
    void = VoidFactory(unit__property__scheme=scheme, started_on=D(2026, 11, 2))
    for item in VoidCheck.SAFETY_ITEMS:
        VoidCheckFactory(void=void, item=item, checked_on=D(2026, 11, 30))
    page = worker_client.get(void.get_absolute_url()).content.decode()
    assert f"Gas safety check ({void.unit.property}): no record." in page  # compliance's pre-let checks
    pre_let_checks_done(void.unit, D(2026, 11, 30))
    assert "Every safety item is recorded and passing" in worker_client.get(void.get_absolute_url()).content.decode()


def test_another_schemes_void_is_not_found(worker_client):
    void = VoidFactory()
    assert worker_client.get(void.get_absolute_url()).status_code == 404
