"""Journey: a housing worker reports damp and mould, sees the Awaab's Law clocks, records the
investigation, issues the written summary and downloads the letter."""

import io
from datetime import datetime, timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from repairs.models import Hazard, Repair
from tests.browser.helpers import assert_fits_screen, log_in
from tests.tenancies.factories import AgreementFactory
from tests.tenancies.scoping import scheme_for

FINDINGS = "Black mould on the bedroom ceiling above the window; the extractor fan in the bathroom does not run."


def test_report_damp_and_mould_investigate_and_issue_the_written_summary(page: Page, screen, worker):
    scheme = scheme_for(worker, name="Riverside House")
    agreement = AgreementFactory(unit__property__scheme=scheme, unit__label="Room 7", kind="assured_periodic")
    unit = agreement.unit

    log_in(page, worker)
    before = timezone.localtime().replace(second=0, microsecond=0)
    page.goto(f"/repairs/report/?unit={unit.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a repair")
    # "When we first heard about it" starts at now.
    reported = page.get_by_label("When we first heard about it")
    prefilled = datetime.fromisoformat(reported.input_value())
    assert timedelta(0) <= prefilled - before.replace(tzinfo=None) <= timedelta(minutes=2)
    page.get_by_label("What kind of repair").select_option(label="Damp and mould")
    page.get_by_label("What is wrong").fill("Mould on the bedroom ceiling and the walls are wet.")
    page.get_by_label("Urgent", exact=False).check()
    page.get_by_label("Yes: a significant hazard, such as damp and mould").check()
    page.get_by_label("Phone", exact=True).check()
    assert_fits_screen(page, screen.width)
    page.get_by_role("button", name="Report the repair").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Repair ")
    expect(page.locator(".messages")).to_contain_text("reported. Target:")
    repair = Repair.objects.get()
    assert (repair.unit, repair.category, repair.priority.code) == (unit, "damp_mould", "urgent")
    hazard = Hazard.objects.get(repair=repair)
    assert hazard.kind == "significant"

    expect(page.get_by_role("heading", name="Awaab's Law")).to_be_visible()
    investigate = page.locator("[data-testid=clock-investigate]")
    expect(investigate).to_contain_text("Investigate")
    due = timezone.localtime(hazard.clocks.get(step="investigate").due_at)
    expect(investigate).to_contain_text(f"{due:%-d %B %Y, %H:%M}")
    expect(investigate).to_contain_text("Running")
    assert_fits_screen(page, screen.width)
    page.get_by_role("link", name="Record the investigation").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Record the investigation")
    assert page.get_by_label("When the investigation concluded").input_value()  # prefilled with now
    page.get_by_label("Yes, a hazard was found").check()
    page.get_by_label("What the investigation found").fill(FINDINGS)
    assert_fits_screen(page, screen.width)
    page.get_by_role("button", name="Record the investigation").click()

    expect(page.locator(".messages")).to_contain_text("Investigation recorded.")
    expect(page.locator("main")).to_contain_text(FINDINGS)
    expect(investigate).to_contain_text("Met")
    page.get_by_role("button", name="Issue the written summary").click()

    expect(page.locator(".messages")).to_contain_text("Written summary issued.")
    expect(page.get_by_role("button", name="Issue the written summary")).to_have_count(0)
    link = page.get_by_role("link", name="download the letter (PDF)")
    expect(link).to_be_visible()
    assert_fits_screen(page, screen.width)

    response = page.request.get(link.get_attribute("href"))
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(response.body())).pages)
    assert "bedroom ceiling above the window" in text, text
    hazard.refresh_from_db()
    assert hazard.summary_issued_on == timezone.localdate()
