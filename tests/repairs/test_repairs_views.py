"""The repairs pages: report, list with filters and exports, the repair page and its actions."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from accounts import roles
from core import reports
from core.models import GeneratedReport
from repairs.models import Repair, RepairsBudget, WorksOrder
from repairs.services import exports
from tests.accounts.factories import UserFactory
from tests.flatness import uses_index
from tests.rents.test_stacked_tables_aria import StackedTables
from tests.repairs.factories import (
    CompletedRepairFactory,
    HazardFactory,
    RepairFactory,
    RepairsBudgetFactory,
    WorksOrderFactory,
    at,
    priority,
)
from tests.tenancies.factories import ComplaintFactory, UnitFactory
from tests.tenancies.scoping import scheme_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media", "frozen")]
D = datetime.date


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (3, 3), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def _report(home, **extra):
    return {
        "scheme": home.property.scheme.pk,
        "unit": home.pk,
        "category": "damp_mould",
        "description": "Black mould on the bedroom wall behind the bed.",
        "location": "Bedroom",
        "priority": priority("urgent").pk,
        "reported_at": "2026-12-03T09:15",
        "reported_by_kind": "resident",
        "channel": "phone",
        **extra,
    }


def test_reporting_a_repair_with_a_photo_from_the_unit_page(worker_client, worker, unit):
    url = reverse("repairs:repair_create") + f"?unit={unit.pk}"
    form = worker_client.get(url).context["form"]
    assert form["unit"].value() == unit.pk and form["scheme"].value() == unit.property.scheme.pk
    photo = io.BytesIO(_png())
    photo.name = "wall.png"
    response = worker_client.post(url, {**_report(unit), "photo": photo})
    repair = Repair.objects.get()
    assert response.status_code == 302 and response.url == repair.get_absolute_url()
    assert repair.reported_at == at(D(2026, 12, 3), datetime.time(9, 15))
    assert repair.recorded_by == worker and repair.photos.count() == 1
    page = worker_client.get(repair.get_absolute_url()).content.decode()
    assert "Black mould on the bedroom wall" in page and "10 December 2026, 23:59" in page
    served = worker_client.get(repair.photos.get().get_absolute_url())
    assert served["Content-Type"] == "image/png" and b"".join(served.streaming_content) == _png()
    served.close()


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"unit": "", "communal_area": ""}, "communal_area", "Say which communal area"),
        ({"reported_at": "2026-12-04T09:00"}, "reported_at", "cannot be in the future"),
        ({"description": ""}, "description", "Say what is wrong"),
    ],
)
def test_bad_reports_rerender_with_the_error_and_save_nothing(worker_client, unit, change, field, message):
    response = worker_client.post(reverse("repairs:repair_create"), _report(unit, **change))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Repair.objects.exists()


def test_a_non_image_upload_is_refused_and_nothing_is_saved(worker_client, unit):
    fake = io.BytesIO(b"MZ\x90\x00 not a photo at all")
    fake.name = "mould.jpg"
    response = worker_client.post(reverse("repairs:repair_create"), {**_report(unit), "photo": fake})
    assert response.status_code == 200
    assert "not a photo" in " ".join(response.context["form"].errors["photo"])
    assert not Repair.objects.exists()


def test_a_unit_at_another_scheme_is_refused(worker_client, worker, unit):
    other = UnitFactory(property__scheme=scheme_for(worker))
    response = worker_client.post(reverse("repairs:repair_create"), _report(unit, unit=other.pk))
    assert "is not at Riverside House" in " ".join(response.context["form"].errors["unit"])


def test_a_complaint_raises_a_repair_in_one_step_linked_both_ways(worker_client, unit):
    complaint = ComplaintFactory(scheme=unit.property.scheme, summary="Nobody has fixed the mould.")
    assert "?complaint=" in worker_client.get(complaint.get_absolute_url()).content.decode()
    url = reverse("repairs:repair_create") + f"?complaint={complaint.pk}"
    assert worker_client.get(url).context["form"]["reported_by_kind"].value() == "complaint"
    worker_client.post(url, _report(unit, reported_by_kind="complaint"))
    repair = Repair.objects.get()
    assert repair.complaint == complaint
    assert repair.reference in worker_client.get(complaint.get_absolute_url()).content.decode()


def test_the_list_shows_open_repairs_soonest_target_first_and_filters(worker_client, unit):
    late = RepairFactory(unit=unit, reported_at=at(D(2026, 11, 1)))
    soon = RepairFactory(unit=unit, priority=priority("urgent"))
    HazardFactory(repair=soon)
    CompletedRepairFactory(unit=unit)
    RepairFactory()  # another scheme's
    url = reverse("repairs:repair_list")
    assert list(worker_client.get(url).context["repairs"]) == [late, soon]
    assert list(worker_client.get(url, {"status": "overdue"}).context["repairs"]) == [late]
    assert list(worker_client.get(url, {"hazard": "significant"}).context["repairs"]) == [soon]
    assert len(worker_client.get(url, {"status": "all"}).context["repairs"]) == 3
    assert "Past target" in worker_client.get(url).content.decode()


def test_the_list_runs_a_fixed_number_of_queries(worker_client, unit, django_assert_max_num_queries):
    for _ in range(3):
        RepairFactory(unit=unit)
    url = reverse("repairs:repair_list")
    with django_assert_max_num_queries(16) as few:
        worker_client.get(url)
    for _ in range(20):
        RepairFactory(unit=UnitFactory(property__scheme=unit.property.scheme))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(worker_client.get(url).context["repairs"]) == 23


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Query plans are read on PostgreSQL")
def test_the_newest_first_page_of_every_repair_is_read_from_an_index(client, unit):
    """The time-independent companion to the query count: at ten years of repairs a manager's list of
    every repair cost 300 ms sorting them all; the page now comes off the (reported_at, id) index."""
    RepairFactory(unit=unit)
    client.force_login(UserFactory(role=roles.HOUSING_MANAGER))
    page = client.get(reverse("repairs:repair_list"), {"status": "all"}).context["page_obj"]
    assert uses_index(page.paginator.object_list[:25], "repair_newest_first")


def test_exports_are_csv_and_xlsx_with_real_dates_and_numbers(worker_client, unit):
    CompletedRepairFactory(unit=unit, reference="REP-2026-00007", cost=Decimal("1234.50"))
    response = worker_client.get(reverse("repairs:repair_list"), {"status": "all", "export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "Reference" and rows[1][0] == "REP-2026-00007" and rows[1][10] == "1234.50"
    response = worker_client.get(reverse("repairs:repair_list"), {"status": "all", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for cell in sheet[2]]
    assert values[0] == "REP-2026-00007"
    assert isinstance(values[6], datetime.datetime) and values[10] == 1234.5


def test_a_big_export_is_made_in_the_background_with_the_same_filters_and_scope(
    worker, worker_client, unit, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(exports, "INLINE_LIMIT", 2)  # the limit is 5,000; three repairs stand for a big export
    for n in range(3):
        CompletedRepairFactory(unit=unit, reference=f"REP-2026-0000{n}")
    RepairFactory()  # another scheme's
    url = reverse("repairs:repair_list")
    with django_capture_on_commit_callbacks(execute=True):
        asked = worker_client.get(url, {"status": "all", "export": "xlsx", "page": "2"})
    report = GeneratedReport.objects.get(owner=worker)
    assert asked.status_code == 302 and asked["Location"] == report.get_absolute_url()
    assert report.status == "ready" and report.params == {"filters": {"status": "all"}, "format": "xlsx"}
    download = worker_client.get(reverse("core:report_download", args=[report.pk]))
    sheet = load_workbook(io.BytesIO(download.content)).active
    assert sorted(row[0].value for row in sheet.iter_rows(min_row=2)) == ["REP-2026-00000", "REP-2026-00001",
                                                                          "REP-2026-00002"]  # fmt: skip
    csv_report = reports.request_report(
        user=worker, kind="repairs.export", title="CSV", params={"filters": {"status": "open"}, "format": "csv"}
    )
    assert reports.make_report(csv_report.pk) == "ready"
    csv_report.refresh_from_db()
    with csv_report.file.open("rb") as handle:
        assert handle.read().decode().splitlines() == [",".join(exports.EXPORT_HEADER)]  # none open
    small = worker_client.get(url, {"status": "open", "export": "csv"})
    assert small.status_code == 200 and small["Content-Type"].startswith("text/csv")


def test_completing_before_the_report_rerenders_and_changes_nothing(worker_client, unit):
    repair = RepairFactory(unit=unit)
    url = reverse("repairs:repair_complete", args=[repair.pk])
    response = worker_client.post(url, {"completed_at": "2026-11-30T10:00", "cost": "50"})
    assert response.status_code == 200
    assert "before it was reported" in " ".join(response.context["form"].errors["completed_at"])
    repair.refresh_from_db()
    assert repair.status == Repair.Status.REPORTED and repair.cost is None
    response = worker_client.post(url, {"completed_at": "2026-12-02T10:00", "cost": "50"})
    repair.refresh_from_db()
    assert response.status_code == 302 and repair.completed_within_target is True


def test_the_priority_changes_with_a_reason_on_the_timeline(worker_client, unit):
    repair = RepairFactory(unit=unit)
    url = reverse("repairs:repair_priority", args=[repair.pk])
    assert worker_client.post(url, {"priority": priority("urgent").pk, "reason": ""}).status_code == 200
    worker_client.post(url, {"priority": priority("urgent").pk, "reason": "Water coming through the light"})
    page = worker_client.get(repair.get_absolute_url()).content.decode()
    assert "Priority changed from Routine to Urgent: Water coming through the light" in page
    assert "the target was set as Routine" in page


def test_a_worker_cannot_order_over_budget_and_nothing_is_committed(worker_client, unit):
    budget = RepairsBudgetFactory(scheme=unit.property.scheme, amount=Decimal("100.00"))
    repair = RepairFactory(unit=unit)
    url = reverse("repairs:works_order_create", args=[repair.pk])
    assert worker_client.get(url).context["form"]["budget"].value() == budget.pk
    response = worker_client.post(url, {"budget": budget.pk, "estimated_cost": "150.00"})
    assert response.status_code == 200
    assert "A manager needs to approve it" in " ".join(response.context["form"].errors["estimated_cost"])
    assert not WorksOrder.objects.exists()
    assert RepairsBudget.objects.get(pk=budget.pk).committed == 0
    response = worker_client.post(url, {"budget": budget.pk, "estimated_cost": "80.00"})
    assert response.status_code == 302
    assert RepairsBudget.objects.get(pk=budget.pk).committed == Decimal("80.00")


def test_another_schemes_repair_and_photo_are_not_found(worker_client, worker):
    repair = RepairFactory()
    assert worker_client.get(repair.get_absolute_url()).status_code == 404
    assert not Repair.objects.visible_to(worker).filter(pk=repair.pk).exists()


def test_the_stacked_tables_keep_their_table_roles(worker_client, unit):
    repair = RepairFactory(unit=unit, status=Repair.Status.ORDERED)
    budget = RepairsBudgetFactory(scheme=unit.property.scheme)
    order = WorksOrderFactory(repair=repair, budget=budget)
    urls = (
        reverse("repairs:repair_list"),
        repair.get_absolute_url(),
        reverse("repairs:contractor_list"),
        reverse("repairs:contractor_detail", args=[order.contractor.pk]),
        reverse("repairs:budget_list") + "?year=2026",
        reverse("repairs:budget_detail", args=[budget.pk]),
    )
    for url in urls:
        tables = StackedTables()
        tables.feed(worker_client.get(url).content.decode())
        assert tables.tables == 1 and tables.cells > 0 and not tables.missing, url


def test_a_report_can_be_triaged_as_a_hazard_in_the_same_step(worker_client, unit):
    worker_client.post(reverse("repairs:repair_create"), _report(unit, hazard="significant"))
    repair = Repair.objects.get()
    assert repair.hazard.kind == "significant" and repair.hazard.aware_at == repair.reported_at
    assert repair.hazard.clocks.count() == 1


def test_a_support_worker_reports_but_cannot_triage_a_hazard(client, unit):
    support = UserFactory(role=roles.SUPPORT_WORKER)
    from tests.tenancies.factories import cover

    cover(support, unit.property.scheme)
    client.force_login(support)
    assert "hazard" not in client.get(reverse("repairs:repair_create")).context["form"].fields
    assert client.post(reverse("repairs:repair_create"), _report(unit, hazard="emergency")).status_code == 302
    assert not hasattr(Repair.objects.get(), "hazard")
