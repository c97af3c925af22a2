"""The compliance report PDF, read back: the position on a date from the records as they stood,
the overdue count, the open actions and the grid; a scheme the user cannot see is refused."""

import datetime
import io
from datetime import date as D

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import Coverage
from compliance.letters.report import build_report
from compliance.models import CheckRecord
from compliance.services import actions as action_services
from core import reports
from tenancies.models import Scheme
from tests.compliance.factories import ActionFactory, record, schedule_of
from tests.tenancies.factories import PropertyFactory, SchemeFactory
from tests.tenancies.scoping import scheme_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def building(worker):
    return PropertyFactory(scheme=scheme_for(worker, name="Riverside House"), address="1 River Street")


def test_the_report_shows_the_position_on_its_date_whatever_happened_after(building, worker):
    fra = schedule_of("fire_risk_assessment", building=building)
    record(fra, D(2025, 10, 1))  # due 1 October 2026
    gas = schedule_of("gas_safety", building=building)
    failed = record(gas, D(2026, 9, 1), outcome=CheckRecord.Outcome.FAIL, findings="Flue")
    action = ActionFactory(
        check_record=failed,
        description="Replace the flue",
        due_on=D(2026, 10, 1),
        created_at=datetime.datetime(2026, 9, 1, 15, tzinfo=datetime.UTC),
    )
    schemes = Scheme.objects.filter(pk=building.scheme_id)
    before = build_report(schemes=schemes, on=D(2026, 11, 1), title="t")
    record(fra, D(2026, 11, 20))  # done since
    with time_machine.travel(datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC), tick=False):
        action_services.action_close(action=action, completed_on=D(2026, 11, 25), evidence_notes="New flue", by=worker)
    after = build_report(schemes=schemes, on=D(2026, 11, 1), title="t")
    now = build_report(schemes=schemes, on=D(2026, 12, 3), title="t")
    status = {c.check_type.code: c.status_then for c in after.checks}
    assert status["fire_risk_assessment"] == "overdue" and status["gas_safety"] == "failed"
    assert [c.status_then for c in before.checks] == [c.status_then for c in after.checks]
    assert [a.description for a in after.actions] == ["Replace the flue"] and after.actions[0].overdue_then
    now_status = {c.check_type.code: c.status_then for c in now.checks}
    assert now_status["fire_risk_assessment"] == "compliant" and now_status["gas_safety"] == "compliant"
    assert now.actions == []


def test_the_report_pdf_reads_back_its_overdue_count(client, building, worker):
    record(schedule_of("fire_risk_assessment", building=building), D(2025, 10, 1))
    record(schedule_of("gas_safety", building=building), D(2025, 11, 1))
    for schedule in building.scheduled_checks.exclude(check_type__code__in=["fire_risk_assessment", "gas_safety"]):
        record(schedule, D(2026, 11, 1))
    client.force_login(worker)
    response = client.get(reverse("compliance:report"), {"scheme": building.scheme_id, "on": "2026-12-03"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = text(response.content)
    assert "Compliance report: Riverside House" in content
    assert "Overdue checks: 2." in content
    assert "1 River Street" in content and "OVERDUE" in content


def test_a_future_date_or_a_scheme_out_of_sight_is_refused(client, worker, building):
    client.force_login(worker)
    page = client.get(reverse("compliance:report"))
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    future = client.get(reverse("compliance:report"), {"on": "2026-12-04"})
    assert "today or earlier" in future.content.decode()
    theirs = client.get(reverse("compliance:report"), {"on": "2026-12-03", "scheme": SchemeFactory().pk})
    assert theirs["Content-Type"].startswith("text/html") and "There is a problem" in theirs.content.decode()


def test_a_report_for_a_scheme_no_longer_in_sight_fails_in_words(worker, building, media):
    report = reports.request_report(
        user=worker,
        kind="compliance.report",
        title="Riverside",
        params={"scheme": building.scheme_id, "on": "2026-12-03"},
    )
    Coverage.objects.filter(user=worker).delete()
    assert reports.make_report(report.pk) == "failed"
    report.refresh_from_db()
    assert report.error == "The scheme it was for is no longer one of yours." and not report.file
