"""The demo shows repairs at every status and priority, late ones, hazard clocks running and
breached, contractors, budgets and voids at several stages (issue 11, Done when)."""

import pytest
from django.core.management import call_command

from repairs.models import Contractor, HazardClock, Repair, RepairPriority, RepairsBudget, Void

pytestmark = pytest.mark.django_db


def test_the_demo_has_repairs_hazards_budgets_and_voids(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent
    repairs = Repair.objects.all()
    assert {r.status for r in repairs} == set(Repair.Status.values)
    assert {r.priority.code for r in repairs.select_related("priority")} == set(
        RepairPriority.objects.values_list("code", flat=True)
    )
    assert repairs.overdue().exists() and repairs.filter(completed_within_target=False).exists()
    assert repairs.filter(recall_of__isnull=False).exists()
    assert (
        HazardClock.objects.overdue().exists()
        and HazardClock.objects.running().filter(due_at__gt=HazardClock.objects.overdue().first().due_at).exists()
    )
    assert Contractor.objects.count() == 3 and RepairsBudget.objects.filter(committed__gt=0).exists()
    assert len({void.stage for void in Void.objects.open()}) >= 4
