"""Years of closed homelessness cases for `seed_demo --years`: about four approaches a month per demo
prevention team (per `--scale`), each triaged, with its prevention or relief duty ended for a reason the
Act allows (`services.duties.ALLOWED_END_REASONS`), the H-CLIC outcome it counts under, a few contacts
and the case closed. Made in bulk with their history rows (attributed to the officer, dated when each
happened), with references from the same yearly counters new cases use. Assessments, plans and
placements are left to the ordinary demo's cases, which show every stage in full.
Idempotent: each case is keyed by `previous_reference` ("DEMO-H<n>-<yyyymm>-<i>").
"""

from datetime import date, datetime, time, timedelta
from random import Random

from dateutil.relativedelta import relativedelta
from django.db.models import F

from accounts.models import Team, User
from core.clocks import LONDON
from core.demo import History, bulk_create_with_progress, demo_history
from core.models import ReferenceCounter
from core.references import highest_in_use, next_number
from people.models import Person

from ..models import Case, ContactLog, Duty, HclicCategory

K, R = Duty.Kind, Duty.EndReason
FIRST = ["Aisha", "Ben", "Chloe", "Dylan", "Erin", "Femi", "Gemma", "Harvey", "Imran", "Josie", "Kieran", "Lucy"]
LAST = ["Allen", "Begum", "Carter", "Doyle", "Edwards", "Francis", "Gill", "Hall", "Iqbal", "Jones", "Kelly", "Lewis"]
# How the case went: (threatened or homeless, [(duty, days it lasted, end reason, secured)], outcome, weight)
PATHS = [
    (
        "threatened",
        [(K.PREVENTION, 35, R.ACCOMMODATION_SECURED, Duty.Secured.STAYED)],
        Case.Outcome.PREVENTED_STAYED,
        25,
    ),
    ("threatened", [(K.PREVENTION, 48, R.ACCOMMODATION_SECURED, Duty.Secured.MOVED)], Case.Outcome.PREVENTED_MOVED, 25),
    (
        "threatened",
        [(K.PREVENTION, 30, R.BECAME_HOMELESS, ""), (K.RELIEF, 40, R.ACCOMMODATION_SECURED, Duty.Secured.MOVED)],
        Case.Outcome.RELIEVED,
        10,
    ),
    ("homeless", [(K.RELIEF, 45, R.ACCOMMODATION_SECURED, Duty.Secured.MOVED)], Case.Outcome.RELIEVED, 20),
    ("homeless", [(K.RELIEF, 21, R.CONTACT_LOST, "")], Case.Outcome.CONTACT_LOST, 8),
    ("threatened", [(K.PREVENTION, 14, R.WITHDREW, "")], Case.Outcome.WITHDREW, 7),
    ("advice", [], Case.Outcome.ADVICE_ONLY, 5),
]
REASONS = [
    ("FAMILY_OR_FRIENDS_NO_LONGER_WILLING", "LIVING_WITH_FAMILY"),
    ("END_OF_PRIVATE_RENTED_TENANCY_ASSURED", "PRIVATE_RENTED_SECTOR"),
    ("NON_VIOLENT_RELATIONSHIP_BREAKDOWN_WITH", "LIVING_WITH_FRIENDS"),
    ("DOMESTIC_ABUSE", "SOCIAL_RENTED_SECTOR"),
]
CONTACTS = [
    (ContactLog.Method.PHONE, "First call: explained how we can help and what happens next."),
    (ContactLog.Method.IN_PERSON, "Went through the housing plan together and agreed the next steps."),
    (ContactLog.Method.TEXT, "Reminder of tomorrow's appointment and the documents to bring."),
    (ContactLog.Method.EMAIL, "Sent the list of letting agents who accept our rent deposit scheme."),
    (ContactLog.Method.PHONE, "Checked in: still looking; two viewings booked this week."),
]
PER_MONTH = 4
CASES_UP_TO = timedelta(days=150)  # the ordinary demo's cases all approached within the last three months


def _months(since: date, until: date):
    first = since.replace(day=1)
    while first <= until:
        following = first + relativedelta(months=1)
        yield max(first, since), min(following - timedelta(days=1), until)
        first = following


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LONDON)


def _references(year: int, count: int) -> list[str]:
    """`count` case references for `year`, taken from its counter in one step (as `Case.save` does one)."""
    prefix, key = f"HO-{year}-", f"case:HO-{year}"
    first = next_number(
        key,
        start_after=lambda: highest_in_use(
            Case.objects.filter(reference__startswith=prefix).values_list("reference", flat=True), prefix
        ),
    )
    ReferenceCounter.objects.filter(key=key).update(last=F("last") + count - 1)
    return [f"{prefix}{number:05d}" for number in range(first, first + count)]


