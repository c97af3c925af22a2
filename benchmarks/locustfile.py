"""Hearth under load: staff in each role going about their day (issue 14, item 4).

Run through `benchmarks/run_load.sh`, which starts gunicorn on loopback against a seeded demo and
keeps the run bounded. Each simulated user signs in once through the real sign-in form with a demo
account of its role (prevention officers spread over the `.N` accounts a scaled demo adds, which
hold cases; the extra housing and support workers cover no scheme, so those roles use the first),
then repeats a journey: My work, its lists, a record opened from a list, and the one thing the role
writes: a housing worker posts a payment through the account page's form, a prevention officer
plans a home visit and checks in and out, a housing or support worker records a passed check in
quick entry. Every form is read from the page and posted whole (CSRF token, submission token, the
form's own values), as a browser would. Requests are named by page kind, so the report gives
p50/p95/p99 per kind, not per record.

Environment: HEARTH_LOAD_SCALE (the demo's --scale, to use its extra accounts; default 1) and
HEARTH_DEMO_PASSWORD (default the demo's).
"""

import itertools
import os
import random
import re
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

from locust import HttpUser, between, task

PASSWORD = os.environ.get("HEARTH_DEMO_PASSWORD", "hearth-demo")
SCALE = max(1, int(os.environ.get("HEARTH_LOAD_SCALE", "1")))


def accounts(email: str, prefix: str | None = None) -> list[str]:
    """The role's first demo account and, at scale N, `prefix.2` to `prefix.N` (accounts.demo)."""
    extra = [f"{prefix}.{n}@example.org" for n in range(2, SCALE + 1)] if prefix else []
    return [email, *extra]


class Forms(HTMLParser):
    """Every <form> on a page: its action, method and the values a browser would send as it stands
    (hidden and filled inputs, the checked radio or box, each select's chosen or first option,
    textareas), plus each select's options so a journey can choose one."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._select = None
        self._textarea = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {"action": attrs.get("action") or "", "method": (attrs.get("method") or "get").lower(), "fields": {}}
            )
            self.forms[-1]["options"] = {}
            return
        if not self.forms:
            return
        form = self.forms[-1]
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("radio", "checkbox"):
                if "checked" in attrs:
                    form["fields"][name] = attrs.get("value", "on")
                form["options"].setdefault(name, []).append(attrs.get("value", "on"))
                return
            form["fields"][name] = attrs.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            form["options"][name] = []
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            form["options"][self._select].append(value)
            if "selected" in attrs or self._select not in form["fields"]:
                form["fields"][self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            form["fields"][name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data

    def find(self, action_pattern: str) -> dict | None:
        matching = [form for form in self.forms if re.search(action_pattern, form["action"])]
        return random.choice(matching) if matching else None  # noqa: S311


def links(html: str, pattern: str) -> list[str]:
    """The distinct hrefs on a page matching `pattern` (a regex anchored at the path's start)."""
    return sorted(set(re.findall(rf'href="({pattern})"', html)))


class Staff(HttpUser):
    """A signed-in member of staff; subclasses say which accounts and what they do."""

    abstract = True
    wait_time = between(1, 5)
    emails: list[str] = []

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls._turn = itertools.count()

    def on_start(self):
        # Round robin over the role's accounts, so the first user of each role has the first account.
        self.email = self.emails[next(self._turn) % len(self.emails)]
        page = self.client.get("/accounts/login/", name="sign-in form")
        form = Forms(page.text).find(r"login|^$")
        fields = {**(form["fields"] if form else {}), "username": self.email, "password": PASSWORD}
        with self.client.post(
            "/accounts/login/",
            data=fields,
            name="sign in",
            catch_response=True,
            headers=self._referer("/accounts/login/"),
        ) as response:
            if response.url.rstrip("/").endswith("/accounts/login") or "sessionid" not in self.client.cookies:
                response.failure(f"sign-in refused for {self.email}")

    def _referer(self, path: str) -> dict:
        # Django checks the Referer on HTTPS only; sent anyway, as a browser would.
        return {"Referer": f"{self.host}{path}"}

    def page(self, path: str, name: str):
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} on {path}")
            elif "/accounts/login/" in response.url:
                response.failure("signed out")
            return response

    def post_form(self, page_path: str, form: dict, fields: dict, name: str, expect_after: str = ""):
        """Post `form` from the page at `page_path` with `fields` over its own values; a success is the
        redirect the view gives after saving (a re-rendered form with errors is a failure)."""
        action = form["action"] or page_path
        data = {**form["fields"], **fields}
        with self.client.post(
            action, data=data, name=name, catch_response=True, headers=self._referer(page_path)
        ) as response:
            redirected = bool(response.history) and response.history[0].status_code in (302, 303)
            if response.status_code != 200 or not redirected:
                response.failure(f"{response.status_code} (no redirect) posting {action}")
            elif expect_after and expect_after not in response.text:
                response.failure(f"posted {action} but the next page does not say {expect_after!r}")
            return response

    @task(3)
    def my_work(self):
        self.page("/", "my work")


