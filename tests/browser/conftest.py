"""Browser tests: Playwright driving the system Chromium against pytest-django's live server.

Run them on their own, after the main suite:  pytest -m browser tests/browser
(Playwright's event loop in the main thread upsets async views tested later in the same run.)

* Every test here is marked `browser`, whatever its module says.
* Every test that uses `page` runs twice, on a desktop screen (1280x800) and on a phone
  (360x740); `@pytest.mark.screens("desktop")` narrows that. The `screen` fixture says which.
* Every page the test visits is checked with axe-core, for horizontal scrolling and for
  JavaScript/CSP errors (see audit.py); problems fail the test.
"""

import importlib
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from playwright.sync_api import Page, expect

from accounts import roles
from tests.accounts.factories import UserFactory
from tests.browser.audit import SETTLE_TIMEOUT_S, PageAuditor

BROWSER_DIR = Path(__file__).parent
AUDITOR_KEY = pytest.StashKey[PageAuditor]()
CHROMIUM = os.environ.get("HEARTH_CHROMIUM", "/usr/bin/chromium")


@dataclass(frozen=True)
class Screen:
    name: str
    width: int
    height: int
    mobile: bool = False

    def context_args(self) -> dict:
        args: dict = {"viewport": {"width": self.width, "height": self.height}}
        if self.mobile:
            args.update(is_mobile=True, has_touch=True, device_scale_factor=2)
        return args


SCREENS = {
    "desktop": Screen("desktop", 1280, 800),
    "phone": Screen("phone", 360, 740, mobile=True),
}


# Collection ----------------------------------------------------------------------------------


def pytest_configure(config):
    config.addinivalue_line("markers", "screens(*names): run this browser test only on these screens (desktop, phone)")


def pytest_itemcollected(item):
    if BROWSER_DIR in item.path.parents:
        item.add_marker(pytest.mark.browser)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """If browser tests are selected with other tests after all, run them last."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def pytest_generate_tests(metafunc):
    if "screen" in metafunc.fixturenames:
        marker = metafunc.definition.get_closest_marker("screens")
        names = list(marker.args) if marker else list(SCREENS)
        unknown = set(names) - set(SCREENS)
        if unknown:
            raise pytest.UsageError(f"Unknown screen(s) {sorted(unknown)}; known: {sorted(SCREENS)}")
        metafunc.parametrize("screen", names, indirect=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After the test body passes, check the last page and fail on any problem seen on the way."""
    result = yield
    auditor = item.stash.get(AUDITOR_KEY, None)
    if auditor is not None:
        try:
            auditor.finish()
        finally:
            item.user_properties.append(("checked_pages", " ".join(auditor.checked_urls)))
    return result


# Environment ---------------------------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def _allow_async_unsafe():
    """Sync Playwright runs an event loop in the main thread; Django's ORM would refuse to run.

    Set for the browser tests only (not at import time), so that a run that also collects the
    main suite does not switch Django's check off there.
    """
    with pytest.MonkeyPatch.context() as mp:
        if "DJANGO_ALLOW_ASYNC_UNSAFE" not in os.environ:
            mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def base_url(live_server):
    """pytest-playwright gives this to each browser context, so `page.goto("/inbox/")` works."""
    return live_server.url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        "headless": True,  # --headed still shows the browser, for debugging
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def screen(request) -> Screen:
    return SCREENS[request.param]


@pytest.fixture
def browser_context_args(browser_context_args, screen):
    return {
        **browser_context_args,
        **screen.context_args(),
        "locale": "en-GB",
        "timezone_id": "Europe/London",
    }


@pytest.fixture
def page(page: Page, request) -> Page:
    """pytest-playwright's page, with every document it shows checked (see audit.py)."""
    page.set_default_timeout((SETTLE_TIMEOUT_S + 5) * 1000)  # longer than the audit's wait, so its message shows
    expect.set_options(timeout=10_000)
    request.node.stash[AUDITOR_KEY] = PageAuditor(page)
    return page


@pytest.fixture
def page_auditor(page, request) -> PageAuditor:
    """For tests that want to wait for the checks mid-way (`page_auditor.settle()`) or see what was checked."""
    return request.node.stash[AUDITOR_KEY]


# Data and helpers ----------------------------------------------------------------------------

# Data migrations that seed reference data (defaults admins then edit). The live server needs
# transactional tests, and the flush after each one wipes that data (roles come back through
# post_migrate; these do not), so every browser test seeds it again. Each seed is idempotent.
REFERENCE_DATA_MIGRATIONS = (
    "repairs.migrations.0002_seed_priorities_and_hazard_types",
    "compliance.migrations.0002_seed_check_types_and_action_priorities",
)


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """The seeded defaults a fresh install has: repair priorities, hazard types, check types, action priorities."""
    for migration in REFERENCE_DATA_MIGRATIONS:
        importlib.import_module(migration).seed(apps, None)


@pytest.fixture
def worker(transactional_db):
    return UserFactory(role=roles.HOUSING_WORKER)
