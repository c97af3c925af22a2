"""The compliance pages: the grid and its export, the checks list, recording a check (bad input
changes nothing), quick entry, actions closed through the pages, object scope and query counts."""

import csv
import io
from datetime import date as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from accounts import roles
from compliance.models import Action, CheckRecord, ScheduledCheck
from tests.accounts.factories import UserFactory
from tests.compliance.factories import ActionFactory, AssetFactory, action_priority, record, schedule_of
from tests.tenancies.factories import PropertyFactory, UnitFactory
from tests.tenancies.scoping import scheme_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media", "frozen")]


@pytest.fixture
def worker_client(client, worker):
    client.force_login(worker)
    return client


@pytest.fixture
def building(worker):
    return PropertyFactory(scheme=scheme_for(worker, name="Riverside House"), address="1 River Street")


def pdf_upload():
    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=100, height=100)
    writer.write(out)
    return SimpleUploadedFile("gas.pdf", out.getvalue(), content_type="application/pdf")


def test_the_grid_shows_each_buildings_worst_status_per_check(worker_client, building):
    record(schedule_of("gas_safety", building=building), D(2026, 6, 1))
    record(schedule_of("fire_risk_assessment", building=building), D(2025, 11, 1))  # overdue
    AssetFactory(building=building, kind="fire_alarm", label="Panel A")
    AssetFactory(building=building, kind="fire_alarm", label="Panel B")
    record(schedule_of("fire_alarm_test", asset=building.assets.get(label="Panel A")), D(2026, 12, 1))
    other = PropertyFactory()  # another scheme's building: not shown
    response = worker_client.get(reverse("compliance:grid"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 River Street" in page and other.address not in page
    cells = {(b.pk, t.code): status for (b, row) in response.context["table"] for (t, status, label) in row}
    assert cells[(building.pk, "gas_safety")] == ScheduledCheck.Status.COMPLIANT
    assert cells[(building.pk, "fire_risk_assessment")] == ScheduledCheck.Status.OVERDUE
    assert cells[(building.pk, "fire_alarm_test")] == ScheduledCheck.Status.NO_RECORD  # Panel B: the worst
    assert cells[(building.pk, "lift_thorough_examination")] == ""  # no lift


def test_the_grid_filters_by_status_and_exports(worker_client, building, worker):
    record(schedule_of("fire_risk_assessment", building=building), D(2025, 11, 1))
    fine = PropertyFactory(scheme=building.scheme, address="2 River Street")
    for schedule in ScheduledCheck.objects.filter(building=fine):
        record(schedule, D(2026, 11, 1))
    overdue = worker_client.get(reverse("compliance:grid"), {"status": "overdue"})
    assert [b for b, _ in overdue.context["table"]] == [building]
    export = worker_client.get(reverse("compliance:grid"), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert rows[0][:3] == ["Scheme", "Building", "Postcode"]
    by_building = {row[1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_building["1 River Street"]["Fire risk assessment"] == "Overdue"
    assert by_building["2 River Street"]["Fire risk assessment"] == "Compliant"
    xlsx = worker_client.get(reverse("compliance:grid"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [cell.value for cell in next(sheet.iter_rows(max_row=1))][:2] == ["Scheme", "Building"]
    assert sheet.max_row == 3


def test_the_grid_takes_the_same_queries_for_one_building_or_many(
    worker_client, building, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20) as few:
        worker_client.get(reverse("compliance:grid"))
    for n in range(8):
        other = PropertyFactory(scheme=building.scheme, address=f"{n + 10} River Street")
        UnitFactory(property=other)
        AssetFactory(building=other, kind="lift")
    with django_assert_max_num_queries(len(few.captured_queries)):
        worker_client.get(reverse("compliance:grid"))
    with django_assert_max_num_queries(len(few.captured_queries) + 1):  # the list adds none per row either
        worker_client.get(reverse("compliance:check_list"))


def test_anothers_check_is_not_found(worker_client):
    assert (
        worker_client.get(
            reverse("compliance:check_detail", args=[schedule_of("eicr", building=PropertyFactory()).pk])
        ).status_code
        == 404
    )


def test_recording_a_gas_check_through_the_page(worker_client, building):
    gas = schedule_of("gas_safety", building=building)
    url = reverse("compliance:check_record", args=[gas.pk])
    page = worker_client.get(url).content.decode()
    assert "Gas Safe registration number" in page
    data = {
        "done_on": "2026-12-01",
        "outcome": "pass",
        "contractor_name": "Warm Homes Ltd",
        "contractor_registration": "",
        "certificate": pdf_upload(),
    }
    refused = worker_client.post(url, data)
    assert (
        refused.status_code == 200
        and "Give the engineer&#x27;s Gas Safe registration number" in refused.content.decode()
    )
    assert not CheckRecord.objects.exists()
    data.update(contractor_registration="554433", certificate=pdf_upload())
    response = worker_client.post(url, data)
    assert response.status_code == 302 and response.url == gas.get_absolute_url()
    made = CheckRecord.objects.get()
    assert made.next_due_on == D(2027, 12, 1)
    detail = worker_client.get(gas.get_absolute_url()).content.decode()
    assert "Warm Homes Ltd (554433)" in detail and "1 December 2027" in detail
    certificate = worker_client.get(reverse("compliance:certificate", args=[made.pk]))
    assert certificate["Content-Type"] == "application/pdf" and certificate.content.startswith(b"%PDF-")


def test_a_failed_check_with_a_finding_but_no_priority_is_refused(worker_client, building):
    url = reverse("compliance:check_record", args=[schedule_of("fire_safety_instructions", building=building).pk])
    response = worker_client.post(url, {"done_on": "2026-12-02", "outcome": "fail", "finding_1": "Notice missing"})
    assert response.status_code == 200 and "Choose how soon" in response.content.decode()
    response = worker_client.post(url, {"done_on": "2026-12-02", "outcome": "fail"})
    assert "at least one finding" in response.content.decode()
    assert not CheckRecord.objects.exists()
    response = worker_client.post(
        url,
        {
            "done_on": "2026-12-02",
            "outcome": "fail",
            "finding_1": "Notice missing",
            "priority_1": action_priority("one_month").pk,
        },
    )
    assert response.status_code == 302
    assert Action.objects.get().description == "Notice missing"


def test_quick_entry_records_a_staff_check_in_one_tap(client, building):
    support = UserFactory(role=roles.SUPPORT_WORKER)
    scheme_for(support, name=building.scheme.name)
    panel = AssetFactory(building=building, kind="fire_alarm", label="Hall panel")
    client.force_login(support)
    page = client.get(reverse("compliance:quick_entry"), {"building": building.pk})
    alarm = schedule_of("fire_alarm_test", asset=panel)
    assert alarm in page.context["due"]
    assert all(check.check_type.is_staff_check for check in page.context["due"] + page.context["done"])
    response = client.post(reverse("compliance:quick_record", args=[alarm.pk]))
    assert response.url == reverse("compliance:quick_entry") + f"?building={building.pk}#due-checks"
    alarm.refresh_from_db()
    assert (alarm.last_done_on, alarm.next_due_on) == (D(2026, 12, 3), D(2026, 12, 10))
    after = client.get(reverse("compliance:quick_entry"), {"building": building.pk})
    assert alarm not in after.context["due"] and alarm in after.context["done"]
    assert "Fire alarm test (Hall panel" in after.content.decode()


def test_closing_and_overriding_actions_through_the_pages(worker_client, building):
    schedule = schedule_of("fire_risk_assessment", building=building)
    failed = record(schedule, D(2026, 11, 20), outcome=CheckRecord.Outcome.FAIL, findings="Doors")
    first, second = ActionFactory(check_record=failed), ActionFactory(check_record=failed, description="Signage")
    url = reverse("compliance:action_close", args=[first.pk])
    refused = worker_client.post(url, {"completed_on": "2026-12-02", "evidence_notes": ""})
    assert "cannot close without evidence" in refused.content.decode()
    worker_client.post(url, {"completed_on": "2026-12-02", "evidence_notes": "Self-closer fitted, job 88"})
    first.refresh_from_db()
    assert first.status == Action.Status.DONE
    assert worker_client.get(reverse("compliance:action_override", args=[second.pk])).status_code == 403
    manager = UserFactory(role=roles.HOUSING_MANAGER)
    worker_client.force_login(manager)
    worker_client.post(
        reverse("compliance:action_override", args=[second.pk]), {"reason": "Signs replaced by landlord"}
    )
    second.refresh_from_db()
    assert second.status == Action.Status.OVERRIDDEN
    listing = worker_client.get(reverse("compliance:action_list"))
    assert list(listing.context["actions"]) == []


def test_the_scheme_and_unit_pages_show_their_checks(worker_client, building):
    unit = UnitFactory(property=building)
    record(schedule_of("gas_safety", building=building), D(2026, 6, 1))
    unit_page = worker_client.get(unit.get_absolute_url()).content.decode()
    assert "Safety checks" in unit_page and "Gas safety check" in unit_page and "Compliant" in unit_page
    scheme_page = worker_client.get(building.scheme.get_absolute_url()).content.decode()
    assert "Safety checks" in scheme_page and "1 River Street" in scheme_page


def test_the_stacked_tables_keep_their_table_roles(worker_client, building):
    from tests.rents.test_stacked_tables_aria import StackedTables

    failed = record(schedule_of("fire_risk_assessment", building=building), D(2026, 11, 1), outcome="fail")
    ActionFactory(check_record=failed)
    for url in (reverse("compliance:check_list"), reverse("compliance:action_list")):
        tables = StackedTables()
        tables.feed(worker_client.get(url).content.decode())
        assert tables.tables == 1 and tables.cells > 0 and not tables.missing, url


def test_the_action_list_and_a_checks_page_take_the_same_queries_for_more_rows(
    worker_client, building, django_assert_max_num_queries
):
    fra = schedule_of("fire_risk_assessment", building=building)
    failed = record(fra, D(2026, 11, 1), outcome="fail")
    ActionFactory(check_record=failed)
    pages = (reverse("compliance:action_list"), fra.get_absolute_url())
    counts = []
    for url in pages:
        with django_assert_max_num_queries(25) as few:
            worker_client.get(url)
        counts.append(len(few.captured_queries))
    for n in range(6):
        ActionFactory(check_record=record(fra, D(2026, 11, 2 + n), outcome="fail"), description=f"Action {n}")
    for url, count in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(count):
            worker_client.get(url)
