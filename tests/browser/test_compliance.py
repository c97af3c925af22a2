"""Journeys on a phone: a support worker records a weekly fire alarm test in the corridor; a housing
worker records a failed fire risk assessment with two actions and closes one with evidence; a
manager downloads the compliance report for a scheme, then for every scheme from My reports, and
reads its overdue count back."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from accounts import roles
from compliance.models import Action, CheckRecord
from tests.accounts.factories import UserFactory
from tests.browser.helpers import assert_fits_screen, go_by_menu, log_in
from tests.compliance.factories import AssetFactory, action_priority, record, schedule_of
from tests.tenancies.factories import PropertyFactory
from tests.tenancies.scoping import scheme_for

pytestmark = pytest.mark.screens("phone")


def test_a_support_worker_records_the_weekly_fire_alarm_test(page: Page, screen):
    support = UserFactory(role=roles.SUPPORT_WORKER)
    building = PropertyFactory(scheme=scheme_for(support, name="Riverside House"), address="1 River Street")
    panel = AssetFactory(building=building, kind="fire_alarm", label="Hall panel")
    alarm = schedule_of("fire_alarm_test", asset=panel)
    record(alarm, timezone.localdate() - timedelta(days=8))  # a week and a day ago: overdue

    log_in(page, support)
    go_by_menu(page, "Compliance")
    page.get_by_role("link", name="Quick entry").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quick entry")
    page.get_by_label("Building").select_option(label=str(building))
    page.get_by_role("button", name="Show its checks").click()

    due = page.locator(".quick-list__item", has_text="Fire alarm test")
    expect(due).to_contain_text("Overdue")
    assert_fits_screen(page, screen.width)
    due.get_by_role("button", name="Passed today").click()

    expect(page.locator(".messages")).to_contain_text("Fire alarm test (Hall panel")
    expect(page.locator(".messages")).to_contain_text("recorded as passed today")
    expect(page.locator(".quick-list__item", has_text="Fire alarm test")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("Up to date")
    assert_fits_screen(page, screen.width)
    alarm.refresh_from_db()
    assert alarm.last_done_on == timezone.localdate()
    assert alarm.next_due_on == timezone.localdate() + timedelta(days=7)
    assert alarm.records.latest("pk").recorded_by == support


def test_a_failed_fire_risk_assessment_with_two_actions_one_closed_with_evidence(page: Page, screen, worker):
    building = PropertyFactory(scheme=scheme_for(worker, name="Riverside House"), address="1 River Street")
    fra = schedule_of("fire_risk_assessment", building=building)
    today = timezone.localdate()

    log_in(page, worker)
    page.goto(fra.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Fire risk assessment")
    expect(page.locator(".lead")).to_contain_text("No record")
    page.get_by_role("link", name="Record this check").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Record: Fire risk assessment")
    page.get_by_label("Fail").check()
    page.get_by_label("Contractor or engineer").fill("Safe Fire Assessors Ltd")
    page.get_by_label("Finding 1: what needs").fill("Kitchen fire door does not close into its frame")
    page.get_by_label("Finding 1: how soon").select_option(label="Immediate")
    page.get_by_label("Finding 2: what needs").fill("Fire action notice missing on the first floor")
    page.get_by_label("Finding 2: how soon").select_option(label="Within 3 months")
    assert_fits_screen(page, screen.width)
    page.get_by_role("button", name="Save the check").click()

    # No certificate: the form says so, keeps what was typed, and nothing is saved.
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Upload the certificate")
    assert not CheckRecord.objects.exists()
    expect(page.get_by_label("Finding 2: what needs")).to_have_value("Fire action notice missing on the first floor")
    page.get_by_label("Certificate", exact=True).set_input_files(
        {"name": "fra.pdf", "mimeType": "application/pdf", "buffer": _pdf()}
    )
    page.get_by_role("button", name="Save the check").click()

    expect(page.locator(".messages")).to_contain_text("Fire risk assessment: fail recorded.")
    expect(page.locator(".lead")).to_contain_text("Failed: actions open")
    actions = page.get_by_role("heading", name="Open actions").locator("xpath=following-sibling::ul[1]")
    expect(actions.get_by_role("listitem")).to_have_count(2)
    assert_fits_screen(page, screen.width)
    actions.get_by_role("link", name="Kitchen fire door does not close into its frame").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Action")
    page.get_by_role("link", name="Close with evidence").click()
    page.get_by_label("Date it was done").fill(f"{today:%Y-%m-%d}")
    page.get_by_role("button", name="Close the action").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("cannot close without evidence")
    page.get_by_label("What was done, and the evidence").fill("New self-closer fitted; job sheet 4411")
    page.get_by_label("Evidence file").set_input_files(
        {"name": "job.pdf", "mimeType": "application/pdf", "buffer": _pdf()}
    )
    page.get_by_role("button", name="Close the action").click()

    expect(page.locator(".messages")).to_contain_text("The action is done and its evidence is kept.")
    expect(page.locator("main")).to_contain_text("New self-closer fitted; job sheet 4411")
    assert_fits_screen(page, screen.width)
    done, still_open = Action.objects.order_by("due_on")
    assert done.status == Action.Status.DONE and done.evidence_type == "application/pdf"
    assert still_open.status == Action.Status.OPEN
    assert still_open.due_on == action_priority("three_months").rule.due(today)


def test_a_manager_downloads_the_report_and_reads_its_overdue_count(page: Page, screen):
    manager = UserFactory(role=roles.HOUSING_MANAGER)
    building = PropertyFactory(address="1 River Street")
    today = timezone.localdate()
    for schedule in building.scheduled_checks.exclude(check_type__code="fire_risk_assessment"):
        record(schedule, today - timedelta(days=1))
    record(schedule_of("fire_risk_assessment", building=building), today - timedelta(days=400))  # overdue

    log_in(page, manager)
    go_by_menu(page, "Compliance")
    page.get_by_role("link", name="Report (PDF)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Compliance report")
    page.get_by_label("Scheme").select_option(label=str(building.scheme))
    assert_fits_screen(page, screen.width)
    with page.expect_download() as download:
        page.get_by_role("button", name="Get the report (PDF)").click()
    text = _pdf_text(download.value.path())
    assert f"Compliance report: {building.scheme}" in text
    assert "Overdue checks: 1." in text, text[:500]

    # Every scheme: made in the background (eagerly here), then downloaded from My reports.
    page.get_by_label("Scheme").select_option(label="All the schemes I can see")
    page.get_by_role("button", name="Get the report (PDF)").click()
    expect(page.locator(".messages")).to_contain_text("We are making the report for all your schemes")
    expect(page.get_by_role("status").filter(has_text="Your report is ready")).to_be_visible()
    assert_fits_screen(page, screen.width)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download compliance-all-").click()
    text = _pdf_text(download.value.path())
    assert "Compliance report: all schemes" in text and "Overdue checks: 1." in text
    page.locator("#inbox-link").click()
    expect(page.locator("main")).to_contain_text("Your report is ready: Compliance report: all schemes")


def _pdf_text(path) -> str:
    with open(path, "rb") as handle:
        content = handle.read()
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(content)).pages)


def _pdf() -> bytes:
    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=200, height=200)
    writer.write(out)
    return out.getvalue()
