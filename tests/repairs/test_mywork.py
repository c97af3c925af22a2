"""Repairs on "My work": a count per kind, in the user's scope, linking to the filtered list."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from core import mywork
from repairs.models import Repair
from repairs.mywork.repairs import repairs_due
from tests.accounts.factories import UserFactory
from tests.repairs.factories import NOW, HazardFactory, RepairFactory, VoidFactory
from tests.tenancies.scoping import scheme_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def fill(scheme, n: int = 1):
    for _ in range(n):
        RepairFactory(unit__property__scheme=scheme, target_due_at=NOW - timedelta(hours=3))
        HazardFactory(repair__unit__property__scheme=scheme, repair__target_due_at=NOW + timedelta(days=5))
        VoidFactory(unit__property__scheme=scheme, started_on=date(2026, 11, 2))


def test_counts_and_links_for_what_the_worker_can_see(worker, other_scheme):
    fill(scheme_for(worker))
    fill(other_scheme, 2)  # another worker's scheme
    RepairFactory(
        unit__property__scheme=scheme_for(worker), target_due_at=NOW - timedelta(days=1), status=Repair.Status.COMPLETED
    )
    items = {item.url: item for item in repairs_due(worker)}
    repair_list = reverse("repairs:repair_list")
    assert set(items) == {f"{repair_list}?status=overdue", f"{repair_list}?hazard=any", reverse("repairs:void_board")}
    assert items[f"{repair_list}?status=overdue"].title == "1 repair past its target"
    assert items[f"{repair_list}?status=overdue"].due == date(2026, 12, 3)
    assert items[f"{repair_list}?hazard=any"].title == "1 open repair with a hazard"
    assert items[reverse("repairs:void_board")].title == "1 void past its turnaround target"
    assert {item.url for item in mywork.due_for(worker)} >= set(items)


def test_a_manager_sees_every_scheme_in_the_counts(manager):
    fill(scheme_for(None), 2)
    titles = {item.title for item in repairs_due(manager)}
    assert "2 repairs past their target" in titles
    assert "2 voids past their turnaround target" in titles


def test_nothing_for_users_without_repairs_or_with_nothing_due(worker):
    fill(scheme_for(None))
    assert repairs_due(UserFactory(role=roles.PREVENTION_OFFICER)) == []
    assert repairs_due(worker) == []


def test_a_fixed_number_of_queries(worker):
    scheme = scheme_for(worker)
    fill(scheme)
    worker = type(worker).objects.get(pk=worker.pk)
    with CaptureQueriesContext(connection) as one:
        repairs_due(worker)
    fill(scheme, 3)
    worker = type(worker).objects.get(pk=worker.pk)
    with CaptureQueriesContext(connection) as four:
        items = repairs_due(worker)
    assert len(four) == len(one)
    assert {item.title for item in items} >= {"4 repairs past their target", "4 voids past their turnaround target"}
