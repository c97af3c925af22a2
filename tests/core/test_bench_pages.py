"""bench_pages: its timing part over the seeded demo, its table and its refusals.

Seeding two databases in subprocesses is too slow for CI, so the test times the current (test)
database with `time_pages`, which is what the command's subprocess runs on each size.
"""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.models import User
from core import benchmarks
from core.demo import sign_ins
from core.management.commands.bench_pages import _size, database_url

pytestmark = pytest.mark.django_db


def test_time_pages_opens_every_page_with_200_and_a_row_each(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    # The administrator opens nearly every page; the team leader adds the prevention leads' lists
    # and the housing worker a narrower scope. Every role at once would take minutes on CI.
    roles = ["Administrator", "Housing Options Team Leader", "Housing Worker"]
    rows = benchmarks.time_pages(runs=1, warm_up=False, roles=roles)
    errors = [(row.page, row.role, row.url, row.error) for row in rows if row.error]
    assert errors == []
    assert all(row.status == 200 and row.ms is not None and row.ms > 0 for row in rows)
    # A row for every page in the list, so none silently drops out, and a page at most once per role.
    assert {page.name for page in benchmarks.PAGES} == {row.page for row in rows}
    assert {row.role for row in rows if row.page == "My work"} == set(roles)
    assert len({(row.page, row.role) for row in rows}) == len(rows)
    # Roles open only what their permissions allow: the housing worker sees no caseload.
    assert not [row for row in rows if row.role == "Housing Worker" and row.page == "Caseload"]
    assert {role for _, role in sign_ins()} >= set(roles)
    # Detail pages open the record with the most history the role sees.
    worker = User.objects.get(email="housing.worker@example.org")
    [account] = [row for row in rows if row.page == "Rent account (most entries)" and row.role == "Housing Worker"]
    assert account.url == f"/rents/accounts/{benchmarks.pick(benchmarks.ACCOUNT, worker)}/"

    # --only and roles narrow the run; warmed up, `runs` requests are timed after the first.
    rows = benchmarks.time_pages(runs=2, only=["arrears csv"], roles=["manager@example.org"])
    assert [(row.page, row.role, row.statuses) for row in rows] == [("Arrears CSV", "Housing Manager", [200] * 3)]

    # A page that answers anything but 200 is an error, not a time: a statement for a period that is
    # not a date answers 400 with the form.
    bad = benchmarks.Page("Bad statement", "rents:statement", benchmarks.RENTS, "from=never", benchmarks.ACCOUNT)
    [row] = benchmarks.time_pages(runs=2, roles=["manager@example.org"], pages=[bad])
    assert (row.status, row.error, row.ms) == (400, "HTTP 400", None)


def test_the_table_pairs_sizes_and_flags_slow_or_growing_pages():
    small = [
        {"page": "Arrears", "role": "Housing Manager", "ms": 100.0, "error": ""},
        {"page": "My work", "role": "Housing Manager", "ms": 50.0, "error": ""},
    ]
    large = [
        {"page": "Arrears", "role": "Housing Manager", "ms": 400.0, "error": ""},
        {"page": "My work", "role": "Housing Manager", "ms": None, "error": "HTTP 500"},
    ]
    rows = benchmarks.compare(small, large)
    assert [row.cells() for row in rows] == [
        ["My work", "Housing Manager", "50", "HTTP 500", "-", "ERROR"],
        ["Arrears", "Housing Manager", "100", "400", "4.00", ">1.5x >300 ms"],
    ]
    markdown = benchmarks.markdown_table(rows)
    assert markdown.splitlines()[0] == "| Page | Role | Small ms | Large ms | Ratio | Flags |"
    assert "| Arrears | Housing Manager | 100 | 400 | 4.00 | >1.5x >300 ms |" in markdown
    assert "Arrears" in benchmarks.text_table(rows)


def test_sizes_are_read_from_key_value_pairs():
    assert _size("scale=50,years=10") == {"scale": 50, "years": 10}
    assert _size("scale=1") == {"scale": 1}
    with pytest.raises(CommandError, match="scale=50,years=10"):
        _size("fifty")


@pytest.mark.skipif(connection.vendor == "postgresql", reason="The refusal is for other databases")
def test_the_command_refuses_anything_but_postgresql():
    with pytest.raises(CommandError, match="PostgreSQL only"):
        call_command("bench_pages", "--runs", "1")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Names the PostgreSQL server it runs on")
def test_subprocesses_reach_the_same_server_under_another_name():
    url = database_url("hearth_bench_small")
    assert url.startswith("postgres://") and url.endswith("/hearth_bench_small")
