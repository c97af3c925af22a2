"""Checks that run on every page a browser test visits.

`PageAuditor` is attached to the `page` fixture (see conftest.py). Each document is checked

* with axe-core: any violation of impact "serious" or "critical" fails the test;
* for horizontal scrolling: the content must fit the viewport width (at 360 px too);
* for JavaScript errors: uncaught exceptions and console errors fail the test. The site's
  Content-Security-Policy stays enforced here, and the browser reports what it blocks as
  console errors, so a policy violation fails the test too. So do style sheets, scripts,
  images and fonts that fail to load.

How each document is checked, whether it was reached by `page.goto`, a click, a form or
`page.reload`:

1. An init script puts axe-core and a small driver into every document. Init scripts and
   bindings go through the DevTools protocol, which the page's CSP does not govern, so the
   policy need not be bypassed.
2. The driver checks the document once it has loaded, and again whenever the DOM changes
   (an htmx swap, say), once the changes pause. It reports each result to Python through a
   binding, or reports "dirty" as soon as the DOM changes after a result.
3. A route handler sees each navigation request of the main frame and holds it until the
   document being left has reported a result for its latest state. (Asking the old document
   to run axe at that point is not possible: Chromium defers DevTools commands to a frame
   while it navigates, but the page's own scripts and bindings keep working.) It holds the
   page's XHR and fetch requests (htmx) the same way, so the state before a swap is checked
   as well as the state after it.
4. When the test body ends, conftest.py's `pytest_runtest_call` hook calls `finish`, which
   waits for the open document's result and fails the test with every problem found, so
   that an `xfail` marker applies to them.

A state that lasts only between two DOM changes made without a request (pure client-side
script, quicker than the checks) may be skipped; call `settle()` mid-test to wait until the
current state has been checked.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import ConsoleMessage, Error, Page, Request, Response, Route

AXE_PATH = Path(__file__).parent / "vendor" / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")
CHECKED_RESOURCE_TYPES = ("stylesheet", "script", "image", "font", "media")
BINDING = "__hearthAuditReport"
# Generous: on a loaded 2-core CI machine one axe run has been seen to take over 10 s.
SETTLE_TIMEOUT_S = float(os.environ.get("HEARTH_AXE_TIMEOUT", "30"))

# Runs in every document, after axe-core. Checks the main frame's http(s) documents only.
_DRIVER_JS = """
(() => {
  if (window.top !== window || !/^https?:$/.test(location.protocol)) return;
  const report = window.%(binding)s;
  if (typeof report !== "function" || typeof axe === "undefined") return;
  const failingImpacts = %(impacts)s;
  const doc = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  let version = 0, audited = 0, loaded = false, running = false, dirtySent = true, timer = null;

  async function check() {
    const results = await axe.run(document, {resultTypes: ["violations"]});
    const violations = results.violations
      .filter((v) => failingImpacts.includes(v.impact))
      .map((v) => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({target: n.target, html: n.html, summary: n.failureSummary})),
      }));
    // With mobile emulation the layout viewport widens to fit wide content: screen.width stays.
    const width = Math.min(window.innerWidth, screen.width);
    const scrollWidth = document.documentElement.scrollWidth;
    let wide = [];
    if (scrollWidth > width && document.body) {
      wide = Array.from(document.body.querySelectorAll("*"))
        .filter((el) => el.getBoundingClientRect().right > width + 0.5)
        .slice(0, 5)
        .map((el) => el.outerHTML.slice(0, 160));
    }
    return {violations, scrollWidth, width, wide};
  }

  async function run() {
    if (running || !loaded) return;
    running = true;
    try {
      while (audited !== version) {
        const checking = version;
        let result;
        try {
          result = await check();
        } catch (error) {
          result = {error: String((error && error.stack) || error)};
        }
        audited = checking;
        if (audited === version) {
          dirtySent = false;
          report({doc, kind: "result", url: location.href, result});
        }
      }
    } finally {
      running = false;
    }
  }

  function changed() {
    version += 1;
    if (!dirtySent) {
      dirtySent = true;
      report({doc, kind: "dirty", url: location.href});
    }
    clearTimeout(timer);
    timer = setTimeout(run, 50);
  }

  report({doc, kind: "start", url: location.href});
  const everything = {subtree: true, childList: true, attributes: true, characterData: true};
  new MutationObserver(changed).observe(document, everything);
  // Check once loaded; or when leaving, if that comes first (a quick click during the load
  // stops it, and "load" never fires). beforeunload comes before the navigation's request.
  const ready = () => { loaded = true; version += 1; clearTimeout(timer); run(); };
  window.addEventListener("load", ready);
  window.addEventListener("beforeunload", () => { if (!loaded) ready(); });
  window.addEventListener("pagehide", () => report({doc, kind: "hide", url: location.href}));
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) report({doc, kind: "start", url: location.href, clean: audited === version});
  });
})();
"""


def _init_script() -> str:
    driver = _DRIVER_JS % {"binding": BINDING, "impacts": json.dumps(list(FAILING_IMPACTS))}
    return AXE_PATH.read_text(encoding="utf-8") + "\n;\n" + driver


@dataclass
class _Document:
    url: str
    clean: bool = False


@dataclass
class PageAuditor:
    page: Page
    problems: list[str] = field(default_factory=list)
    checked_urls: list[str] = field(default_factory=list)
    _documents: dict[str, _Document] = field(default_factory=dict)
    _current: str | None = None
    _log: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.expose_binding(BINDING, self._on_report)
        self.page.add_init_script(script=_init_script())
        self.page.route("**/*", self._on_route)
        self.page.on("console", self._on_console)
        self.page.on("pageerror", self._on_page_error)
        self.page.on("response", self._on_response)
        self.page.on("requestfailed", self._on_request_failed)

    # Reports from the driver -----------------------------------------------------------------

    def _on_report(self, source: dict, message: dict) -> None:
        if source.get("frame") != self.page.main_frame:
            return
        doc, kind, url = message["doc"], message["kind"], message["url"]
        self._log.append(f"{doc} {kind} {url}")
        if kind == "start":
            document = self._documents.setdefault(doc, _Document(url))
            document.clean = bool(message.get("clean", False))
            self._current = doc
        elif kind == "hide":
            if self._current == doc:
                self._current = None
        elif doc in self._documents:
            document = self._documents[doc]
            document.url = url
            document.clean = kind == "result"
            if kind == "result":
                self._record(url, message["result"])

    def _record(self, url: str, result: dict) -> None:
        self.checked_urls.append(url)
        if "error" in result:
            self._add(f"axe-core failed on {url}: {result['error']}")
            return
        for violation in result["violations"]:
            nodes = "\n".join(
                f"      - {' '.join(map(str, node['target']))}: {node['html'][:200]}\n"
                f"        {(node['summary'] or '').replace(chr(10), chr(10) + '        ')}"
                for node in violation["nodes"]
            )
            self._add(
                f"axe {violation['impact']} violation '{violation['id']}' on {url}: {violation['help']}\n"
                f"    {violation['helpUrl']}\n{nodes}"
            )
        if result["scrollWidth"] > result["width"]:
            wide = "\n".join(f"      - {html}" for html in result["wide"])
            self._add(
                f"horizontal scrolling on {url}: content is {result['scrollWidth']} px wide in a "
                f"{result['width']} px viewport; elements sticking out:\n{wide}"
            )

    # Other events ----------------------------------------------------------------------------

    def _on_route(self, route: Route, request: Request) -> None:
        try:
            if self._may_change_document(request):
                self.settle(reason=f"before {request.method} {request.url}")
            route.fallback()
        except Error as exc:
            # Once the test has ended with this request in flight, the page is gone: no matter.
            if not self.page.is_closed():
                self._add(f"checking before {request.method} {request.url} failed: {exc.message}")
                route.fallback()

    def _may_change_document(self, request: Request) -> bool:
        """A navigation leaves the document; an htmx (or other fetch) request may change it."""
        if request.redirected_from is not None:
            return False
        if not request.is_navigation_request() and request.resource_type not in ("xhr", "fetch"):
            return False
        try:
            return request.frame == self.page.main_frame
        except Error:  # a request from a service worker has no frame
            return False

    def _on_console(self, message: ConsoleMessage) -> None:
        # "Failed to load resource" is left to _on_response, which knows the resource type:
        # an error page (403, 404) that a test visits on purpose must not fail it.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            location = (message.location or {}).get("url", "")
            self._add(f"console error on {self.page.url}: {message.text} ({location})")

    def _on_page_error(self, error: Error) -> None:
        self._add(f"uncaught JavaScript error on {self.page.url}: {error.message}")

    def _on_response(self, response: Response) -> None:
        if response.status >= 400 and response.request.resource_type in CHECKED_RESOURCE_TYPES:
            self._add(f"{response.request.resource_type} {response.url} answered {response.status}")

    def _on_request_failed(self, request: Request) -> None:
        # ERR_ABORTED: the page moved on before it arrived (a navigation cancels pending loads).
        failure = request.failure or ""
        if request.resource_type in CHECKED_RESOURCE_TYPES and "ERR_ABORTED" not in failure:
            self._add(f"{request.resource_type} {request.url} failed to load: {failure}")

    # For tests and the conftest hook ---------------------------------------------------------

    def settle(self, *, reason: str = "on request", timeout: float = SETTLE_TIMEOUT_S) -> None:
        """Wait until the current document's latest state has been checked."""
        doc = self._current
        if doc is None:
            return  # about:blank, or a document without the driver (e.g. a PDF)
        document = self._documents[doc]
        deadline = time.monotonic() + timeout
        while not document.clean and self._current == doc and not self.page.is_closed():
            if time.monotonic() > deadline:
                self._add(
                    f"{document.url} was not checked ({reason}): no result from axe-core within {timeout} s. "
                    "Reports from the pages, last first:\n      " + "\n      ".join(reversed(self._log[-12:]))
                )
                return
            self.page.wait_for_timeout(20)

    def finish(self) -> None:
        """Check the open document, then fail with every problem found during the test."""
        if not self.page.is_closed():
            self.settle(reason="at the end of the test")
        if self.problems:
            raise AssertionError(
                f"{len(self.problems)} problem(s) on the pages this test visited "
                f"(checked: {json.dumps(self.checked_urls)}):\n\n" + "\n\n".join(self.problems)
            )

    def _add(self, problem: str) -> None:
        if problem not in self.problems:
            self.problems.append(problem)
