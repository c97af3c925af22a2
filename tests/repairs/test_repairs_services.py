"""Repairs from report to verification, works orders and the budgets they commit (issue 11.1, 11.3)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from repairs.models import Repair, RepairsBudget, WorksOrder
from repairs.services import orders
from repairs.services import repairs as services
from tests.repairs.factories import (
    NOW,
    CompletedRepairFactory,
    ContractorFactory,
    RepairFactory,
    RepairsBudgetFactory,
    at,
    priority,
)
from tests.tenancies.factories import UnitFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
D = datetime.date
UTC = datetime.UTC


def report(unit, by, **extra):
    fields = {
        "scheme": unit.property.scheme,
        "unit": unit,
        "category": Repair.Category.PLUMBING,
        "description": "The kitchen tap drips all the time.",
        "priority": priority("urgent"),
        "reported_at": at(D(2026, 12, 1), datetime.time(9, 30)),
        "reported_by_kind": Repair.ReportedBy.RESIDENT,
        "channel": Repair.Channel.PHONE,
        "by": by,
        **extra,
    }
    return services.repair_report(**fields)


def test_reporting_fixes_the_target_from_the_priority_and_numbers_the_repair(worker):
    unit = UnitFactory()
    first = report(unit, worker)
    second = report(unit, worker, priority=priority("routine"))
    assert first.reference == "REP-2026-00001" and second.reference == "REP-2026-00002"
    assert first.target_priority == priority("urgent")
    assert first.target_due_at.astimezone(UTC) == datetime.datetime(2026, 12, 8, 23, 59, 59, 999999, tzinfo=UTC)
    assert first.history.latest().history_user == worker


def test_a_report_in_the_future_or_for_another_schemes_unit_is_refused(worker):
    unit = UnitFactory()
    with pytest.raises(ValidationError) as error:
        report(unit, worker, reported_at=NOW + datetime.timedelta(hours=1))
    assert "future" in str(error.value)
    with pytest.raises(ValidationError):
        report(unit, worker, scheme=UnitFactory().property.scheme)
    assert not Repair.objects.exists()


def test_changing_the_priority_keeps_the_target_and_is_audited_with_a_reason(worker):
    repair = report(UnitFactory(), worker)
    target = repair.target_due_at
    with pytest.raises(ValidationError):
        services.repair_change_priority(repair=repair, priority=priority("routine"), reason=" ", by=worker)
    services.repair_change_priority(
        repair=repair, priority=priority("routine"), reason="Tap isolated; no water lost", by=worker
    )
    repair.refresh_from_db()
    assert repair.priority == priority("routine") and repair.target_priority == priority("urgent")
    assert repair.target_due_at == target
    assert repair.history.latest().history_change_reason == (
        "Priority changed from Urgent to Routine: Tap isolated; no water lost"
    )


def test_within_target_is_set_once_at_completion_and_survives_a_priority_change(worker):
    repair = report(UnitFactory(), worker)
    services.repair_complete(repair=repair, completed_at=at(D(2026, 12, 2)), cost=Decimal("80.00"), by=worker)
    repair.refresh_from_db()
    assert repair.completed_within_target is True and repair.status == Repair.Status.COMPLETED
    late = report(UnitFactory(), worker, reported_at=at(D(2026, 11, 20)))
    services.repair_complete(repair=late, completed_at=at(D(2026, 12, 2)), by=worker)
    late.refresh_from_db()
    assert late.completed_within_target is False
    assert late.history.latest().history_change_reason == "Completed (after its target)"


def test_a_day_target_is_met_until_the_last_instant_of_its_due_day(worker):
    """Urgent is 7 days: reported on Friday 20 November, due by the end of Friday 27 November."""
    last_moment = at(D(2026, 11, 27), datetime.time(23, 59, 59, 500000))
    on_time = report(UnitFactory(), worker, reported_at=at(D(2026, 11, 20)))
    services.repair_complete(repair=on_time, completed_at=last_moment, by=worker)
    late = report(UnitFactory(), worker, reported_at=at(D(2026, 11, 20)))
    services.repair_complete(repair=late, completed_at=at(D(2026, 11, 28), datetime.time(0)), by=worker)
    on_time.refresh_from_db()
    late.refresh_from_db()
    assert (on_time.completed_within_target, late.completed_within_target) == (True, False)


@pytest.mark.parametrize(
    "completed_at, message",
    [(at(D(2026, 11, 30)), "before it was reported"), (NOW + datetime.timedelta(days=1), "future")],
)
def test_completion_before_the_report_or_in_the_future_is_refused(worker, completed_at, message):
    repair = report(UnitFactory(), worker)
    with pytest.raises(ValidationError) as error:
        services.repair_complete(repair=repair, completed_at=completed_at, cost=Decimal("5.00"), by=worker)
    assert message in str(error.value)
    repair.refresh_from_db()
    assert repair.status == Repair.Status.REPORTED and repair.cost is None


def test_booking_verifying_and_cancelling(worker):
    repair = report(UnitFactory(), worker)
    with pytest.raises(ValidationError):
        services.repair_verify(repair=repair, by=worker)
    services.repair_book(
        repair=repair, appointment_at=at(D(2026, 12, 4), datetime.time(9)), access_notes="Mornings", by=worker
    )
    repair.refresh_from_db()
    assert repair.status == Repair.Status.BOOKED and repair.access_notes == "Mornings"
    with pytest.raises(ValidationError):
        services.repair_cancel(repair=repair, reason="", by=worker)
    services.repair_cancel(repair=repair, reason="Resident fixed it themselves", by=worker)
    repair.refresh_from_db()
    assert repair.status == Repair.Status.CANCELLED and not repair.is_open
    with pytest.raises(ValidationError):
        services.repair_book(repair=repair, appointment_at=at(D(2026, 12, 4)), by=worker)

    done = CompletedRepairFactory(reported_at=at(D(2026, 11, 1)))
    services.repair_verify(repair=done, by=worker)
    done.refresh_from_db()
    assert done.status == Repair.Status.VERIFIED and done.verified_by == worker


def test_a_recall_is_the_same_fault_at_the_same_place_within_30_days(worker):
    unit = UnitFactory()
    original = CompletedRepairFactory(
        unit=unit, reported_at=at(D(2026, 11, 10)), completed_at=at(D(2026, 11, 12)), category="plumbing"
    )
    CompletedRepairFactory(unit=unit, reported_at=at(D(2026, 10, 1)), completed_at=at(D(2026, 10, 2)))  # too long ago
    CompletedRepairFactory(unit=unit, category="electrical", reported_at=at(D(2026, 11, 19)))  # another fault
    candidates = services.recall_candidates(
        scheme=unit.property.scheme, unit=unit, category="plumbing", reported_at=at(D(2026, 12, 1))
    )
    assert list(candidates) == [original]
    recall = report(unit, worker, recall_of=original)
    assert list(original.recalls.all()) == [recall]
    assert recall.history.latest().history_change_reason == f"Reported (a recall of {original.reference})"


def _png(size=(4, 4)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.usefixtures("media")
def test_photos_are_checked_by_content_not_name(worker):
    repair = report(UnitFactory(), worker)
    photo = services.photo_add(
        repair=repair, upload=SimpleUploadedFile("mould.txt", _png(), "text/plain"), caption="Ceiling", by=worker
    )
    assert photo.content_type == "image/png" and photo.image.name.endswith(".png")
    assert photo.image.name.startswith(f"private/repairs/{repair.pk}/")
    for upload in (
        SimpleUploadedFile("mould.jpg", b"%PDF-1.4 not a photo", "image/jpeg"),
        SimpleUploadedFile("empty.png", b"", "image/png"),
    ):
        with pytest.raises(ValidationError):
            services.photo_add(repair=repair, upload=upload, by=worker)
    settings_limit = services.PHOTO_MAX_BYTES
    big = SimpleUploadedFile("big.png", _png(), "image/png")
    big.size = settings_limit + 1
    with pytest.raises(ValidationError) as error:
        services.photo_add(repair=repair, upload=big, by=worker)
    assert "too large" in str(error.value)
    assert repair.photos.count() == 1


# Works orders and budgets ---------------------------------------------------------------------


@pytest.fixture
def budget():
    return RepairsBudgetFactory(amount=Decimal("1000.00"))


def _repair_at(budget):
    return RepairFactory(unit=UnitFactory(property__scheme=budget.scheme))


def test_an_order_commits_its_estimate_and_completion_moves_it_to_spent(worker, budget):
    repair = _repair_at(budget)
    order = orders.works_order_raise(
        repair=repair, estimated_cost=Decimal("300.00"), contractor=ContractorFactory(), budget=budget, by=worker
    )
    assert order.number == "WO-2026-00001"
    repair.refresh_from_db()
    budget.refresh_from_db()
    assert repair.status == Repair.Status.ORDERED
    assert (budget.committed, budget.spent, budget.remaining) == (Decimal("300.00"), 0, Decimal("700.00"))
    services.repair_complete(repair=repair, completed_at=at(D(2026, 12, 2)), cost=Decimal("275.50"), by=worker)
    budget.refresh_from_db()
    order.refresh_from_db()
    assert (budget.committed, budget.spent) == (Decimal("0.00"), Decimal("275.50"))
    assert order.closed_at is not None


def test_cancelling_a_repair_releases_what_its_order_committed(worker, budget):
    repair = _repair_at(budget)
    orders.works_order_raise(repair=repair, estimated_cost=Decimal("300.00"), budget=budget, by=worker)
    services.repair_cancel(repair=repair, reason="Duplicate report", by=worker)
    budget.refresh_from_db()
    assert (budget.committed, budget.spent) == (Decimal("0.00"), Decimal("0.00"))


def test_an_order_over_budget_needs_a_manager_and_a_reason(worker, manager, budget):
    repair = _repair_at(budget)
    with pytest.raises(ValidationError) as error:
        orders.works_order_raise(repair=repair, estimated_cost=Decimal("1000.01"), budget=budget, by=worker)
    assert "A manager needs to approve it" in str(error.value) and "£1,000.00 left" in str(error.value)
    with pytest.raises(ValidationError) as error:
        orders.works_order_raise(repair=repair, estimated_cost=Decimal("1000.01"), budget=budget, by=manager)
    assert "say why" in str(error.value)
    assert not WorksOrder.objects.exists()
    budget.refresh_from_db()
    assert budget.committed == 0
    order = orders.works_order_raise(
        repair=repair,
        estimated_cost=Decimal("1000.01"),
        budget=budget,
        over_budget_reason="Ceiling collapse risk",
        by=manager,
    )
    assert order.over_budget_approved_by == manager and order.over_budget_reason == "Ceiling collapse risk"
    assert RepairsBudget.objects.get(pk=budget.pk).remaining == Decimal("-0.01")


def test_an_order_to_an_uninsured_contractor_or_from_another_schemes_budget_is_refused(worker, budget):
    repair = _repair_at(budget)
    lapsed = ContractorFactory(insurance_expires_on=D(2026, 12, 1))
    with pytest.raises(ValidationError) as error:
        orders.works_order_raise(repair=repair, estimated_cost=Decimal("10"), contractor=lapsed, by=worker)
    assert "insurance" in str(error.value)
    with pytest.raises(ValidationError):
        orders.works_order_raise(repair=repair, estimated_cost=Decimal("10"), budget=RepairsBudgetFactory(), by=worker)
    assert not WorksOrder.objects.exists()


def test_an_in_house_order_needs_no_contractor(worker):
    repair = RepairFactory()
    order = orders.works_order_raise(repair=repair, estimated_cost=Decimal("0.00"), by=worker)
    assert order.in_house
    assert repair.history.latest().history_change_reason == (
        f"Works order {order.number} raised with the in-house team"
    )
