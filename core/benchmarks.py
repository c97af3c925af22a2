"""The pages `manage.py bench_pages` times, and the timing itself over the current database.

Core sits below every app, so nothing here imports one: pages are named by URL name (resolved with
`reverse`), records by model label (`apps.get_model`), and who may open a page by the permission its
view requires. A page whose view decides for itself (`perm=None`) is skipped for a role it answers
403; any other answer but 200 is an error to report, never a time.

`time_pages()` signs in as each demo account (`core.demo.sign_ins`) with the test client, opens each
page once to warm up, then times `runs` requests and keeps the median, reading streamed exports to the
end so a CSV counts its whole body.
"""

import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from .demo import sign_ins

# The targets of issue 14: a page within 1.5x of its small-demo time and under 300 ms on the large one.
RATIO_LIMIT = 1.5
MS_LIMIT = 300.0


@dataclass(frozen=True)
class Record:
    """The record a detail page opens: of `model` (an app label), the one the role sees with the most
    `most` (a relation to count), so a detail page is timed where its history is longest."""

    model: str
    most: str | None = None


@dataclass(frozen=True)
class Page:
    name: str
    url_name: str
    perm: str | tuple[str, ...] | None
    query: str = ""  # may name {today}, and {record} to pass the record in the query, not the path
    record: Record | None = None
    export: bool = False


ACCOUNT = Record("rents.RentAccount", most="entries")
CASE = Record("casework.Case", most="contacts")
SCHEME = Record("tenancies.Scheme", most="properties__units")

RENTS = "rents.view_rentaccount"
REPAIRS = "repairs.view_repair"
GRID = "compliance.view_scheduledcheck"

PAGES: list[Page] = [
    Page("My work", "core:home", None),
    Page("Inbox", "core:notifications", None),
    # Rents
    Page("Arrears", "rents:arrears_list", RENTS),
    Page("Arrears, page 2", "rents:arrears_list", RENTS, "page=2"),
    Page("Arrears by reference", "rents:arrears_list", RENTS, "sort=reference"),
    Page("Arrears by name", "rents:arrears_list", RENTS, "sort=name"),
    Page("Arrears by balance", "rents:arrears_list", RENTS, "sort=-balance"),
    Page("Arrears by last payment", "rents:arrears_list", RENTS, "sort=last_payment"),
    Page("Arrears by weeks", "rents:arrears_list", RENTS, "sort=-weeks"),
    Page("Arrears owing £100+", "rents:arrears_list", RENTS, "min_balance=100"),
    Page("Arrears CSV", "rents:arrears_list", RENTS, "format=csv", export=True),
    Page("Arrears XLSX", "rents:arrears_list", RENTS, "format=xlsx", export=True),
    Page("Arrears stages", "rents:arrears_cases", RENTS),
    Page("Rent and HB imports", "rents:import_list", "rents.add_ledgerentry"),
    Page("Rent account (most entries)", "rents:account_detail", RENTS, record=ACCOUNT),
    Page("Account arrears (most entries)", "rents:arrears_account", RENTS, record=ACCOUNT),
    Page(
        "Statement PDF (most entries)",
        "rents:statement",
        (RENTS, "rents.view_ledgerentry"),
        record=ACCOUNT,
        export=True,
    ),
    # Tenancies
    Page("Schemes", "tenancies:scheme_list", "tenancies.view_scheme"),
    Page("Scheme (most units)", "tenancies:scheme_detail", "tenancies.view_scheme", record=SCHEME),
    Page("Residents", "tenancies:resident_list", "people.view_person"),
    Page("Incidents", "tenancies:incident_list", "tenancies.view_incident"),
    Page("Incidents, all", "tenancies:incident_list", "tenancies.view_incident", "show=all"),
    Page("Complaints", "tenancies:complaint_list", "tenancies.view_complaint"),
    Page("Meetings", "tenancies:meeting_list", "tenancies.view_housemeeting"),
    Page("Involvement", "tenancies:involvement_list", "tenancies.view_involvement"),
    Page("Housing figures", "tenancies:figures", None),
    # Repairs
    Page("Repairs", "repairs:repair_list", REPAIRS),
    Page("Repairs, all", "repairs:repair_list", REPAIRS, "status=all"),
    Page("Repairs with hazards", "repairs:repair_list", REPAIRS, "status=all&hazard=any"),
    # Past 5,000 rows an export is made by the worker (repairs.services.exports), so the open repairs here.
    Page("Repairs CSV", "repairs:repair_list", REPAIRS, "export=csv", export=True),
    Page("Repairs XLSX", "repairs:repair_list", REPAIRS, "export=xlsx", export=True),
    Page("Voids", "repairs:void_board", "repairs.view_void"),
    Page("Contractors", "repairs:contractor_list", "repairs.view_contractor"),
    Page("Repairs budgets", "repairs:budget_list", "repairs.view_repairsbudget"),
    Page(
        "Works order PDF",
        "repairs:works_order_pdf",
        "repairs.view_worksorder",
        record=Record("repairs.WorksOrder"),
        export=True,
    ),
    # Compliance
    Page("Compliance grid", "compliance:grid", GRID),
    Page("Compliance CSV", "compliance:grid", GRID, "export=csv", export=True),
    Page("Compliance XLSX", "compliance:grid", GRID, "export=xlsx", export=True),
    Page("Compliance checks", "compliance:check_list", GRID),
    Page("Compliance actions", "compliance:action_list", "compliance.view_action"),
    Page("Compliance quick entry", "compliance:quick_entry", "compliance.add_checkrecord"),
    # The report for every scheme is made by the worker (core.reports); a scheme's own is made at once.
    Page("Compliance report PDF", "compliance:report", GRID, "on={today}&scheme={record}", SCHEME, export=True),
    # Casework
    Page("Caseload", "casework:caseload", "casework.view_case"),
    Page("Cases, all", "casework:caseload", "casework.view_case", "status=all"),
    Page("Cases by name", "casework:caseload", "casework.view_case", "status=all&sort=name"),
    Page("Referrals in", "casework:referral_list", "casework.add_case"),
    Page("Lone working", "casework:lone_working", None),
    Page("Safeguarding", "casework:safeguarding_list", None),
    Page("Case (most contacts)", "casework:case_detail", "casework.view_case", record=CASE),
    Page("Case contacts (most)", "casework:contact_list", "casework.view_contactlog", record=CASE),
    Page("Move-on landlords", "moveon:landlord_list", "moveon.view_landlord"),
    Page("Housing register", "register:queue", "register.view_registerapplication"),
    Page("H-CLIC readiness", "hclic:readiness", "hclic.view_hclicitem"),
    Page("H-CLIC submissions", "hclic:submission_list", "hclic.view_hclicsubmission"),
    # Oversight
    Page("Access log", "core:access_log", "core.view_accesslog"),
]


