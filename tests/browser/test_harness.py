"""The page checks themselves (audit.py): they must see problems on pages reached and left by clicks.

These serve made-up pages from the live server's origin through a context route, so they
need no app code. The page checks' own route runs first (page routes take precedence over
context routes), so it holds navigations to these pages as it does for the app's.
"""

import re

import pytest
from playwright.sync_api import BrowserContext, Error, Page, Route, expect

GOOD = """<!doctype html><html lang="en"><head><title>Good</title></head>
<body><main><h1>Good</h1><a href="/__harness__/{next}">Next</a></main></body></html>"""

PAGES = {
    # An empty button has no accessible name: axe's "button-name", impact critical.
    "unnamed-button": """<!doctype html><html lang="en"><head><title>Bad</title></head>
<body><main><h1>Bad</h1><button type="button"></button>
<form method="post" action="/__harness__/good"><button type="submit">Send</button></form>
<a href="/__harness__/good">Leave</a></main></body></html>""",
    # The page is fine when it loads; clicking "Break" adds an unnamed button, as an htmx swap might.
    "breaks-later": """<!doctype html><html lang="en"><head><title>Later</title></head>
<body><main><h1>Later</h1><button type="button" id="break">Break</button>
<a href="/__harness__/good">Leave</a>
<script>document.getElementById("break").addEventListener("click", () => {
  document.querySelector("main").insertAdjacentHTML("beforeend", '<button type="button"></button>');
});</script></main></body></html>""",
    # An image that takes seconds to load: a quick click leaves the page before its "load" event.
    "slow-unnamed-button": """<!doctype html><html lang="en"><head><title>Slow</title></head>
<body><main><h1>Slow</h1><button type="button"></button><img src="/__harness__/slow.svg" alt="">
<a href="/__harness__/good">Leave</a></main></body></html>""",
    # The violation is there when the page loads, and gone once a fetch, sent on a click, answers.
    "fixed-by-fetch": """<!doctype html><html lang="en"><head><title>Fetch</title></head>
<body><main><h1>Fetch</h1><button type="button"></button><button type="button" id="fix">Fix</button>
<script>document.getElementById("fix").addEventListener("click", () => {
  fetch("/__harness__/data").then(() => document.querySelector("button:empty").remove());
});</script></main></body></html>""",
    "too-wide": """<!doctype html><html lang="en"><head><title>Wide</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>Wide</h1><p style="width: 2000px">Wide</p><a href="/__harness__/good">Leave</a></main></body></html>""",
    "inline-script": """<!doctype html><html lang="en"><head><title>Inline</title></head>
<body><main><h1>Inline</h1><script>document.title = "ran";</script>
<a href="/__harness__/good">Leave</a></main></body></html>""",
}


@pytest.fixture
def fake_pages(context: BrowserContext):
    def fulfil(route: Route):
        name = route.request.url.rsplit("/", 1)[1]
        if name == "slow.svg":
            try:
                route.request.frame.page.wait_for_timeout(3_000)
                route.fulfill(
                    status=200, content_type="image/svg+xml", body="<svg xmlns='http://www.w3.org/2000/svg'/>"
                )
            except Error:
                pass  # the page has moved on: the request was cancelled
            return
        headers = {"Content-Type": "text/html; charset=utf-8"}
        if name == "inline-script":
            headers["Content-Security-Policy"] = "script-src 'self'"
        body = PAGES.get(name) or GOOD.format(next=name.removeprefix("good-to-") or "good")
        route.fulfill(status=200, headers=headers, body=body)

    context.route("**/__harness__/*", fulfil)


def expect_problems(page_auditor, *fragments):
    with pytest.raises(AssertionError) as failure:
        page_auditor.finish()
    message = str(failure.value)
    for fragment in fragments:
        assert fragment in message, message
    page_auditor.problems.clear()  # the test itself passes


@pytest.mark.screens("desktop")
def test_violation_on_a_page_reached_and_left_by_clicking_links_is_reported(page: Page, page_auditor, fake_pages):
    page.goto("/__harness__/good-to-unnamed-button")
    page.get_by_role("link", name="Next").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bad")
    page.get_by_role("link", name="Leave").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Good")

    expect_problems(page_auditor, "critical violation 'button-name' on http://localhost", "/__harness__/unnamed-button")


@pytest.mark.screens("desktop")
def test_violation_on_a_page_left_by_a_form_post_is_reported(page: Page, page_auditor, fake_pages):
    page.goto("/__harness__/unnamed-button")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Good")

    expect_problems(page_auditor, "'button-name'", "/__harness__/unnamed-button")


@pytest.mark.screens("desktop")
def test_violation_on_a_page_left_before_it_finished_loading_is_reported(page: Page, page_auditor, fake_pages):
    page.goto("/__harness__/slow-unnamed-button", wait_until="domcontentloaded")
    page.get_by_role("link", name="Leave").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Good")

    expect_problems(page_auditor, "'button-name'", "/__harness__/slow-unnamed-button")


@pytest.mark.screens("desktop")
def test_violation_added_to_the_dom_just_before_leaving_is_reported(page: Page, page_auditor, fake_pages):
    page.goto("/__harness__/breaks-later")
    page.get_by_role("button", name="Break").click()
    page.get_by_role("link", name="Leave").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Good")

    expect_problems(page_auditor, "'button-name'", "/__harness__/breaks-later")


@pytest.mark.screens("desktop")
def test_state_before_a_fetch_changes_the_page_is_checked(page: Page, page_auditor, fake_pages):
    page.goto("/__harness__/fixed-by-fetch", wait_until="commit")
    page.get_by_role("button", name="Fix").click()
    expect(page.locator("button:empty")).to_have_count(0)

    expect_problems(page_auditor, "'button-name'", "/__harness__/fixed-by-fetch")


def test_horizontal_scrolling_is_reported(page: Page, page_auditor, fake_pages, screen):
    page.goto("/__harness__/too-wide")
    page.get_by_role("link", name="Leave").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Good")

    expect_problems(page_auditor, "horizontal scrolling on http://localhost", "/too-wide", f"a {screen.width} px")


@pytest.mark.screens("desktop")
def test_script_blocked_by_the_content_security_policy_is_reported(page: Page, page_auditor, fake_pages):
    page.goto("/__harness__/inline-script")
    expect(page).to_have_title("Inline")
    page.get_by_role("link", name="Leave").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Good")

    expect_problems(page_auditor, "console error on", "Content Security Policy")


@pytest.mark.screens("desktop")
def test_clean_pages_pass_and_are_all_checked(page: Page, page_auditor, fake_pages):
    page.goto("/__harness__/good-to-good-to-good")
    page.get_by_role("link", name="Next").click()
    page.get_by_role("link", name="Next").click()
    expect(page).to_have_url(re.compile(r"/__harness__/good$"))
    page_auditor.finish()

    paths = [url.split("/__harness__/")[1] for url in page_auditor.checked_urls]
    assert paths == ["good-to-good-to-good", "good-to-good", "good"]


@pytest.mark.screens("desktop")
@pytest.mark.xfail(
    strict=True, raises=AssertionError, reason="self-test: the end-of-test check must fail a test that left problems"
)
def test_problems_fail_the_test_without_calling_finish(page: Page, fake_pages):
    page.goto("/__harness__/good-to-unnamed-button")
    page.get_by_role("link", name="Next").click()
    page.get_by_role("link", name="Leave").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Good")
