"""On a phone the header leaves the screen to the page: the main menu folds behind a button (issue 10.8)."""

import pytest
from playwright.sync_api import Page, expect

from accounts import roles
from tests.accounts.factories import UserFactory
from tests.browser.helpers import assert_fits_screen, log_in, wait_for_rendering

# At most this share of a 360x740 screen goes to the header before the menu is opened.
MOST_OF_THE_SCREEN = 0.15


def _header_share(page: Page, screen) -> float:
    box = page.locator("header.site-header").bounding_box()
    assert box is not None
    return box["height"] / screen.height


@pytest.mark.parametrize("role", [roles.ADMINISTRATOR, roles.HOUSING_WORKER, roles.PREVENTION_OFFICER])
def test_the_header_is_compact_on_a_phone_and_the_menu_opens_and_closes(page: Page, screen, transactional_db, role):
    user = UserFactory(role=role, full_name="Robin Example")
    log_in(page, user)
    menu = page.get_by_role("button", name="Menu")
    nav = page.get_by_role("navigation", name="Main")
    inbox = page.locator("#inbox-link")
    expect(inbox).to_be_visible()
    links = nav.get_by_role("link")
    if screen.name == "desktop":
        expect(menu).to_be_hidden()
        expect(links.first).to_be_visible()
        return

    wait_for_rendering(page)
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()
    assert _header_share(page, screen) <= MOST_OF_THE_SCREEN
    assert_fits_screen(page, screen.width)

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(links.first).to_be_visible()
    assert links.count() >= 2
    assert_fits_screen(page, screen.width)
    target = links.nth(1)
    href = target.get_attribute("href")
    target.click()
    page.wait_for_url(f"**{href}")
    expect(page.get_by_role("button", name="Menu")).to_have_attribute("aria-expanded", "false")

    page.get_by_role("button", name="Menu").click()
    page.get_by_role("button", name="Menu").click()
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()


@pytest.mark.screens("phone")
def test_without_javascript_the_menu_is_simply_open(browser, base_url, transactional_db):
    from tests.browser.conftest import SCREENS

    context = browser.new_context(base_url=base_url, java_script_enabled=False, **SCREENS["phone"].context_args())
    try:
        page = context.new_page()
        log_in(page, UserFactory(role=roles.HOUSING_WORKER))
        expect(page.get_by_role("button", name="Menu")).to_be_hidden()
        expect(page.get_by_role("navigation", name="Main").get_by_role("link").first).to_be_visible()
    finally:
        context.close()
