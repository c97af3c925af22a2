"""Tables restyled as stacked cards on phones keep their table semantics (issue 10.8).

CSS `display: block` on a table's rows and cells makes Safari/VoiceOver drop the table roles, so
every `.table--stack` table spells them out: table, rowgroup, row, columnheader, cell.
"""

from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from rents.services import ledger
from tests.rents.factories import account_for
from tests.tenancies.scoping import scheme_for

pytestmark = pytest.mark.django_db

# Each template with a stacked table, and the page that shows it.
STACKED = {
    "rents/templates/rents/arrears_list.html": "rents:arrears_list",
    "rents/templates/rents/arrears/cases.html": "rents:arrears_cases",
}
# Stacked tables whose pages need records of another app to show rows: checked in that app's tests.
CHECKED_ELSEWHERE = {
    "repairs/templates/repairs/repair_list.html": "tests/repairs/test_repairs_views.py",
    "repairs/templates/repairs/repair_detail.html": "tests/repairs/test_repairs_views.py",
    "repairs/templates/repairs/contractor_list.html": "tests/repairs/test_repairs_views.py",
    "repairs/templates/repairs/contractor_detail.html": "tests/repairs/test_repairs_views.py",
    "repairs/templates/repairs/budget_list.html": "tests/repairs/test_repairs_views.py",
    "repairs/templates/repairs/budget_detail.html": "tests/repairs/test_repairs_views.py",
    "compliance/templates/compliance/check_list.html": "tests/compliance/test_views.py",
    "compliance/templates/compliance/action_list.html": "tests/compliance/test_views.py",
}
ROLES = {"table": "table", "thead": "rowgroup", "tbody": "rowgroup", "tr": "row", "th": "columnheader", "td": "cell"}


class StackedTables(HTMLParser):
    """Elements of `.table--stack` tables that lack their explicit role, and how many tables there are."""

    def __init__(self):
        super().__init__()
        self.tables, self.missing, self._depth, self.cells = 0, [], 0, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "table--stack" in (attrs.get("class") or "").split():
            self.tables += 1
            self._depth += 1
        elif tag == "table" and self._depth:
            self._depth += 1
        if self._depth and tag in ROLES:
            self.cells += tag == "td"
            if attrs.get("role") != ROLES[tag]:
                self.missing.append(f"<{tag} {attrs}>")

    def handle_endtag(self, tag):
        if tag == "table" and self._depth:
            self._depth -= 1


def test_every_stacked_table_template_is_checked():
    found = {
        str(path.relative_to(settings.BASE_DIR))
        for app in ("core", "accounts", "people", "rents", "tenancies", "casework", "repairs", "compliance")
        for path in (settings.BASE_DIR / app).rglob("*.html")
        if "table--stack" in path.read_text()
    } | {
        str(p.relative_to(settings.BASE_DIR))
        for p in Path(settings.BASE_DIR / "templates").rglob("*.html")
        if "table--stack" in p.read_text()
    }
    assert found == set(STACKED) | set(CHECKED_ELSEWHERE)


@pytest.mark.parametrize("url_name", sorted(STACKED.values()))
def test_stacked_tables_have_explicit_table_roles(url_name, client, housing_worker):
    account = account_for(housing_worker, scheme=scheme_for(housing_worker, name="Riverside House"))
    ledger.adjustment_post(account=account, amount=Decimal("1234.56"), reason="Arrears brought forward", by=None)
    client.force_login(housing_worker)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    tables = StackedTables()
    tables.feed(response.content.decode())
    assert tables.tables == 1 and tables.cells > 0, "the page shows no stacked table with rows"
    assert not tables.missing
