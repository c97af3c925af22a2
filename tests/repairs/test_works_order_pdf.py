"""The works order PDF is made once, when the order is raised, and kept: what was sent to the
contractor is what is downloaded later, whatever changes afterwards."""

import io
from decimal import Decimal

import pytest
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from pypdf import PdfReader

from accounts import roles
from repairs.models import RepairsBudget, WorksOrder
from repairs.services import orders
from tests.accounts.factories import UserFactory
from tests.repairs.factories import ContractorFactory, RepairFactory, RepairsBudgetFactory, WorksOrderFactory
from tests.tenancies.factories import SchemeFactory, UnitFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media", "frozen")]


def _text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def _stored_files(root) -> list:
    return sorted(path for path in root.rglob("*") if path.is_file())


def _download(client, order):
    return client.get(reverse("repairs:works_order_pdf", args=[order.pk]))


@pytest.fixture
def repair(unit):
    return RepairFactory(
        unit=unit, description="Kitchen tap drips constantly.", access_notes="Mornings only; the dog is friendly."
    )


@pytest.fixture
def contractor():
    return ContractorFactory(name="Dripfix Plumbing Ltd")


def _raise(repair, contractor, worker):
    return orders.works_order_raise(
        repair=repair,
        estimated_cost=Decimal("180.00"),
        contractor=contractor,
        instructions="Replace the washer.",
        by=worker,
    )


def test_raising_an_order_stores_its_pdf(repair, contractor, worker, tmp_path):
    order = _raise(repair, contractor, worker)
    order.refresh_from_db()
    assert order.pdf.name == f"private/repairs/orders/{order.number}.pdf"
    assert _stored_files(tmp_path) == [tmp_path / order.pdf.name]
    with order.pdf.open("rb") as pdf:
        text = _text(pdf.read())
    assert order.number in text
    assert "Dripfix Plumbing Ltd" in text
    assert repair.reference in text and "Kitchen tap drips constantly." in text
    assert "Mornings only; the dog is friendly." in text and "Replace the washer." in text
    assert "£180.00" in text
    assert order.history.count() == 1  # one history row, already holding the PDF
    assert order.history.get().pdf == order.pdf.name


def test_the_download_is_the_pdf_as_sent_after_the_contractor_is_renamed(
    worker_client, repair, contractor, worker, tmp_path
):
    order = _raise(repair, contractor, worker)
    with WorksOrder.objects.get(pk=order.pk).pdf.open("rb") as pdf:
        sent = pdf.read()
    contractor.name = "Dripfix Plumbing and Heating Ltd"
    contractor.save()
    response = _download(worker_client, order)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{order.number}.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert response.content == sent
    text = _text(response.content)
    assert "Dripfix Plumbing Ltd" in text and "Dripfix Plumbing and Heating Ltd" not in text
    assert len(_stored_files(tmp_path)) == 1


def test_an_order_without_a_pdf_gets_one_kept_on_first_download(worker_client, scheme, tmp_path):
    order = WorksOrderFactory(repair__unit=UnitFactory(property__scheme=scheme), contractor__name="Old Pipes Ltd")
    assert not order.pdf
    first = _download(worker_client, order)
    assert first.status_code == 200
    assert order.number in _text(first.content) and "Old Pipes Ltd" in _text(first.content)
    order.refresh_from_db()
    assert order.pdf.name == f"private/repairs/orders/{order.number}.pdf"
    order.contractor.name = "New Pipes Ltd"
    order.contractor.save()
    second = _download(worker_client, order)
    assert second.content == first.content
    assert _stored_files(tmp_path) == [tmp_path / order.pdf.name]


def test_the_wrong_user_cannot_download_an_order(client, worker_client, other_worker, scheme):
    order = _raise(RepairFactory(unit=UnitFactory(property__scheme=scheme)), ContractorFactory(), other_worker)
    outside = WorksOrderFactory(repair__unit__property__scheme=SchemeFactory())
    assert _download(worker_client, outside).status_code == 404
    client.force_login(other_worker)  # raised it, but does not cover the scheme
    assert _download(client, order).status_code == 404
    client.force_login(UserFactory(role=roles.SUPPORT_WORKER))  # may not see works orders at all
    assert _download(client, order).status_code == 403
    outside.refresh_from_db()
    assert not outside.pdf  # nothing made for a download that was refused


def test_when_the_pdf_cannot_be_saved_no_order_is_raised(repair, contractor, worker, monkeypatch, tmp_path):
    def full_disk(self, name, content, max_length=None):
        raise OSError("No space left on device")

    monkeypatch.setattr(FileSystemStorage, "save", full_disk)
    with pytest.raises(OSError):
        _raise(repair, contractor, worker)
    assert not WorksOrder.objects.exists()
    repair.refresh_from_db()
    assert repair.status == repair.Status.REPORTED
    assert _stored_files(tmp_path) == []


def test_when_the_order_fails_after_the_pdf_is_written_the_file_is_removed(
    repair, contractor, worker, monkeypatch, tmp_path
):
    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    budget = RepairsBudgetFactory(scheme=repair.scheme, amount=Decimal("1000.00"))
    monkeypatch.setattr(orders, "_move", broken)  # committing the estimate fails after the PDF is written
    with pytest.raises(RuntimeError):
        orders.works_order_raise(
            repair=repair, estimated_cost=Decimal("10.00"), contractor=contractor, budget=budget, by=worker
        )
    assert RepairsBudget.objects.get(pk=budget.pk).committed == 0
    assert not WorksOrder.objects.exists()
    assert _stored_files(tmp_path) == []
