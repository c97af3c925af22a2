"""Steps shared by browser journeys."""

from playwright.sync_api import Page, expect

from tests.accounts.factories import PASSWORD


def log_in(page: Page, user, password: str = PASSWORD) -> None:
    """Sign in through the form, as a person would. Leaves the browser on the page after it."""
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Hearth")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(password)
    # Wait for the page after sign-in to load, as a person would: a test that moves on at once
    # leaves a half-loaded document that the page checks then race to audit (seen flaking in CI).
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Sign in").click()


def assert_fits_screen(page: Page, width: int) -> None:
    """No horizontal scrolling: the page is no wider than the screen."""
    # Measure once the stylesheet has loaded: a table measured before it (under load in CI, the
    # DOM can be ready first) is wider than the screen because its scrolling wrapper is unstyled.
    page.wait_for_load_state("load")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        wide = page.evaluate(
            """(width) => [...document.querySelectorAll('body *')]
            .filter((el) => el.getBoundingClientRect().right > width)
            .filter((el) => {
              for (let a = el.parentElement; a; a = a.parentElement) {
                if (getComputedStyle(a).overflowX !== 'visible') return false;
              }
              return true;
            })
            .slice(0, 5).map((el) => `${el.tagName}.${el.className}: ${el.textContent.trim().slice(0, 60)}`)""",
            width,
        )
        raise AssertionError(f"{page.url} is {scroll_width} px wide on a {width} px screen; too wide: {wide}")


def wait_for_rendering(page: Page) -> None:
    """Wait for two animation frames: the page is drawn, and autofocus has had its effect."""
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


def go_by_menu(page: Page, name: str) -> None:
    """Follow a main-menu link as a person would: on a phone the menu is behind its "Menu" button."""
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible():
        menu.click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True).click()
