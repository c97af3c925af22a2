"""Hostile query strings sent to every page the access matrix knows never cause a 500 (issue 10.8).

`test_hostile_forms` posts to the POST forms; this sends the GET side: each field of a page's GET
forms (scheme choosers, list filters, the access log's dates), each query parameter its own links
use (?sort=, ?proposed=, ?show=, ?format=), and the parameters every list reads (?page=, ?scheme=,
?status=). A filter may refuse a value with a message, ignore it, or answer 400 or 404; it never
breaks.
"""

from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlparse

import pytest
from django.urls import reverse

from tests.access_matrix import MATRIX
from tests.test_hostile_forms import an_allowed_role, form_pages, plausible

pytestmark = pytest.mark.django_db

# Every parameter (alone, the rest of the query plausible) is tried with these.
SHARP = [
    "abc",
    "-1",
    "99999999999999999999",
    "0000-00-00",
    "99999-01-01",
    "²",  # str.isdigit() says yes, int() says no
    "a\x00b",
]
# All the page's parameters at once get each of these too.
HOSTILE = [
    *SHARP,
    "99999",
    "1e400",
    "2026-02-30",
    "\x1b[31m",
    "",
    "x" * 3000,
]
# Pages without filters get the parameters views read anyway, all at once, with these.
FEW = ["abc", "²", "99999999999999999999"]
# Read by views whether or not the page shows a form or link for them (lists that have no rows
# yet show no pagination or sort links).
COMMON = ("page", "scheme", "status", "sort", "show", "format", "proposed", "kind", "unit", "mediation", "from", "to")


class GetFilters(HTMLParser):
    """The GET parameters a page offers: its GET forms' fields (with plausible values) and the
    query parameters of its links back to itself."""

    def __init__(self, path):
        super().__init__()
        self.path, self.fields, self.linked = path, {}, set()
        self._in_get_form, self._select = False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_get_form = (attrs.get("method") or "get").lower() == "get"
        elif tag == "a" and attrs.get("href"):
            href = urlparse(urljoin(self.path, attrs["href"]))
            if href.path == self.path and href.query:
                self.linked.update(name for name, _value in parse_qsl(href.query, keep_blank_values=True))
        if not self._in_get_form:
            return
        if tag == "option" and self._select is not None:
            self._select.append(attrs.get("value", ""))
        name = attrs.get("name")
        if not name:
            return
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind not in {"submit", "button", "image", "reset"}:
                self.fields.setdefault(name, (kind, [attrs.get("value", "on")]))
        elif tag == "select":
            self._select = []
            self.fields[name] = ("select", self._select)
        elif tag == "textarea":
            self.fields[name] = ("textarea", [])

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_get_form = False
        elif tag == "select":
            self._select = None


def queries(base, fields, linked):
    """On a page with filters, each of its parameters alone (the rest plausible) with each SHARP
    value, then all of them with each HOSTILE value; on any other page, the parameters views read
    anyway with the FEW values."""
    offered = set(fields) | linked
    plain = {**base, **{name: plausible(*spec) for name, spec in fields.items()}}
    for name in sorted(offered):
        for value in SHARP:
            yield {**plain, name: value}
    names = sorted(offered | set(COMMON))
    for value in HOSTILE if offered else FEW:
        yield {**base, **dict.fromkeys(names, value)}


def fetch(client, path, query):
    try:
        response = client.get(path, query)
        if response.streaming:
            b"".join(response.streaming_content)
    except Exception as error:
        raise AssertionError(f"{path} {query!r} raised {error!r}") from error
    return response


@pytest.mark.parametrize("name", form_pages())
def test_hostile_query_strings_never_500(name, client, role_users):
    access = MATRIX[name]
    user = None if access.public else role_users[an_allowed_role(access)]
    if user:
        client.force_login(user)
    kwargs = access.kwargs(user or role_users["housing_worker"], role_users) if access.kwargs else {}
    path = reverse(name, kwargs=kwargs)
    response = fetch(client, path, access.data)
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return
    page = GetFilters(path)
    page.feed(response.content.decode())
    for query in queries(access.data, page.fields, page.linked):
        response = fetch(client, path, query)
        assert response.status_code < 500, f"{path} {query!r}: {response.status_code}"
