"""First journeys: signing in and out, and reading a message in the inbox.

Each runs on a desktop and on a 360 px phone screen; every page visited is checked with
axe-core and for horizontal scrolling (see conftest.py and audit.py).
"""

import re

from playwright.sync_api import Page, expect

from core.services import notify
from tests.browser.helpers import assert_fits_screen, log_in, wait_for_rendering


def test_sign_in_with_email_and_password_shows_my_work(page: Page, worker, screen):
    log_in(page, worker)

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert_fits_screen(page, screen.width)


def test_unread_message_is_counted_and_can_be_marked_read_in_the_inbox(page: Page, worker, screen):
    notification = notify(
        recipient=worker, key="browser-test-1", subject="Rent review due", body="Please look at the rent review."
    )
    log_in(page, worker)

    badge = page.get_by_test_id("unread-count")
    expect(badge).to_have_text("1 unread")
    page.locator("#inbox-link").click()
    expect(page).to_have_url(re.compile(r"/inbox/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Inbox")
    # Without JavaScript the button posts the form and the page reloads; wait for htmx to take over.
    page.wait_for_load_state("load")

    row = page.locator(f"#notification-{notification.pk}")
    expect(row).to_contain_text("Rent review due")
    expect(row).to_contain_text("Unread")

    # A flag on the window survives an htmx swap but not a page load.
    page.evaluate("window.__noFullReload = true")
    with page.expect_response(re.compile(rf"/inbox/{notification.pk}/read/$")) as response_info:
        row.get_by_role("button", name=re.compile(r"^Mark as read")).click()
    response = response_info.value
    assert response.request.headers.get("hx-request") == "true"
    assert response.ok

    expect(row).not_to_contain_text("Unread")
    expect(row).to_contain_text("Rent review due")
    expect(row.get_by_role("button", name=re.compile(r"^Mark as read"))).to_have_count(0)
    assert page.evaluate("window.__noFullReload") is True
    # The header badge is updated in the same swap (out of band), without a reload.
    expect(page.get_by_test_id("unread-count")).to_have_count(0)
    assert_fits_screen(page, screen.width)

    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inbox")
    expect(page.get_by_test_id("unread-count")).to_have_count(0)
    expect(page.locator(f"#notification-{notification.pk}")).not_to_contain_text("Unread")


def test_sign_out_lands_on_the_sign_in_page(page: Page, worker, screen):
    log_in(page, worker)
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")

    page.get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Hearth")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    assert_fits_screen(page, screen.width)
    # Signed out for real: My work now asks to sign in.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))


def test_wrong_password_shows_an_error_summary_that_takes_focus(page: Page, worker, screen):
    log_in(page, worker, password="not-the-password")

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Hearth")
    expect(page.locator("body")).to_contain_text("The email address or password is not right")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    # The form is shown again, keeping the email address but not the password.
    expect(page.get_by_label("Email address")).to_have_value(worker.email)
    expect(page.get_by_label("Password", exact=True)).to_have_value("")
    assert_fits_screen(page, screen.width)


def test_first_tab_on_the_sign_in_page_reaches_the_skip_link(page: Page):
    page.goto("/accounts/login/")
    # A person presses Tab after the page has been drawn, when any autofocus has had its effect
    # (an autofocused email field would take the first Tab past the skip link).
    wait_for_rendering(page)

    page.keyboard.press("Tab")

    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused(timeout=1_000)


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_main_content(page: Page, worker):
    log_in(page, worker)
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    wait_for_rendering(page)

    page.keyboard.press("Tab")

    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main-content")).to_be_focused()