@demo_history(order=40)
def seed_past_cases(history: History) -> str:
    team = Team.objects.filter(name="Housing options team").first()
    officers = [User.objects.filter(email="prevention.officer@example.org").first()]
    officers += list(User.objects.filter(email__startswith="prevention.officer.").order_by("email"))
    if team is None or officers[0] is None:
        return "Past cases: no prevention team (seed staff first)"
    categories = {(c.list_id, c.code): c for c in HclicCategory.objects.all()}
    until = history.today - CASES_UP_TO
    keys = set(
        Case.objects.filter(previous_reference__startswith="DEMO-H").values_list("previous_reference", flat=True)
    )
    planned = []
    for n in range(1, history.scale + 1):
        rng = Random(f"hearth-history-cases-{n}")  # noqa: S311 - demo data
        officer = officers[(n - 1) % len(officers)]
        for first, last in _months(history.since, until):
            for i in range(PER_MONTH):
                key = f"DEMO-H{n}-{first:%Y%m}-{i}"
                path = rng.choices(PATHS, weights=[path[-1] for path in PATHS])[0]
                approached = first + timedelta(days=rng.randint(0, (last - first).days))
                if key not in keys:
                    planned.append((key, path, approached, officer, rng.choice(REASONS), rng))
    if not planned:
        return "Past cases: none to add (the years asked for are there already)"
    progress = history.progress("cases", "people, cases, duties and contacts", len(planned) * 6)
    people = []
    for _key, _path, approached, officer, _reason, rng in planned:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        person = Person(
            legal_name=name,
            search_name=name.lower(),
            date_of_birth=approached - relativedelta(years=rng.randint(18, 65), days=rng.randint(0, 364)),
            phone=f"07700 900{rng.randint(100, 999)}",
        )
        person.created_at = person._history_date = _at(approached, 9)
        person._history_user = officer
        people.append(person)
    people = bulk_create_with_progress(people, Person, progress)

    cases, duties, contacts = [], [], []
    for (key, path, approached, officer, (reason, accommodation), rng), person in zip(planned, people, strict=True):
        situation, steps, outcome, _weight = path
        day = approached
        case_duties = []
        for kind, days, end_reason, secured in steps:
            ended = day + timedelta(days=days + rng.randint(-7, 7))
            duty = Duty(
                kind=kind,
                started_on=day,
                ended_on=ended,
                end_reason=end_reason,
                secured=secured,
                started_by=officer,
                ended_by=officer,
            )
            if end_reason == R.ACCOMMODATION_SECURED:
                duty.accommodation_secured_type = categories.get(
                    ("accommodation_secured", "STAYING_WITH_FAMILY" if secured == "stayed" else "PRIVATE_RENTED_SECTOR")
                )
                duty.main_activity = categories.get(
                    (
                        "prevention_main_activity" if kind == K.PREVENTION else "relief_main_activity",
                        "HELPED_TO_SECURE_ACCOMMODATION_FOUND_BY",
                    )
                )
            duty._history_date, duty._history_user = _at(day, 11), officer
            case_duties.append(duty)
            day = ended
        closed = day + timedelta(days=1)
        case = Case(
            previous_reference=key,
            person=person,
            team=team,
            officer=officer,
            approached_on=approached,
            homeless_tonight=situation == "homeless",
            threatened_within_56_days=situation == "threatened",
            eligibility=Case.Eligibility.ELIGIBLE,
            triage_outcome=Case.TriageOutcome.APPLICATION if steps else Case.TriageOutcome.ADVICE_ONLY,
            triaged_on=approached,
            triaged_by=officer,
            accommodation_at_approach=categories.get(("accommodation_at_application", accommodation)),
            reason_for_loss=categories.get(("reason_loss_settled_home", reason)),
            reason_detail="Told us at the first appointment what had happened and where they were staying.",
            preferred_contact=Case.ContactMethod.PHONE,
            status=Case.Status.CLOSED,
            closed_on=closed,
            outcome=outcome,
        )
        case.created_at = case._history_date = _at(approached, 9)
        case._history_user = officer
        cases.append((case, case_duties))
        for index in range(rng.randint(2, 5) if steps else 1):
            method, summary = CONTACTS[index]
            when = approached + timedelta(days=min(index * 7, (closed - approached).days))
            contact = ContactLog(
                case=case, method=method, by=officer, happened_at=_at(when, 10 + index), summary=summary
            )
            contact._history_date, contact._history_user = contact.happened_at, officer
            contacts.append(contact)
    by_year: dict[int, list[Case]] = {}
    for case, _ in cases:
        by_year.setdefault(case.approached_on.year, []).append(case)
    for year, batch in sorted(by_year.items()):
        batch.sort(key=lambda case: case.approached_on)
        for case, reference in zip(batch, _references(year, len(batch)), strict=True):
            case.reference = reference
    bulk_create_with_progress([case for case, _ in cases], Case, progress)
    for case, case_duties in cases:
        for duty in case_duties:
            duty.case = case
            duties.append(duty)
    for contact in contacts:
        contact.case_id = contact.case.pk
    bulk_create_with_progress(duties, Duty, progress)
    bulk_create_with_progress(contacts, ContactLog, progress)
    progress.finish()
    return f"Past cases: {len(cases):,} closed, {len(duties):,} duties, {len(contacts):,} contacts"