@dataclass
class Timing:
    """One page for one role: its median time, or why there is none (`error`)."""

    page: str
    role: str
    url: str = ""
    status: int | None = None
    ms: float | None = None
    error: str = ""
    export: bool = False
    statuses: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "page": self.page,
            "role": self.role,
            "url": self.url,
            "status": self.status,
            "ms": self.ms,
            "error": self.error,
            "export": self.export,
        }


def may_open(page: Page, user) -> bool:
    """Whether the role holds the page's permission (None: the view decides, see the module's note)."""
    if page.perm is None:
        return True
    perms = (page.perm,) if isinstance(page.perm, str) else page.perm
    return user.has_perms(perms)


def pick(record: Record, user) -> int | None:
    """The pk of the record `user` sees with the most `record.most` (ties by lowest id), or None."""
    model = apps.get_model(record.model)
    queryset = model._default_manager.visible_to(user)
    if record.most:
        queryset = queryset.annotate(bench_count=Count(record.most)).order_by("-bench_count", "pk")
    else:
        queryset = queryset.order_by("pk")
    return queryset.values_list("pk", flat=True).first()


def _read(response) -> int:
    """The body's length, reading a streamed body to its end so its whole cost is timed."""
    if response.streaming:
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def _get(client: Client, url: str):
    response = client.get(url, secure=True)
    _read(response)
    return response


def _users(roles: Iterable[str] | None):
    User = apps.get_model("accounts.User")
    wanted = set(roles) if roles else None
    for email, role in sign_ins():
        if wanted is None or role in wanted or email in wanted:
            user = User.objects.filter(email=email).first()
            if user is not None:
                yield role, user


