"""The compliance report for every scheme, made by a real Celery worker (it takes too long for a
request at scale), announced in the inbox and downloaded from My reports, read back."""

import importlib
import io
import time
from datetime import date as D

import pytest
from django.apps import apps
from django.urls import reverse
from pypdf import PdfReader

from compliance.models import ScheduledCheck
from core.models import GeneratedReport, Notification
from tests.compliance.factories import record
from tests.tenancies.factories import PropertyFactory, SchemeFactory
from tests.tenancies.scoping import scheme_for

pytestmark = pytest.mark.worker
REFERENCE_DATA = "compliance.migrations.0002_seed_check_types_and_action_priorities"


def wait_for(predicate, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_the_report_for_every_scheme_is_made_by_the_worker_and_read_back(celery_worker, client, worker, media):
    importlib.import_module(REFERENCE_DATA).seed(apps, None)  # a flush by an earlier worker test wipes it
    for name in ("Riverside House", "Elm Court"):
        building = PropertyFactory(scheme=scheme_for(worker, name=name), address=f"1 {name}")
        for schedule in ScheduledCheck.objects.filter(scheme=building.scheme):
            overdue = schedule.check_type.code == "fire_risk_assessment"
            record(schedule, D(2025, 10, 1) if overdue else D(2026, 12, 2))
    PropertyFactory(scheme=SchemeFactory(name="Someone Else's House"))
    client.force_login(worker)
    asked = client.get(reverse("compliance:report"), {"on": "2026-12-03"})
    report = GeneratedReport.objects.get(owner=worker)
    assert asked.status_code == 302 and asked["Location"] == reverse("core:report_detail", args=[report.pk])
    assert wait_for(lambda: GeneratedReport.objects.get(pk=report.pk).status != "queued")
    report.refresh_from_db()
    assert report.status == "ready", report.error
    message = Notification.objects.get(recipient=worker, key=f"report:{report.pk}")
    assert message.subject == "Your report is ready: Compliance report: all schemes, 3 December 2026"
    page = client.get(message.url).content.decode()
    assert "Your report is ready" in page
    download = client.get(reverse("core:report_download", args=[report.pk]))
    assert download["Content-Type"] == "application/pdf"
    content = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(download.content)).pages)
    assert "Compliance report: all schemes" in content
    assert "1 Riverside House" in content and "1 Elm Court" in content and "Someone Else" not in content
    assert "Overdue checks: 2." in content
