"""Journey: a unit falls void when its agreement ends; a housing worker records the void's dates,
is refused a sign-up while the safety checklist is missing, records the safety items, then signs up
a new resident and sees the void offered."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from repairs.models import Void
from tenancies.models import Agreement
from tenancies.services.agreements import agreement_end
from tests.browser.helpers import assert_fits_screen, log_in
from tests.compliance.factories import pre_let_checks_done
from tests.tenancies.factories import AgreementFactory
from tests.tenancies.scoping import scheme_for

SAFETY_ITEMS = [
    "Gas safety check current",
    "Electrical check current",
    "Smoke alarm tested",
    "Carbon monoxide alarm tested",
]


def _fill_sign_up(page: Page, unit) -> None:
    page.goto(f"/housing/sign-up/?unit={unit.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign up a new resident")
    page.get_by_label("Legal name").fill("Jordan Ellis")
    page.get_by_label("Preferred name").fill("Jo")
    page.get_by_label("National Insurance number").fill("JM 12 34 56 B")
    page.get_by_label("Weekly rent").fill("118.40")
    assert page.get_by_label("Start date").input_value() == f"{timezone.localdate():%Y-%m-%d}"
    page.get_by_role("button", name="Sign up").click()


def test_a_void_is_made_ready_and_let_through_the_sign_up(page: Page, screen, worker):
    today = timezone.localdate()
    scheme = scheme_for(worker, name="Riverside House")
    ended = AgreementFactory(
        unit__property__scheme=scheme, unit__label="Room 4", start_date=today - timedelta(days=200)
    )
    agreement_end(
        agreement=ended,
        end_date=today - timedelta(days=10),
        reason=Agreement.EndReason.PLANNED_MOVE_ON,
        positive_move_on=True,
        by=worker,
    )
    unit = ended.unit
    pre_let_checks_done(unit, today)  # compliance's own pre-let checks: this journey is the void checklist's
    void = Void.objects.get(unit=unit)
    assert void.started_on == today - timedelta(days=9)

    log_in(page, worker)
    page.goto("/repairs/voids/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Voids")
    waiting = page.get_by_role("region", name="Waiting for the keys")
    expect(waiting).to_contain_text("Room 4")
    assert_fits_screen(page, screen.width)
    waiting.get_by_role("link", name=str(unit)).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Void: {unit}")
    expect(page.locator(".lead")).to_contain_text("Waiting for the keys")
    page.get_by_role("link", name="Record the void's dates").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Record the void's dates")
    page.get_by_label("Keys back").fill(f"{void.started_on:%Y-%m-%d}")
    page.get_by_label("Inspected").fill(f"{void.started_on + timedelta(days=1):%Y-%m-%d}")
    page.get_by_label("Ready to let").fill(f"{today:%Y-%m-%d}")
    assert_fits_screen(page, screen.width)
    page.get_by_role("button", name="Save the dates").click()

    expect(page.locator(".messages")).to_contain_text("Void dates saved.")
    expect(page.locator(".lead")).to_contain_text("Ready to let")
    blocked = page.get_by_role("note")
    for item in SAFETY_ITEMS:
        expect(blocked).to_contain_text(f"{item}: not recorded yet on the void checklist.")

    # The letting block: the sign-up is refused while the safety items are missing, and nothing is saved.
    _fill_sign_up(page, unit)
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("cannot be let yet")
    expect(summary).to_contain_text("Smoke alarm tested: not recorded yet on the void checklist.")
    assert_fits_screen(page, screen.width)
    assert Agreement.objects.count() == 1

    page.goto(void.get_absolute_url())
    for item in SAFETY_ITEMS:
        page.get_by_role("link", name="Record a checklist item").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Record a checklist item")
        page.get_by_label("Checklist item").select_option(label=item)
        page.get_by_label("Done / passed").check()
        expect(page.get_by_label("Date checked")).to_have_value(f"{today:%Y-%m-%d}")
        page.get_by_role("button", name="Save the check").click()
        expect(page.locator(".messages")).to_contain_text(f"{item}: done / passed.")
    expect(page.locator("main")).to_contain_text("Every safety item is recorded and passing.")
    expect(page.get_by_role("note")).to_have_count(0)
    assert_fits_screen(page, screen.width)

    _fill_sign_up(page, unit)
    expect(page.get_by_role("heading", level=1)).to_have_text("Licence: Jo")
    expect(page.locator(".messages")).to_contain_text(f"Jo is signed up to {unit}")
    new = Agreement.objects.get(status=Agreement.Status.OFFERED)
    assert (new.unit, new.start_date, new.person.legal_name) == (unit, today, "Jordan Ellis")

    page.goto(void.get_absolute_url())
    expect(page.locator(".lead")).to_contain_text("Offered")
    expect(page.locator("main")).to_contain_text(f"Jo, from {today:%-d %B %Y}")
    assert_fits_screen(page, screen.width)
    void.refresh_from_db()
    assert (void.stage, void.new_agreement) == (Void.Stage.OFFERED, new)