class HousingWorker(Staff):
    weight = 4
    # The demo's extra housing workers (`.2` to `.N`) cover no scheme, so they would see no account.
    emails = accounts("housing.worker@example.org")

    @task(3)
    def arrears(self):
        sort = random.choice(["", "?sort=reference", "?sort=-balance", "?page=2"])  # noqa: S311
        response = self.page(f"/rents/arrears/{sort}", "arrears list")
        self.accounts = links(response.text, r"/rents/accounts/\d+/") or getattr(self, "accounts", [])

    @task(2)
    def open_account(self):
        if getattr(self, "accounts", None):
            self.page(random.choice(self.accounts), "rent account")  # noqa: S311

    @task(2)
    def post_payment(self):
        if not getattr(self, "accounts", None):
            return self.arrears()
        path = random.choice(self.accounts)  # noqa: S311
        page = self.page(path, "rent account")
        form = Forms(page.text).find(r"/payments/$")
        if form is None:
            return
        methods = [m for m in form["options"].get("method", []) if m and m != "housing_benefit"]
        amount = Decimal(random.randint(500, 5000)) / 100  # noqa: S311
        self.post_form(
            path,
            form,
            {
                "amount": f"{amount:.2f}",
                "method": random.choice(methods) if methods else "cash",  # noqa: S311
                "received_on": date.today().isoformat(),
                "reference": f"LOAD-{random.randint(1, 10**6)}",  # noqa: S311
                "period_to": "",
            },
            "post payment",
            expect_after="Payment of",
        )

    @task(1)
    def lists(self):
        path, name = random.choice(  # noqa: S311
            [
                ("/housing/schemes/", "schemes"),
                ("/housing/residents/", "residents"),
                ("/housing/incidents/", "incidents"),
                ("/repairs/", "repairs list"),
                ("/compliance/", "compliance grid"),
                ("/rents/arrears/cases/", "arrears stages"),
            ]
        )
        self.page(path, name)

    @task(1)
    def quick_check(self):
        record_quick_check(self)


def record_quick_check(user: Staff):
    """Quick entry: choose a building, then record one of its due staff checks as passed today."""
    page = user.page("/compliance/quick/", "quick entry")
    chooser = Forms(page.text).find(r"^$")
    buildings = [value for value in (chooser or {"options": {}})["options"].get("building", []) if value]
    if not buildings:
        return
    path = f"/compliance/quick/?building={random.choice(buildings)}"  # noqa: S311
    page = user.page(path, "quick entry building")
    form = Forms(page.text).find(r"^/compliance/quick/\d+/$")
    if form:
        user.post_form(path, form, {}, "record check", expect_after="recorded as passed today")


class SupportWorker(Staff):
    weight = 1
    emails = accounts("support.worker@example.org")  # the extra support workers cover no scheme either

    @task(2)
    def residents(self):
        response = self.page("/housing/residents/", "residents")
        people = links(response.text, r"/housing/residents/\d+/")
        if people:
            self.page(random.choice(people), "resident")  # noqa: S311

    @task(1)
    def quick_check(self):
        record_quick_check(self)


class Manager(Staff):
    weight = 1
    emails = accounts("manager@example.org") + accounts("senior.worker@example.org")

    @task(3)
    def arrears(self):
        sort = random.choice(["", "?sort=reference", "?sort=name", "?sort=-weeks", "?min_balance=100"])  # noqa: S311
        response = self.page(f"/rents/arrears/{sort}", "arrears list")
        found = links(response.text, r"/rents/accounts/\d+/")
        if found:
            self.page(random.choice(found), "rent account")  # noqa: S311

    @task(1)
    def export(self):
        path, name = random.choice(  # noqa: S311
            [("/rents/arrears/?format=csv", "arrears csv"), ("/rents/arrears/?format=xlsx", "arrears xlsx")]
        )
        self.page(path, name)

    @task(2)
    def oversight(self):
        path, name = random.choice(  # noqa: S311
            [
                ("/housing/figures/", "housing figures"),
                ("/housing/complaints/", "complaints"),
                ("/repairs/voids/", "voids"),
                ("/compliance/checks/", "compliance checks"),
                ("/housing/schemes/", "schemes"),
            ]
        )
        self.page(path, name)


class PreventionOfficer(Staff):
    weight = 3
    emails = accounts("prevention.officer@example.org", "prevention.officer")

    @task(3)
    def caseload(self):
        response = self.page("/prevention/", "caseload")
        self.cases = links(response.text, r"/prevention/cases/\d+/") or getattr(self, "cases", [])

    @task(2)
    def open_case(self):
        if getattr(self, "cases", None):
            self.page(random.choice(self.cases), "case")  # noqa: S311

    @task(1)
    def home_visit(self):
        """Plan a home visit on one of their cases, then check in at the door and out again."""
        if not getattr(self, "cases", None):
            return self.caseload()
        path = random.choice(self.cases) + "visits/new/"  # noqa: S311
        page = self.client.get(path, name="plan visit form")
        form = Forms(page.text).find(r"^$|/visits/new/$")
        if page.status_code != 200 or form is None or "address" not in form["fields"]:
            return  # a closed case, or not theirs to change: the page says so
        fields = {"address": form["fields"]["address"].strip() or "1 Load Test Road, AB1 2CD"}
        visit = self.post_form(path, form, fields, "plan visit")
        visit_path = visit.url.replace(self.host, "")
        for step in ("check-in", "check-out"):
            form = Forms(visit.text).find(rf"/{step}/$")
            if form is None:
                return
            visit = self.post_form(visit_path, form, {}, step.replace("-", " "))

    @task(1)
    def lists(self):
        path, name = random.choice(  # noqa: S311
            [
                ("/prevention/referrals/", "referrals"),
                ("/prevention/move-on/landlords/", "landlords"),
                ("/prevention/register/", "register"),
                ("/prevention/hclic/readiness/", "hclic readiness"),
            ]
        )
        self.page(path, name)


class TeamLeader(Staff):
    """The team's caseload and who is out on a visit; team leaders plan no visits of their own here."""

    weight = 1
    emails = accounts("team.leader@example.org")
    caseload = PreventionOfficer.caseload
    open_case = PreventionOfficer.open_case
    lists = PreventionOfficer.lists

    @task(1)
    def lone_working(self):
        self.page("/prevention/lone-working/", "lone working")
