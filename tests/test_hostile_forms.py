"""Hostile values posted to every form on every page the access matrix knows never cause a 500,
and a submission the form refuses saves nothing (issue 8.7).

Each page is opened as a role allowed to see it, its POST forms are read from the HTML, and
hypothesis fills every field with hostile or ordinary values. The examples are derandomised,
so a run is repeatable.
"""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.access_matrix import MATRIX, ROLES

pytestmark = pytest.mark.django_db

HOSTILE = st.one_of(
    st.sampled_from(
        [
            "9999-12-31",
            "0001-01-01",
            "2026-02-30",
            "31/12/9999",
            "1e400",
            "-1e400",
            "NaN",
            "Infinity",
            "99999999999999999999",
            "-1",
            "0.001",
            "\x00",
            "a\x00b",
            "\x1b[31m",
            '=HYPERLINK("https://example.org")',
            "<script>alert(1)</script>",
            "",
            " ",
            "x" * 3000,
            "2026-12-02",
            "12.50",
        ]
    ),
    st.text(max_size=12),
)

# Tables an invalid submission may still write: who read what, and sign-in bookkeeping.
BOOKKEEPING = ("core_accesslog", "django_session", "axes_")


class PostForms(HTMLParser):
    """The POST forms of a page: action and fields (name, kind, option values)."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = {"action": attrs.get("action") or "", "fields": {}}
            self.forms.append(self._form)
        if self._form is None or not attrs.get("name"):
            if tag == "option" and self._select is not None:
                self._select.append(attrs.get("value", ""))
            return
        name = attrs["name"]
        if name in {"csrfmiddlewaretoken", "_submission"}:
            return
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind not in {"submit", "button", "file", "image", "reset"}:
                self._form["fields"][name] = (kind, [attrs.get("value", "on")])
        elif tag == "textarea":
            self._form["fields"][name] = ("textarea", [])
        elif tag == "select":
            self._select = []
            self._form["fields"][name] = ("select", self._select)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def form_pages():
    return sorted(name for name, access in MATRIX.items() if access.method == "get" and 200 in access.ok)


def an_allowed_role(access):
    return next(slug for slug in ROLES if slug in access.allowed)


def writes(queries):
    """Tables written by the captured queries, other than bookkeeping."""
    written = set()
    for query in queries:
        sql = query["sql"].lstrip()
        verb = sql.split(None, 1)[0].upper()
        if verb in {"INSERT", "UPDATE", "DELETE"}:
            table = sql.split('"')[1] if '"' in sql else sql.split()[2]
            if not table.startswith(BOOKKEEPING):
                written.add(table)
    return written


PLAUSIBLE = {"date": "2026-12-02", "number": "1", "email": "someone@example.org", "datetime-local": "2026-12-02T10:00"}

# The hostile value every field of its kind is sure to be tried with, the rest of the form plausible.
CLASSIC = {"date": "9999-12-31", "datetime-local": "9999-12-31T10:00", "number": "1e400"}


def plausible(kind, options):
    """A value a careful user might enter, so a hostile value in another field reaches the service."""
    if kind in {"select", "radio"}:
        chosen = [option for option in options if option]
        return chosen[0] if chosen else (options[0] if options else "")
    if kind in {"checkbox", "hidden"}:
        return options[0] if options else "on"
    return PLAUSIBLE.get(kind, "Plain words")


def classic(kind):
    return CLASSIC.get(kind, "a\x00b")


@pytest.mark.parametrize("name", form_pages())
@settings(
    max_examples=6,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(targets=st.sets(st.integers(0, 39), min_size=1, max_size=3), values=st.lists(HOSTILE, min_size=3, max_size=3))
def test_hostile_posts_never_500_and_refusals_save_nothing(name, targets, values, client, role_users):
    """A few fields get hostile values, the rest plausible ones. Each example runs in a savepoint
    that is rolled back, so every example sees the same records."""

    def fill(form):
        fields = list(form["fields"].items())
        hostile = {sorted(targets)[i] % len(fields): value for i, value in enumerate(values[: len(targets)])}
        return [{name: hostile.get(i, plausible(*spec)) for i, (name, spec) in enumerate(fields)}]

    with transaction.atomic():
        post_to_forms(name, fill, client, role_users)
        transaction.set_rollback(True)


@pytest.mark.parametrize("name", form_pages())
def test_each_field_refuses_its_classic_hostile_value(name, client, role_users):
    """Every field in turn gets the value most likely to break it (9999-12-31, 1e400, a NUL byte)."""

    def fill(form):
        fields = list(form["fields"].items())
        return [
            {other: (classic(kind) if other == field else plausible(*spec)) for other, spec in fields}
            for field, (kind, _options) in fields
        ]

    post_to_forms(name, fill, client, role_users)


def post_to_forms(name, fill, client, role_users):
    access = MATRIX[name]
    user = None if access.public else role_users[an_allowed_role(access)]
    if user:
        client.force_login(user)
    kwargs = access.kwargs(user or role_users["housing_worker"], role_users) if access.kwargs else {}
    page = reverse(name, kwargs=kwargs)
    response = client.get(page, access.data)
    if response.streaming:
        b"".join(response.streaming_content)
        return
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return
    parser = PostForms()
    parser.feed(response.content.decode())
    for form in parser.forms:
        action = urljoin(page, form["action"]) if form["action"] else page
        if urlparse(action).path in {reverse("accounts:logout")}:
            continue
        if not form["fields"]:
            continue
        for posted in fill(form):
            with transaction.atomic():
                with CaptureQueriesContext(connection) as queries:
                    response = client.post(action, posted)
                if response.streaming:
                    b"".join(response.streaming_content)
                assert response.status_code < 500, f"{action} {posted!r}: {response.status_code}"
                refused = response.status_code == 200 and b"There is a problem" in response.content
                if refused or 400 <= response.status_code < 500:
                    assert not writes(queries.captured_queries), f"{action} {posted!r} was refused but wrote rows"
                transaction.set_rollback(True)