def time_pages(
    *,
    runs: int = 5,
    only: Iterable[str] | None = None,
    roles: Iterable[str] | None = None,
    pages: list[Page] | None = None,
    warm_up: bool = True,
    write: Callable[[str], None] | None = None,
) -> list[Timing]:
    """Time every page each demo role may open on the current database: a row per (page, role).

    `only` keeps pages by name (case-insensitive); `roles` keeps roles by name or demo email. Without
    `warm_up` the first timed request is the first request (the test's shortcut).
    """
    chosen = pages if pages is not None else PAGES
    if only:
        names = {name.lower() for name in only}
        chosen = [page for page in chosen if page.name.lower() in names]
    today = timezone.localdate().isoformat()
    rows: list[Timing] = []
    for role, user in _users(roles):
        client = Client()
        client.force_login(user)
        picked: dict[Record, int | None] = {}
        for page in chosen:
            if not may_open(page, user):
                continue
            row = Timing(page=page.name, role=role, export=page.export)
            kwargs = {}
            if page.record:
                if page.record not in picked:
                    picked[page.record] = pick(page.record, user)
                if picked[page.record] is None:
                    continue  # nothing of the kind this role sees
                if "{record}" not in page.query:
                    kwargs = {"pk": picked[page.record]}
            query = page.query.format(today=today, record=picked.get(page.record, ""))
            row.url = reverse(page.url_name, kwargs=kwargs) + (f"?{query}" if query else "")
            times = []
            started = time.perf_counter()
            first = _get(client, row.url)
            if first.status_code == 403 and page.perm is None:
                continue  # the view says this role may not open it
            row.statuses.append(first.status_code)
            if not warm_up:
                times.append((time.perf_counter() - started) * 1000)
            if first.status_code == 200:
                for _ in range(runs if warm_up else runs - 1):
                    started = time.perf_counter()
                    response = _get(client, row.url)
                    times.append((time.perf_counter() - started) * 1000)
                    row.statuses.append(response.status_code)
            bad = sorted({status for status in row.statuses if status != 200})
            row.status = bad[0] if bad else 200
            if bad:
                row.error = f"HTTP {', '.join(map(str, bad))}"
            else:
                row.ms = statistics.median(times)
            if write:
                write(f"  {role:30} {page.name:34} {row.error or f'{row.ms:8.1f} ms'}")
            rows.append(row)
    return rows


@dataclass
class Comparison:
    page: str
    role: str
    small: dict | None
    large: dict | None

    @staticmethod
    def _cell(row: dict | None) -> str:
        if row is None:
            return "-"
        if row["error"]:
            return row["error"]
        return f"{row['ms']:.0f}"

    @property
    def ratio(self) -> float | None:
        if self.small and self.large and self.small["ms"] and self.large["ms"] is not None:
            return self.large["ms"] / self.small["ms"]
        return None

    @property
    def flags(self) -> str:
        marks = []
        if self.ratio is not None and self.ratio > RATIO_LIMIT:
            marks.append(f">{RATIO_LIMIT:g}x")
        if self.large and self.large["ms"] is not None and self.large["ms"] > MS_LIMIT:
            marks.append(f">{MS_LIMIT:.0f} ms")
        if any(row and row["error"] for row in (self.small, self.large)):
            marks.append("ERROR")
        return " ".join(marks)

    def cells(self) -> list[str]:
        ratio = f"{self.ratio:.2f}" if self.ratio is not None else "-"
        return [self.page, self.role, self._cell(self.small), self._cell(self.large), ratio, self.flags]


HEADER = ["Page", "Role", "Small ms", "Large ms", "Ratio", "Flags"]


def compare(small: list[dict], large: list[dict]) -> list[Comparison]:
    """Pair the two runs' rows by (page, role), in the page list's order."""
    order = {page.name: n for n, page in enumerate(PAGES)}
    keyed_small = {(row["page"], row["role"]): row for row in small}
    keyed_large = {(row["page"], row["role"]): row for row in large}
    keys = list(dict.fromkeys([*keyed_small, *keyed_large]))
    keys.sort(key=lambda key: (order.get(key[0], len(order)), key[1]))
    return [Comparison(page, role, keyed_small.get((page, role)), keyed_large.get((page, role))) for page, role in keys]


def text_table(rows: list[Comparison]) -> str:
    cells = [HEADER, *[row.cells() for row in rows]]
    widths = [max(len(line[n]) for line in cells) for n in range(len(HEADER))]
    right = {2, 3, 4}
    lines = []
    for line in cells:
        lines.append(
            "  ".join(
                value.rjust(widths[n]) if n in right else value.ljust(widths[n]) for n, value in enumerate(line)
            ).rstrip()
        )
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def markdown_table(rows: list[Comparison]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join(["---", "---", "--:", "--:", "--:", "---"]) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row.cells()) + " |" for row in rows]
    return "\n".join(lines)
