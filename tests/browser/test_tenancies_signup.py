"""Journey: sign up a new resident to a void unit, then finish the sign-up checklist."""

from django.utils import timezone
from playwright.sync_api import Page, expect

from tenancies.models import Agreement
from tests.browser.helpers import go_by_menu, log_in
from tests.compliance.factories import pre_let_checks_done
from tests.tenancies.factories import UnitFactory
from tests.tenancies.scoping import scheme_for


def test_sign_up_a_new_resident_to_a_void_unit(page: Page, worker):
    scheme = scheme_for(worker, name="Riverside House")
    unit = UnitFactory(property__scheme=scheme, label="Room 4")
    pre_let_checks_done(unit, timezone.localdate())  # its gas, electrical, fire and alarm checks are done
    log_in(page, worker)
    go_by_menu(page, "Schemes")
    page.get_by_role("link", name="Riverside House").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Riverside House")
    page.get_by_role("link", name="Sign up a resident to Room 4").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign up a new resident")
    page.get_by_label("Legal name").fill("Jordan Ellis")
    page.get_by_label("Preferred name").fill("Jo")
    page.get_by_label("National Insurance number").fill("JM 12 34 56 B")
    page.get_by_label("Weekly rent").fill("118.40")
    page.get_by_label("End date").fill("2026-01-01")
    page.get_by_role("button", name="Sign up").click()

    # Bad input: the error summary takes focus and nothing is saved.
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("The end date must be on or after the start date")
    assert not Agreement.objects.exists()

    page.get_by_label("End date").fill("")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Licence: Jo")
    expect(page.locator(".messages")).to_contain_text("Jo is signed up to Room 4")

    page.get_by_role("link", name="Update the checklist").click()
    for item in ["ID seen", "Agreement signed", "Housing Benefit claim made", "Induction done", "Keys issued"]:
        page.get_by_label(item).check()
    page.get_by_role("button", name="Save checklist").click()
    expect(page.locator(".messages")).to_contain_text("the agreement is now active")
    agreement = Agreement.objects.get()
    assert (agreement.status, agreement.person.legal_name) == ("active", "Jordan Ellis")
