"""Contractor and budget pages, and the works order PDF."""

import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from pypdf import PdfReader

from core.money import format_money
from repairs.models import Contractor, Repair, RepairsBudget
from tests.repairs.factories import (
    BudgetCodeFactory,
    CompletedRepairFactory,
    ContractorFactory,
    RepairFactory,
    RepairsBudgetFactory,
    WorksOrderFactory,
    at,
)
from tests.tenancies.factories import SchemeFactory
from tests.tenancies.scoping import scheme_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media", "frozen")]
D = datetime.date


def _contractor_post(**extra):
    return {
        "name": "Dripfix Plumbing Ltd",
        "trades": [Repair.Category.PLUMBING, Repair.Category.HEATING],
        "contact_name": "Ali Tap",
        "phone": "0113 496 0101",
        "email": "jobs@dripfix.example",
        "address": "1 Pipe Lane\nLeeds",
        "target_within_target_pct": "92.5",
        "insurance_expires_on": "2027-03-31",
        "active": "on",
        **extra,
    }


def test_manager_adds_a_contractor_with_trades_and_the_change_is_audited(manager_client, manager):
    response = manager_client.post(reverse("repairs:contractor_create"), _contractor_post())
    contractor = Contractor.objects.get(name="Dripfix Plumbing Ltd")
    assert response.status_code == 302
    assert response.url == contractor.get_absolute_url()
    assert contractor.trades == ["plumbing", "heating"]
    assert contractor.target_within_target_pct == Decimal("92.5")
    entry = contractor.history.get()
    assert entry.history_user == manager
    assert entry.history_change_reason == "Added"
    page = manager_client.get(contractor.get_absolute_url()).content.decode()
    assert "Plumbing, Heating and hot water" in page


def test_bad_contractor_input_is_shown_and_nothing_saved(manager_client):
    ContractorFactory(name="Dripfix Plumbing Ltd")
    response = manager_client.post(
        reverse("repairs:contractor_create"),
        _contractor_post(trades=["plumbing", "juggling"], target_within_target_pct="120"),
    )
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b"A contractor with this name is already recorded." in response.content
    assert Contractor.objects.count() == 1


def test_manager_edits_a_contractor(manager_client, manager):
    contractor = ContractorFactory(name="Old Name Ltd", insurance_expires_on=D(2026, 1, 1))
    response = manager_client.post(
        reverse("repairs:contractor_edit", args=[contractor.pk]),
        _contractor_post(name="New Name Ltd", trades=["roof"], insurance_expires_on="2027-12-31"),
    )
    assert response.status_code == 302
    contractor.refresh_from_db()
    assert contractor.name == "New Name Ltd"
    assert contractor.trades == ["roof"]
    assert contractor.insurance_expires_on == D(2027, 12, 31)
    assert contractor.history.first().history_change_reason == "Details changed"
    assert contractor.history.first().history_user == manager


def test_housing_worker_cannot_add_a_contractor(worker_client):
    assert worker_client.post(reverse("repairs:contractor_create"), _contractor_post()).status_code == 403
    assert not Contractor.objects.exists()


def _completed(contractor, scheme, *, within: bool):
    repair = CompletedRepairFactory(
        unit__property__scheme=scheme,
        completed_at=at(D(2026, 12, 2)),
        completed_within_target=within,
    )
    WorksOrderFactory(repair=repair, contractor=contractor, closed_at=repair.completed_at)
    return repair


def test_contractor_list_shows_share_within_target_and_expired_insurance(worker_client, worker):
    scheme = scheme_for(worker)
    good = ContractorFactory(name="Aardvark Builders", target_within_target_pct=Decimal("50"))
    late = ContractorFactory(name="Badger Roofing", insurance_expires_on=D(2026, 11, 30))
    for within in (True, True, True, False):
        _completed(good, scheme, within=within)
    _completed(late, scheme, within=False)
    WorksOrderFactory(contractor=late, repair__unit__property__scheme=scheme)  # open: not counted
    page = worker_client.get(reverse("repairs:contractor_list")).content.decode()
    assert "75.0% of 4 (target 50.0%)" in page
    assert "0.0% of 1 (target 95.0%)" in page
    assert page.count("Insurance expired") == 1
    assert page.count("Below target") == 1
    assert "Plumbing, Heating and hot water" in page


def test_contractor_list_queries_do_not_grow_with_contractors(worker_client, worker, django_assert_max_num_queries):
    scheme = scheme_for(worker)
    for _ in range(3):
        _completed(ContractorFactory(), scheme, within=True)
    worker_client.get(reverse("repairs:contractor_list"))  # warm the session and permission caches
    with django_assert_max_num_queries(15) as few:
        worker_client.get(reverse("repairs:contractor_list"))
    for _ in range(20):
        _completed(ContractorFactory(), scheme, within=False)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = worker_client.get(reverse("repairs:contractor_list"))
    assert response.content.decode().count("% of 1 (target") == 23


def test_contractor_detail_lists_their_open_orders_in_the_workers_schemes(worker_client, worker):
    contractor = ContractorFactory()
    mine = WorksOrderFactory(contractor=contractor, repair__unit__property__scheme=scheme_for(worker))
    closed = WorksOrderFactory(
        contractor=contractor, repair__unit__property__scheme=scheme_for(worker), closed_at=at(D(2026, 12, 2))
    )
    elsewhere = WorksOrderFactory(contractor=contractor)
    page = worker_client.get(contractor.get_absolute_url()).content.decode()
    assert mine.number in page
    assert closed.number not in page
    assert elsewhere.number not in page


