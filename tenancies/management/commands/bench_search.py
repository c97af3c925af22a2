"""Benchmark person search (name, date of birth, NI number) at a real provider's size.

    DEBUG=true DATABASE_URL=postgres://... python manage.py bench_search --people 100000 [--keep] [--force]

It COPYs N throwaway people (UK names, dates of birth, NI numbers, `search_name` as `Person.save`
fills it), each with an agreement on one of a scheme's units (ten years of lettings, so a housing
manager's scope, "people with an agreement", holds them all), ANALYZEs, then times searches by
surname, partial first name, two words, date of birth and NI number through
`Person.objects.visible_to(manager).search(...)` as the resident list runs it (its count and first
page), and the resident list page itself through the test Client signed in as a housing manager.
It prints the median of several runs, the index each search's plan uses, and deletes what it made
(unless --keep). PostgreSQL only.

It lives in tenancies, not people, because the manager's scope is tenancies' (people sees no agreements).
"""

import random
import re
import secrets
import statistics
import time
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from people.models import Person

from ...models import Agreement, Property, Scheme, Unit

TARGET_MS = 100
RUNS = 7
PAGE_SIZE = 25  # the resident list's page
PEOPLE_PER_UNIT = 40  # lettings per unit over the history, one agreement each


def _names(text: str) -> list[str]:
    return text.split()


# Common surnames in England and Wales (ONS), most common first; weighted 1/sqrt(rank) so "smith" is the
# most frequent (about 4%, a little more than in the population), as in a real caseload.
SURNAMES = _names(
    "Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright "
    "Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner Martin Cooper Hill "
    "Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker Price "
    "Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox "
    "Richards Khan Marshall Anderson Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb Rogers "
    "Gray Mason Ali Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell "
    "Barker Fisher Stevens Jenkins Murray Dixon Harvey Graham Pearson Ahmed Fletcher Walsh Kaur Gibson Howard "
    "Andrews Stewart Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson "
    "Bradley Spencer Gill Dawson Ball Burton O'Brien Watts Rose Booth Perry Ryan Grant Wells Armstrong Francis "
    "Rees Hayes Hart Hudson Newman Barrett Webster Hunter Gregory Carr Lowe Page Marsh Riley Dunn Woods Parsons "
    "Berry Stone Reid Holland Hawkins Harding Porter Robertson Newton Oliver Reed Kennedy Williamson Bird Gardner "
    "Shah Dean Lane Cooke Bates Henderson Parry Burgess Bishop Walton Burns Nicholson Shepherd Ross Cross Long"
)
FIRST_NAMES = _names(
    "Oliver George Harry Jack Jacob Noah Charlie Muhammad Thomas Oscar William James Leo Alfie Henry Joshua "
    "Freddie Archie Ethan Isaac Alexander Joseph Edward Samuel Max Daniel Arthur Lucas Mohammed Logan Dylan "
    "Theo Adam Benjamin Harrison Sebastian Liam Ryan Michael David Christopher Matthew Andrew Mark Paul Steven "
    "Darren Lee Craig Jason Wayne Kevin Gary Dean Scott Jamie Connor Callum Kieran Tyler Reece Jordan Nathan "
    "Olivia Amelia Isla Ava Emily Isabella Mia Poppy Ella Lily Jessica Sophie Grace Evie Chloe Ruby Freya "
    "Charlotte Sophia Florence Sarah Emma Laura Rebecca Hannah Lauren Amy Jade Danielle Gemma Kirsty Stacey "
    "Leanne Nicola Michelle Claire Lisa Karen Julie Tracey Joanne Donna Kelly Natalie Samantha Christine "
    "Christina Chantelle Shannon Courtney Aisha Fatima Zainab Maryam Amina Priya Anita Precious Blessing Chidi "
    "Kwame Tomasz Piotr Agnieszka Marta Ionut Andreea Siobhan Niamh Ciaran Declan Aoife Rhys Owain Cerys Bethan"
)
NICKNAMES = {
    "Christopher": "Chris",
    "Christina": "Chrissy",
    "Christine": "Chris",
    "Samantha": "Sam",
    "Samuel": "Sam",
    "Alexander": "Alex",
    "Joseph": "Joe",
    "Michael": "Mike",
    "Nicola": "Nicky",
    "Rebecca": "Becky",
    "Matthew": "Matt",
    "Daniel": "Dan",
    "Joanne": "Jo",
    "Andrew": "Andy",
    "William": "Will",
    "Benjamin": "Ben",
    "Jessica": "Jess",
    "Natalie": "Nat",
}
# Valid NI prefixes: first letter not D F I Q U V, second not D F I O Q U V, and not BG GB NK KN TN NT ZZ.
NI_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
NI_SECOND = "ABCEGHJKLMNPRSTWXYZ"
NI_PREFIXES = [a + b for a in NI_FIRST for b in NI_SECOND if a + b not in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}]
PERSON_COLUMNS = "legal_name, preferred_name, pronouns, date_of_birth, ni_number, phone, email, communication_preferences, emergency_contact_name, emergency_contact_relationship, emergency_contact_phone, search_name, created_at"  # noqa: E501
AGREEMENT_COLUMNS = "person_id, unit_id, kind, status, start_date, end_date, end_reason, move_on_destination, weekly_rent, weekly_service_charge, weekly_personal_charge, weekly_support_charge, id_seen, agreement_signed, hb_claim_made, induction_done, keys_issued, created_at"  # noqa: E501
INDEX_IN_PLAN = re.compile(r"(?:Index Scan|Index Only Scan|Bitmap Index Scan) (?:Backward )?(?:using|on) (\w+)")


