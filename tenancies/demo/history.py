"""Years of past residents for `seed_demo --years`: every let unit gets the residents who lived there
before the demo's own, back to `History.since`, each with a rent account that charged from the day
they moved in to the day they left (rent rising each April), a Housing Benefit claim for most, and
its whole ledger (`rents.demo.history`).

Made in bulk (`bulk_create_with_history`, so each record's history shows it created on the day the
resident moved in, by the housing worker) rather than through the sign-up services one by one:
thousands of agreements would take many minutes that way, and the services' checks (overlapping
dates, the checklist) hold by construction here. Idempotent: a unit gets past residents only for the
years before its earliest agreement that are not filled yet.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from random import Random

from dateutil.relativedelta import relativedelta
from django.db.models import Min

from accounts.models import User
from core.clocks import LONDON
from core.demo import History, bulk_create_with_progress, demo_history
from people.models import Person
from rents.demo.history import PastAccount, write_ledgers
from rents.models import ChargeLine, HousingBenefitClaim, RentAccount
from rents.services.charges import AccountTerms, Line, pennies, rent_year_mondays, rent_year_of, week_commencing

from ..models import Agreement, Ground, Incident, IncidentParty, LadderAction, LadderStep, Scheme, Unit
from .agreements import FIRST, LAST

MIN_STAY = timedelta(days=120)  # a gap shorter than this before a unit's first agreement stays empty
RATES = {  # this rent year's weekly charges, as the demo's agreements have them
    ChargeLine.Kind.CORE_RENT: Decimal("118.40"),
    ChargeLine.Kind.ELIGIBLE_SERVICE: Decimal("42.15"),
    ChargeLine.Kind.PERSONAL: Decimal("14.50"),
}
ANNUAL_RISE = Decimal("1.03")  # each April, within the social rent cap (CPI + 1%)
END_REASONS = [
    (Agreement.EndReason.PLANNED_MOVE_ON, 50),
    (Agreement.EndReason.TRANSFER, 5),
    (Agreement.EndReason.EVICTION, 8),
    (Agreement.EndReason.ABANDONMENT, 15),
    (Agreement.EndReason.HOSPITAL, 6),
    (Agreement.EndReason.CUSTODY, 8),
    (Agreement.EndReason.DEATH, 2),
    (Agreement.EndReason.OTHER, 6),
]
DESTINATIONS = ["Council flat", "Housing association flat", "Private rented flat", "Back to family", "Shared ownership"]
HB_SHARE = 0.7  # most residents of supported housing claim Housing Benefit for their rent


def _rate(kind: str, rent_year: int, this_year: int) -> Decimal:
    return pennies(RATES[kind] / ANNUAL_RISE ** (this_year - rent_year))


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=LONDON)


def stays(units, *, since: date, today: date):
    """(unit, start, end, rng) for each past resident: back from each unit's earliest agreement to
    `since`, stays of four months to two years with a void of one to six weeks between them."""
    for unit in units:
        rng = Random(f"hearth-history-unit-{unit.pk}")  # noqa: S311 - demo data
        cursor = min(unit.earliest, today - MIN_STAY)
        while cursor - since >= MIN_STAY:
            end = cursor - timedelta(days=rng.randint(8, 43))
            start = end - timedelta(days=rng.randint(120, 720))
            if start - since < MIN_STAY:
                start = since  # too short a gap would be left: this stay reaches back to `since`
            yield unit, start, end, rng
            cursor = start


@demo_history(order=10)
def seed_past_residents(history: History) -> str:
    today, since = history.today, history.since
    this_year = rent_year_of(week_commencing(today))
    worker = User.objects.filter(email="housing.worker@example.org").first()
    manager = User.objects.filter(email="manager@example.org").first()
    units = (
        Unit.objects.filter(agreements__isnull=False)
        .annotate(earliest=Min("agreements__start_date"))
        .select_related("property")
        .order_by("pk")
    )
    planned = list(stays(units, since=since, today=today))
    if not planned:
        return "Past residents: none to add (the years asked for are there already)"
    progress = history.progress("residents", "people, agreements, accounts, charge lines and claims")
    people = []
    for _unit, start, _end, rng in planned:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        person = Person(
            legal_name=name,
            search_name=name.lower(),
            date_of_birth=start - relativedelta(years=rng.randint(18, 60), days=rng.randint(0, 364)),
            phone=f"07700 900{rng.randint(100, 999)}",
        )
        person.created_at = person._history_date = _moment(start)
        people.append(person)
    people = bulk_create_with_progress(people, Person, progress, default_user=worker)

    agreements = []
    for (unit, start, end, rng), person in zip(planned, people, strict=True):
        reason = rng.choices([reason for reason, _ in END_REASONS], weights=[weight for _, weight in END_REASONS])[0]
        positive = reason in {Agreement.EndReason.PLANNED_MOVE_ON, Agreement.EndReason.TRANSFER}
        first_year = rent_year_of(week_commencing(start))
        agreement = Agreement(
            person=person,
            unit=unit,
            kind=Agreement.Kind.LICENCE,
            status=Agreement.Status.ENDED,
            start_date=start,
            end_date=end,
            end_reason=reason,
            positive_move_on=positive,
            move_on_destination=rng.choice(DESTINATIONS) if positive else "",
            weekly_rent=_rate(ChargeLine.Kind.CORE_RENT, first_year, this_year),
            weekly_service_charge=_rate(ChargeLine.Kind.ELIGIBLE_SERVICE, first_year, this_year),
            weekly_personal_charge=_rate(ChargeLine.Kind.PERSONAL, first_year, this_year),
            id_seen=True,
            agreement_signed=True,
            hb_claim_made=True,
            induction_done=True,
            keys_issued=True,
            checklist_completed_on=start,
            created_by=worker,
        )
        agreement.created_at = _moment(start)
        agreements.append(agreement)
    # Plain bulk_create first: the account references carry the agreement's number, and the history
    # rows are written once each agreement holds its account.
    agreements = Agreement.objects.bulk_create(agreements, batch_size=2000)
    progress.advance(len(agreements))

    accounts = []
    for agreement, person in zip(agreements, people, strict=True):
        account = RentAccount(
            reference=f"RA{agreement.pk:06d}",
            name=f"{person.legal_name}, {agreement.unit}",
            charging_from=agreement.start_date,
            charging_until=agreement.end_date,
            opened_at=_moment(agreement.start_date),
        )
        account._history_date = _moment(agreement.start_date)
        accounts.append(account)
    accounts = bulk_create_with_progress(accounts, RentAccount, progress, default_user=worker)
    for agreement, account in zip(agreements, accounts, strict=True):
        agreement.rent_account = account
        agreement._history_date = _moment(agreement.start_date)
    for start in range(0, len(agreements), 2000):
        chunk = agreements[start : start + 2000]
        Agreement.objects.bulk_update(chunk, ["rent_account"], batch_size=1000)
        Agreement.history.bulk_history_create(chunk, batch_size=2000, default_user=worker)
        progress.advance(len(chunk))

    lines, claims, past = [], [], []
    for (_unit, start, end, rng), account in zip(planned, accounts, strict=True):
        terms_lines = []
        changes = [start] + [
            monday
            for year in range(rent_year_of(week_commencing(start)) + 1, rent_year_of(week_commencing(end)) + 1)
            if (monday := rent_year_mondays(year)[0]) <= end
        ]
        for effective in changes:
            year = rent_year_of(week_commencing(effective))
            for kind in RATES:
                amount = _rate(kind, year, this_year)
                line = ChargeLine(account=account, kind=kind, weekly_amount=amount, effective_from=effective)
                line._history_date = _moment(effective)
                lines.append(line)
                terms_lines.append(Line(kind, amount, effective))
        hb_reference = ""
        if rng.random() < HB_SHARE:
            hb_reference = f"HB-H{account.pk:07d}"
            last_year = rent_year_of(week_commencing(end))
            claim = HousingBenefitClaim(
                account=account,
                claim_reference=hb_reference,
                status=HousingBenefitClaim.Status.CANCELLED,  # the claim ended when they moved out
                weekly_award=sum(_rate(kind, last_year, this_year) for kind in ChargeLine.HB_ELIGIBLE),
                covers=sorted(str(kind) for kind in ChargeLine.HB_ELIGIBLE),
                starts_on=start,
                ends_on=end,
            )
            claim._history_date = _moment(start)
            claims.append(claim)
        terms = AccountTerms(account_id=account.pk, charging_from=start, charging_until=end, lines=tuple(terms_lines))
        past.append(PastAccount(terms=terms, reference=account.reference, hb_reference=hb_reference))
    bulk_create_with_progress(lines, ChargeLine, progress, default_user=worker)
    bulk_create_with_progress(claims, HousingBenefitClaim, progress, default_user=worker)
    progress.finish()
    entries = write_ledgers(past, history=history, by=worker, approved_by=manager)
    return (
        f"Past residents: {len(agreements):,} agreements since {since:%-d %B %Y}, {len(claims):,} Housing "
        f"Benefit claims, {entries:,} ledger entries"
    )


# ---------------------------------------------------------------- Incidents

# kind, risk, description (unique to the history, so a second run finds them), grounds, what was said,
# support offered, how it ended
PAST_INCIDENTS = [
    (
        Incident.Kind.ASB,
        Incident.Risk.LOW,
        "Music and shouting late at night from one room; residents on the same floor could not sleep.",
        [Ground.RESIDENTS],
        "Talked it over the next morning. They had friends round and lost track of time; agreed quiet after 11pm.",
        "Help to plan evenings, and a reminder of the house agreement.",
        "No further noise reported; closed after the review.",
    ),
    (
        Incident.Kind.DISPUTE,
        Incident.Risk.MEDIUM,
        "Two residents argued on the stairs over a debt between them; a worker stepped in to calm things.",
        [Ground.RESIDENTS],
        "Met each resident separately and talked about what happened and how to stay safe.",
        "Mediation between the two residents and money advice for both.",
        "Both agreed to mediation; the debt was settled and there has been no repeat.",
    ),
    (
        Incident.Kind.DAMAGE,
        Incident.Risk.LOW,
        "A fire door closer was pulled off its frame in the communal corridor.",
        [Ground.DAMAGE],
        "Talked about fire safety and why the doors matter. They said they were angry after bad news.",
        "Support with the bad news and a check-in with their support worker.",
        "Closer refitted; the resident paid a contribution. No repeat.",
    ),
    (
        Incident.Kind.VISITORS,
        Incident.Risk.MEDIUM,
        "A visitor stayed overnight without being signed in and was found asleep in the lounge.",
        [Ground.VISITORS],
        "Went over the visitors policy together and why it keeps everyone safe.",
        "Help to arrange visits during the day and a referral for the visitor to the outreach team.",
        "Visitors signed in since; closed at the review.",
    ),
    (
        Incident.Kind.BREACH,
        Incident.Risk.LOW,
        "Smoking in the bedroom set off the smoke alarm in the early hours.",
        [Ground.TERMS],
        "Talked about the fire risk to everyone in the building and the smoking shelter outside.",
        "Stop-smoking service referral and nicotine patches from the hardship fund.",
        "Using the shelter; no further alarms.",
    ),
    (
        Incident.Kind.ASB,
        Incident.Risk.HIGH,
        "Threats made to another resident in the shared kitchen; the police were called and attended.",
        [Ground.RESIDENTS, Ground.STAFF],
        "Talked once things had calmed down. They were drinking heavily and regret what they said.",
        "Referral to the alcohol recovery service and a safety plan for the resident threatened.",
        "Engaging with the recovery service; both residents feel safe. Closed.",
    ),
]
PAST_DESCRIPTIONS = [description for _, _, description, *_ in PAST_INCIDENTS]
INCIDENTS_UP_TO = timedelta(days=200)  # the ordinary demo's incidents are all within the last five months


def _quarters(since: date, until: date):
    """(first, last) day of each calendar quarter that meets [since, until], clipped to it."""
    first = date(since.year, 3 * ((since.month - 1) // 3) + 1, 1)
    while first <= until:
        following = first + relativedelta(months=3)
        yield max(first, since), min(following - timedelta(days=1), until)
        first = following


def _living_in(agreements, day: date):
    return [(agreement_id, person_id) for start, end, agreement_id, person_id in agreements if start <= day <= end]


@demo_history(order=20)
def seed_past_incidents(history: History) -> str:
    """One incident a quarter in each scheme over the years, each met with a supportive conversation
    (no letters) and closed: bulk made, with their history rows (the services check only what holds here)."""
    today, until = history.today, history.today - INCIDENTS_UP_TO
    worker = User.objects.filter(email="housing.worker@example.org").first()
    support = User.objects.filter(email="support.worker@example.org").first()
    done = {
        (scheme_id, occurred_on.year, (occurred_on.month - 1) // 3)
        for scheme_id, occurred_on in Incident.objects.filter(description__in=PAST_DESCRIPTIONS).values_list(
            "scheme_id", "occurred_on"
        )
    }
    lived: dict[int, list] = {}
    for scheme_id, start, end, agreement_id, person_id in Agreement.objects.exclude(
        status=Agreement.Status.OFFERED
    ).values_list("unit__property__scheme_id", "start_date", "end_date", "pk", "person_id"):
        lived.setdefault(scheme_id, []).append((start, end or today, agreement_id, person_id))
    incidents, parties, actions = [], [], []
    for scheme in Scheme.objects.order_by("pk"):
        rng = Random(f"hearth-history-incidents-{scheme.pk}")  # noqa: S311 - demo data
        for first, last in _quarters(history.since, until):
            if (scheme.pk, first.year, (first.month - 1) // 3) in done:
                continue
            kind, risk, description, grounds, summary, offered, outcome = rng.choice(PAST_INCIDENTS)
            occurred = first + timedelta(days=rng.randint(0, (last - first).days))
            taken = min(occurred + timedelta(days=rng.randint(0, 3)), today)
            review = taken + timedelta(days=14)
            closed = min(review + timedelta(days=rng.randint(0, 45)), today)
            incident = Incident(
                scheme=scheme,
                occurred_on=occurred,
                kind=kind,
                description=description,
                risk=risk,
                review_on=review,
                closed_on=closed,
                outcome=outcome,
                recorded_by=worker,
            )
            incident.created_at = incident._history_date = _moment(occurred)
            residents = _living_in(lived.get(scheme.pk, []), occurred)
            if residents:
                agreement_id, person_id = rng.choice(residents)
                party = IncidentParty(incident=incident, person_id=person_id, role=IncidentParty.Role.ALLEGED)
                action = LadderAction(
                    incident=incident,
                    person_id=person_id,
                    agreement_id=agreement_id,
                    step=LadderStep.SUPPORTIVE,
                    taken_on=taken,
                    grounds=[str(ground) for ground in grounds],
                    summary=summary,
                    support_offered=offered,
                    support_plan_reviewed=True,
                    support_worker=support,
                    review_on=review,
                    recorded_by=worker,
                )
                action.created_at = action._history_date = _moment(taken)
                actions.append(action)
            else:
                party = IncidentParty(
                    incident=incident, name="Visitor (not signed in)", role=IncidentParty.Role.VISITOR
                )
            party._history_date = incident._history_date
            incidents.append(incident)
            parties.append(party)
    progress = history.progress("incidents", "incidents, parties and conversations", len(incidents) * 3)
    bulk_create_with_progress(incidents, Incident, progress, default_user=worker)
    for row in (*parties, *actions):
        row.incident_id = row.incident.pk  # the incidents have their keys now
    bulk_create_with_progress(parties, IncidentParty, progress, default_user=worker)
    bulk_create_with_progress(actions, LadderAction, progress, default_user=worker)
    progress.finish()
    return f"Past incidents: {len(incidents):,} closed, {len(actions):,} supportive conversations"