def _budget_post(scheme, code, **extra):
    return {"scheme": scheme.pk, "budget_code": code.pk, "financial_year": "2026", "amount": "5000.00", **extra}


def test_manager_adds_a_budget_and_a_second_for_the_same_year_is_refused(manager_client, manager):
    scheme = SchemeFactory(name="Riverside House")
    code = BudgetCodeFactory()
    response = manager_client.post(reverse("repairs:budget_create"), _budget_post(scheme, code))
    budget = RepairsBudget.objects.get()
    assert response.status_code == 302
    assert response.url == budget.get_absolute_url()
    assert budget.amount == Decimal("5000.00")
    assert budget.history.get().history_user == manager

    response = manager_client.post(reverse("repairs:budget_create"), _budget_post(scheme, code, amount="9000"))
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert "Riverside House already has a RESP budget for 2026/27." in response.content.decode()
    assert RepairsBudget.objects.count() == 1
    assert (
        manager_client.post(
            reverse("repairs:budget_create"), _budget_post(scheme, code, financial_year="2027")
        ).status_code
        == 302
    )


def test_budget_create_catches_the_constraint_when_the_check_is_raced(manager_client, monkeypatch):
    from django.db.models import QuerySet

    scheme = SchemeFactory()
    code = BudgetCodeFactory()
    RepairsBudgetFactory(scheme=scheme, budget_code=code)
    monkeypatch.setattr(QuerySet, "exists", lambda self: False)
    response = manager_client.post(reverse("repairs:budget_create"), _budget_post(scheme, code))
    assert response.status_code == 200
    assert b"already has a RESP budget" in response.content
    assert RepairsBudget.objects.count() == 1


def test_budget_list_figures_and_over_budget_tag(worker_client, scheme):
    RepairsBudgetFactory(scheme=scheme, amount=Decimal("1000"), committed=Decimal("200"), spent=Decimal("300"))
    RepairsBudgetFactory(
        scheme=scheme,
        budget_code=BudgetCodeFactory(code="PLAN", name="Planned"),
        amount=Decimal("400"),
        committed=Decimal("150"),
        spent=Decimal("300"),
    )
    RepairsBudgetFactory(scheme=scheme, financial_year=2025, budget_code=BudgetCodeFactory(code="OLD", name="Old"))
    RepairsBudgetFactory(budget_code=BudgetCodeFactory(code="ELSE", name="Elsewhere"))  # another scheme
    page = worker_client.get(reverse("repairs:budget_list")).content.decode()
    assert "Repairs budgets 2026/27" in page
    assert "£1,000.00" in page and "£500.00" in page and "50.0%" in page
    assert format_money(Decimal("-50")) in page
    assert "112.5%" in page
    assert page.count("Over budget") == 1
    assert "OLD" not in page and "ELSE" not in page
    old = worker_client.get(reverse("repairs:budget_list"), {"year": "2025", "scheme": scheme.pk}).content.decode()
    assert "OLD" in old and "PLAN" not in old


def test_budget_detail_lists_its_orders(worker_client, worker):
    scheme = scheme_for(worker)
    budget = RepairsBudgetFactory(scheme=scheme)
    order = WorksOrderFactory(budget=budget, repair__unit__property__scheme=scheme)
    other = WorksOrderFactory(repair__unit__property__scheme=scheme)
    page = worker_client.get(budget.get_absolute_url()).content.decode()
    assert order.number in page and other.number not in page
    assert worker_client.get(RepairsBudgetFactory().get_absolute_url()).status_code == 404


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_works_order_pdf(worker_client, worker, scheme):
    repair = RepairFactory(
        unit__property__scheme=scheme,
        access_notes="Mornings only; the dog is friendly.",
        reported_at=at(D(2026, 12, 1), datetime.time(9, 30)),
    )
    order = WorksOrderFactory(
        repair=repair, contractor__name="Dripfix Plumbing Ltd", instructions="Replace the washer.", raised_by=worker
    )
    response = worker_client.get(reverse("repairs:works_order_pdf", args=[order.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{order.number}.pdf"'
    text = " ".join(_pdf_text(response.content).split())
    assert order.number in text
    assert "Mornings only; the dog is friendly." in text
    target = repair.target_due_at.astimezone(ZoneInfo("Europe/London"))
    assert f"{target:%-d %B %Y, %H:%M}" in text
    assert repair.reference in text
    assert "Dripfix Plumbing Ltd" in text and "Replace the washer." in text and worker.full_name in text
    assert "£150.00" in text


def test_works_order_pdf_for_the_in_house_team(worker_client, worker):
    order = WorksOrderFactory(contractor=None, repair__unit__property__scheme=scheme_for(worker))
    text = _pdf_text(worker_client.get(reverse("repairs:works_order_pdf", args=[order.pk])).content)
    assert "In-house team" in text


def test_works_order_pdf_outside_the_workers_schemes_is_404(worker_client):
    order = WorksOrderFactory(repair__unit__property__scheme=SchemeFactory())
    assert worker_client.get(reverse("repairs:works_order_pdf", args=[order.pk])).status_code == 404


def test_repair_page_links_each_order_to_its_pdf(worker_client, worker):
    order = WorksOrderFactory(repair__unit__property__scheme=scheme_for(worker))
    page = worker_client.get(order.repair.get_absolute_url()).content.decode()
    assert reverse("repairs:works_order_pdf", args=[order.pk]) in page