class Command(BaseCommand):
    help = "Time person search (name, date of birth, NI number) for N throwaway people on PostgreSQL."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=100_000, help="People to create (default 100000).")
        parser.add_argument("--runs", type=int, default=RUNS, help=f"Timed runs of each search (default {RUNS}).")
        parser.add_argument("--seed", type=int, default=2026, help="Seed for the generated people.")
        parser.add_argument("--keep", action="store_true", help="Leave the people, agreements and scheme in place.")
        parser.add_argument(
            "--force", action="store_true", help="Run even though people already exist (they are searched too)."
        )

    def handle(self, *args, people, runs, seed, keep, force, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                f"bench_search needs PostgreSQL (it times pg_trgm searches); this database is {connection.vendor}."
            )
        if people < PEOPLE_PER_UNIT or runs < 1:
            raise CommandError(f"--people must be at least {PEOPLE_PER_UNIT} and --runs at least 1.")
        existing = Person.objects.count()
        if existing and not force:
            raise CommandError(
                f"{existing} people already exist. This command creates and deletes {people} people; "
                "run it on a scratch database, or pass --force to run alongside them (they are searched too)."
            )
        self.tag = f"Bench {secrets.token_hex(3).upper()}"
        self.person_ids: list[int] = []
        self.scheme = self.user = None
        if settings.DEBUG:
            self.stdout.write("Note: DEBUG is on, so Django logs each query (a few per search; no material effect).")
        self.stdout.write(f"Person search benchmark: {people} people, median of {runs} runs per search.")
        try:
            self._run(people, runs, random.Random(seed))  # noqa: S311 - test data
        finally:
            self._clean_up(keep)

    # ------------------------------------------------------------------ build
    def _run(self, count, runs, rng):
        started = time.perf_counter()
        sample = self._build(count, rng)
        built = time.perf_counter() - started
        self.stdout.write(f"Built {count} people and their agreements in {built:.2f}s (COPY + VACUUM ANALYZE).")
        surname = sample["surname"]
        searches = [
            ("surname (most common)", surname.lower()),
            ("surname (rare)", sample["rare_surname"].lower()),
            ("partial first name", sample["first"][:4].lower()),
            ("two words", f"{sample['first']} {surname}"),
            ("date of birth", sample["date_of_birth"].strftime("%d/%m/%Y")),
            ("NI number", " ".join((sample["ni"][:2], sample["ni"][2:4], sample["ni"][4:6], sample["ni"][6:]))),
        ]
        base = Person.objects.visible_to(self.user)
        rows, worst = [], 0.0
        with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            client = Client()
            client.force_login(self.user)
            url = reverse("tenancies:resident_list")
            for label, text in [("list, no search", ""), *searches]:
                found, query_ms = self._time_query(base.search(text), runs)
                page_ms = self._time_page(client, url, text, runs)
                indexes = self._indexes(base.search(text))
                if text:  # the target is for searches; the unsearched list is shown for comparison
                    worst = max(worst, query_ms, page_ms)
                rows.append((label, text, found, query_ms, page_ms, indexes))
            client.logout()
        self._report(rows, worst)

    def _build(self, count, rng) -> dict:
        """COPY the people and one agreement each; return a person to search for."""
        weights = [rank**-0.5 for rank in range(1, len(SURNAMES) + 1)]
        now = timezone.now()
        today = timezone.localdate()
        people = []
        used_ni = set()
        for _ in range(count):
            first = rng.choice(FIRST_NAMES)
            middle = rng.choice(FIRST_NAMES) if rng.random() < 0.3 else ""
            surname = rng.choices(SURNAMES, weights)[0]
            legal = " ".join(part for part in (first, middle, surname) if part)
            preferred = f"{NICKNAMES[first]} {surname}" if first in NICKNAMES and rng.random() < 0.5 else ""
            born = date(1945, 1, 1) + timedelta(days=rng.randrange(365 * 62))  # aged about 18 to 80
            ni = ""
            if rng.random() < 0.8:  # some have none recorded
                while not ni or ni in used_ni:
                    ni = f"{rng.choice(NI_PREFIXES)}{rng.randrange(1_000_000):06d}{rng.choice('ABCD')}"
                used_ni.add(ni)
            people.append((legal, preferred, born, ni))
        with transaction.atomic():
            # bulk_create: no history rows or signals for throwaway records.
            (self.scheme,) = Scheme.objects.bulk_create(
                [Scheme(name=f"{self.tag} scheme", address="1 Benchmark Road", postcode="LS1 4AP")]
            )
            (prop,) = Property.objects.bulk_create(
                [Property(scheme=self.scheme, address="1 Benchmark Road", town="Leeds", postcode="LS1 4AP")]
            )
            units = Unit.objects.bulk_create(
                Unit(property=prop, label=f"Room {n + 1}") for n in range(-(-count // PEOPLE_PER_UNIT))
            )
            self.user = get_user_model().objects.create_user(
                email=f"{self.tag.lower().replace(' ', '-')}@example.invalid", password=None, full_name=self.tag
            )
            self.user.groups.add(Group.objects.get(name=roles.HOUSING_MANAGER))
            with connection.cursor() as cursor:
                with cursor.copy(f"COPY people_person ({PERSON_COLUMNS}) FROM STDIN") as copy:
                    for legal, preferred, born, ni in people:
                        # search_name as Person.save fills it.
                        search_name = f"{legal} {preferred}".lower().strip()
                        copy.write_row((legal, preferred, "", born, ni, "", "", "", "", "", "", search_name, now))
                cursor.execute("SELECT id FROM people_person WHERE created_at = %s ORDER BY id", [now])
                self.person_ids = [pk for (pk,) in cursor.fetchall()]
                # Each unit let PEOPLE_PER_UNIT times in turn, 10 weeks each, ending with its current resident.
                stint = timedelta(weeks=10)
                first_start = today - stint * PEOPLE_PER_UNIT
                with cursor.copy(f"COPY tenancies_agreement ({AGREEMENT_COLUMNS}) FROM STDIN") as copy:
                    for n, pk in enumerate(self.person_ids):
                        unit, turn = units[n // PEOPLE_PER_UNIT], n % PEOPLE_PER_UNIT
                        start = first_start + stint * turn
                        current = turn == PEOPLE_PER_UNIT - 1 or n == len(self.person_ids) - 1
                        copy.write_row(
                            (pk, unit.pk, Agreement.Kind.LICENCE.value,
                             (Agreement.Status.ACTIVE if current else Agreement.Status.ENDED).value,
                             start, None if current else start + stint - timedelta(days=1),
                             "" if current else Agreement.EndReason.PLANNED_MOVE_ON.value, "",
                             "110.00", "35.50", "12.00", "0.00", True, True, True, True, True, now)
                        )  # fmt: skip
        with connection.cursor() as cursor:
            # As autovacuum leaves a settled table: planner statistics, the visibility map (index-only
            # scans of the scope's agreements) and the trigram index's pending list merged. VACUUM
            # cannot run in a transaction (a test's), where statistics alone must do.
            vacuum = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            cursor.execute(f"{vacuum} people_person, tenancies_agreement, tenancies_unit")
        ranked = sorted(people, key=lambda row: row[0].rsplit(" ", 1)[-1] != SURNAMES[0])
        legal, _, born, _ = ranked[0]  # someone called Smith
        with_ni = next(row for row in people if row[3])
        return {
            "first": legal.split(" ", 1)[0],
            "surname": legal.rsplit(" ", 1)[-1],
            "rare_surname": SURNAMES[-1],
            "date_of_birth": born,
            "ni": with_ni[3],
        }

    # ------------------------------------------------------------------ time
    def _time_query(self, queryset, runs) -> tuple[int, float]:
        """What the resident list asks of the search: its count and its first page, in name order."""
        ordered = queryset.order_by("legal_name", "pk")
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            found = ordered.count()
            list(ordered[:PAGE_SIZE])
            times.append((time.perf_counter() - started) * 1000)
        return found, statistics.median(times)

    def _time_page(self, client, url, text, runs) -> float:
        data = {"q": text} if text else {}
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(url, data, secure=True)
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise CommandError(f"The resident list answered {response.status_code} for {text!r}.")
        return statistics.median(times)

    def _indexes(self, queryset) -> str:
        """The people indexes PostgreSQL's plans use for the first page and for the count."""
        plans = []
        for query in (queryset.order_by("legal_name", "pk")[:PAGE_SIZE], queryset.order_by()):
            sql, params = query.query.sql_with_params()
            if query.query.high_mark is None:
                sql = f"SELECT COUNT(*) FROM ({sql}) counted"  # noqa: S608 - Django's own SQL
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN {sql}", params)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            found = [name for name in dict.fromkeys(INDEX_IN_PLAN.findall(plan)) if name.startswith("people_pe")]
            plans.append(", ".join(found) or "seq scan")
        return " / ".join(plans)

    def _report(self, rows, worst):
        self.stdout.write("")
        heading = f"{'search':<24}{'text':<22}{'found':>8}{'query ms':>10}{'page ms':>9}"
        self.stdout.write(f"{heading}  people index: first page / count")
        for label, text, found, query_ms, page_ms, indexes in rows:
            self.stdout.write(f"{label:<24}{text[:21]:<22}{found:>8}{query_ms:>10.1f}{page_ms:>9.1f}  {indexes}")
        met = "met" if worst < TARGET_MS else "NOT met"
        self.stdout.write(f"Slowest search: {worst:.1f} ms (target every search under {TARGET_MS} ms: {met})")

    # ------------------------------------------------------------------ clean up
    def _clean_up(self, keep):
        if keep:
            if self.person_ids:
                self.stdout.write(
                    f"Kept {len(self.person_ids)} people, their agreements and the scheme {self.tag} scheme; "
                    f"signed-in manager {self.user.email}."
                )
            return
        started = time.perf_counter()
        # Raw SQL for the COPYed rows: ours alone (by id), none has history to keep.
        with transaction.atomic(), connection.cursor() as cursor:
            if self.scheme is not None:
                cursor.execute(
                    "DELETE FROM tenancies_agreement WHERE unit_id IN (SELECT u.id FROM tenancies_unit u "
                    "JOIN tenancies_property p ON p.id = u.property_id WHERE p.scheme_id = %s)",
                    [self.scheme.pk],
                )
                cursor.execute(
                    "DELETE FROM tenancies_unit WHERE property_id IN "
                    "(SELECT id FROM tenancies_property WHERE scheme_id = %s)",
                    [self.scheme.pk],
                )
                cursor.execute("DELETE FROM tenancies_property WHERE scheme_id = %s", [self.scheme.pk])
                cursor.execute("DELETE FROM tenancies_scheme WHERE id = %s", [self.scheme.pk])
            if self.person_ids:
                cursor.execute("DELETE FROM people_person WHERE id = ANY(%s)", [self.person_ids])
        if self.user is not None:
            self.user.delete()
        self.stdout.write(
            f"Cleaned up {len(self.person_ids)} people, their agreements, the scheme and the manager "
            f"in {time.perf_counter() - started:.2f}s."
        )
