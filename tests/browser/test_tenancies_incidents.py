"""Journey: record an anti-social behaviour incident, move it through a supportive intervention
to a first written warning, and download the warning letter (its text read back from the PDF).

Runs on a desktop and on a 360 px phone; every page is checked with axe-core (see conftest.py).
"""

import datetime
import io
import re

from dateutil.relativedelta import relativedelta
from django.utils import dateformat, timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tenancies.models import Incident, LadderAction, LadderStep, Letter
from tests.browser.helpers import assert_fits_screen, log_in
from tests.tenancies.factories import LadderActionFactory, SchemeFactory, cover, incident_about, resident_in

SUPPORT_OFFERED = "Weekly sessions with your support worker and help to see your GP about sleep."


def test_asb_incident_moves_from_supportive_intervention_to_a_first_warning_letter(page: Page, worker, screen):
    scheme = SchemeFactory(name="Riverside House")
    cover(worker, scheme)
    resident = resident_in(scheme, person__legal_name="Jordan Ellis", person__preferred_name="Jo").person
    today = timezone.localdate()
    log_in(page, worker)

    # Record the incident (the worker covers one scheme, so its form opens straight away).
    page.goto("/housing/incidents/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Incidents")
    page.get_by_role("link", name="Record an incident").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record an incident at Riverside House")
    page.get_by_label("Date it happened").fill(today.isoformat())
    page.get_by_label("Type of incident").select_option(label="Anti-social behaviour")
    page.get_by_label("Risk level").select_option(label="Medium")
    page.get_by_label("What happened").fill("Loud music from Room 3 between midnight and 3am on two nights.")
    page.get_by_role("group", name="Residents the incident is about").get_by_label("Jo").check()
    page.get_by_label("Neighbours involved").fill("Mrs Okafor, number 14")
    page.get_by_label("Review date").fill((today + datetime.timedelta(days=14)).isoformat())
    assert_fits_screen(page, screen.width)
    page.get_by_role("button", name="Record the incident").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Anti-social behaviour at Riverside House")
    expect(page.locator(".messages")).to_contain_text("The incident is recorded.")
    expect(page.get_by_test_id(f"current-step-{resident.pk}")).to_have_text("Nothing on the ladder")
    assert_fits_screen(page, screen.width)

    # Support first: an informal conversation and supportive intervention.
    page.get_by_role("link", name="Record the next step for Jo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Next step for Jo")
    expect(page.get_by_label("Informal conversation and supportive intervention")).to_be_checked()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Informal conversation and supportive intervention for Jo"
    )
    page.get_by_role("group", name="What is the concern?").get_by_label("Behaviour towards other residents").check()
    page.get_by_label("What happened and what was said").fill("We talked over a cup of tea. Jo has not been sleeping.")
    page.get_by_label("Support offered").fill("Headphones from the hardship fund and sleep support.")
    page.get_by_label("Their support plan was reviewed with them").check()
    page.get_by_label("Review date").fill((today + datetime.timedelta(days=7)).isoformat())
    page.get_by_role("button", name=re.compile("^Record informal conversation")).click()
    expect(page.locator(".messages")).to_contain_text("recorded for Jo")
    expect(page.get_by_test_id(f"current-step-{resident.pk}")).to_have_text(
        "Informal conversation and supportive intervention"
    )

    # The first written warning: without saying why the support was not enough, nothing is saved.
    page.get_by_role("link", name="Record the next step for Jo").click()
    page.get_by_role("radio", name=re.compile("^First written warning")).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("First written warning for Jo")
    expiry = today + relativedelta(months=3)
    expect(page.get_by_label("Stops counting on")).to_have_value(expiry.isoformat())
    page.get_by_role("group", name="What is the concern?").get_by_label("Not engaging with support").check()
    page.get_by_label("What happened and what was said").fill(
        "There was loud music from your room after midnight on three more nights."
    )
    page.get_by_label("Support offered").fill(SUPPORT_OFFERED)
    page.get_by_label("Review date").fill((today + datetime.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Record first written warning").click()

    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Not engaging with support cannot on its own be a reason for a warning.")
    expect(summary).to_contain_text("Say why the support offered was not enough.")
    assert LadderAction.objects.filter(step=LadderStep.FIRST_WARNING).count() == 0
    assert_fits_screen(page, screen.width)

    page.get_by_role("group", name="What is the concern?").get_by_label("Behaviour towards other residents").check()
    page.get_by_label("Why the support was not enough").fill("The music carried on after the headphones.")
    page.get_by_role("button", name="Record first written warning").click()
    expect(page.locator(".messages")).to_contain_text("The letter is ready to download.")
    expect(page.get_by_test_id(f"current-step-{resident.pk}")).to_have_text("First written warning")
    assert_fits_screen(page, screen.width)

    # Download the letter and read it back.
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"^First written warning, .*, Jo \(PDF\)$")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    reader = PdfReader(io.BytesIO(download.path().read_bytes()))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    assert "Dear Jo," in text
    assert SUPPORT_OFFERED in text
    assert f"It stops counting on {dateformat.format(expiry, 'j F Y')}." in text

    incident = Incident.objects.get()
    assert Letter.objects.get().ladder_action.incident == incident
    assert incident.review_on == today + datetime.timedelta(days=14)


def test_a_final_warning_with_its_optional_fields_blank_is_recorded_and_blanks_it_needs_are_explained(
    page: Page, worker, screen
):
    """Only fields that may be left blank say "(optional)"; leaving the others blank explains, never fails."""
    scheme = SchemeFactory(name="Riverside House")
    cover(worker, scheme)
    agreement = resident_in(scheme, person__legal_name="Jordan Ellis", person__preferred_name="Jo")
    incident = incident_about(agreement)
    today = timezone.localdate()
    LadderActionFactory(
        incident=incident,
        agreement=agreement,
        step=LadderStep.FIRST_WARNING,
        taken_on=today - datetime.timedelta(days=7),
        expires_on=today + datetime.timedelta(days=80),
    )
    log_in(page, worker)
    page.goto(f"/housing/incidents/{incident.pk}/residents/{agreement.person.pk}/step/?step={LadderStep.FINAL_WARNING}")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Final written warning.* for Jo$"))
    optional = page.locator("label:has(.optional)")
    expect(optional).to_have_count(3)
    for label in ("Support worker involved", "Reasonable adjustments offered", "Stops counting on"):
        expect(page.locator("label", has_text=label)).to_contain_text("(optional)")
    for label in (
        "What happened and what was said",
        "Support offered",
        "Why the support was not enough",
        "Review date",
    ):
        expect(page.locator("label", has_text=label)).not_to_contain_text("(optional)")

    page.get_by_role("button", name=re.compile("^Record final written warning")).click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Say what happened and what was said.")
    expect(summary).to_contain_text("Write the acceptable behaviour agreement that goes with it.")
    expect(summary).to_contain_text("Choose a date to review how things are going.")
    assert_fits_screen(page, screen.width)

    page.get_by_role("group", name="What is the concern?").get_by_label("Behaviour towards other residents").check()
    page.get_by_label("What happened and what was said").fill("The music carried on after the first warning.")
    page.get_by_label("Support offered").fill("Weekly sessions with your support worker.")
    page.get_by_label("Why the support was not enough").fill("Neighbours are still kept awake.")
    page.get_by_label("Acceptable behaviour agreement").fill("Music off by 11pm. We meet every week.")
    page.get_by_label("Review date").fill((today + datetime.timedelta(days=14)).isoformat())
    page.get_by_role("button", name=re.compile("^Record final written warning")).click()
    expect(page.locator(".messages")).to_contain_text("The letter is ready to download.")
    assert LadderAction.objects.get(step=LadderStep.FINAL_WARNING).expires_on == today + relativedelta(months=6)
