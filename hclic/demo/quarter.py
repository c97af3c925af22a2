"""A full H-CLIC quarter in the demo: the last complete quarter before today, with cases at every stage
the return reports (prevention, relief, interim accommodation in TA, closed) and some that fail the checks,
so the readiness page and a refused export have something to show. Keyed by `previous_reference`
("HCLIC-DEMO-<quarter>-<n>"), so seeding twice adds nothing.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import Team, User
from casework.models import Assessment, Case, Duty, HclicCategory, HouseholdMember, Placement
from casework.services.common import save_by
from casework.services.placements import ta_account_open
from core.demo import demo_seeder
from people.services import person_create
from rents.services.ledger import charge_run

from ..forms.quarters import last_quarter

R = Duty.EndReason
FAMILY = "FAMILY_OR_FRIENDS_NO_LONGER_WILLING"

# (name, offset in days from the quarter's start, story, what fails)
CASES = [
    ("Amara Okafor", 3, "prevented", None),
    ("Ben Hollis", 8, "prevented", None),
    ("Chloe Marsh", 12, "relief_ta", None),
    ("Dariusz Nowak", 17, "relief", None),
    ("Ella Fitzgerald-Brown", 21, "prevention_open", None),
    ("Farid Rahimi", 26, "closed_relief", None),
    ("Grace Adeyemi", 30, "relief_ta", None),
    ("Hamza Iqbal", 35, "prevention_open", None),
    ("Isla McKenzie", 41, "prevention_open", "no_reason"),
    ("Jonah Pereira", 47, "prevention_open", "assessed_early"),
    ("Keira Walsh", 55, "interim_overlap", "interim_overlap"),
    ("Liam O'Connell", 62, "prevention_open", "partner_income"),
    ("Maya Singh", 70, "prevented", "settled_after_homeless"),
    ("Noah Bennett", 78, "advice_only", None),
]


def _cat(list_id, code):
    return HclicCategory.objects.filter(list_id=list_id, code=code).first()


@demo_seeder(order=90)
def seed_quarter(scale: int) -> str:
    team = Team.objects.filter(name="Housing options team").first()
    officer = User.objects.filter(email="prevention.officer@example.org").first()
    if team is None or officer is None:
        return "H-CLIC: no prevention team (seed staff first)"
    quarter = last_quarter()
    made = 0
    for n, (name, offset, story, fails) in enumerate(CASES * max(scale, 1), start=1):
        key = f"HCLIC-DEMO-{quarter}-{n}"
        if Case.objects.filter(previous_reference=key).exists():
            continue
        _seed(key, f"{name}" if n <= len(CASES) else f"{name} {n}", quarter.start + timedelta(days=offset),
              story, fails, team, officer)  # fmt: skip
        made += 1
    if made:
        charge_run(week=timezone.localdate())  # the TA accounts opened here, charged up to this week
    return f"H-CLIC: {made} cases in {quarter} ({quarter.label})"


def _seed(key, name, approached, story, fails, team, officer):
    first, _, last = name.partition(" ")
    person = person_create(
        by=officer,
        legal_name=name,
        date_of_birth=approached.replace(year=approached.year - 31, day=min(approached.day, 28)),
    )
    homeless = story in ("relief", "relief_ta", "closed_relief")
    case = save_by(
        Case(
            person=person,
            team=team,
            officer=officer,
            previous_reference=key,
            approached_on=approached,
            triaged_on=approached,
            homeless_tonight=homeless,
            threatened_within_56_days=not homeless,
            eligibility=Case.Eligibility.ELIGIBLE,
            triage_outcome=Case.TriageOutcome.ADVICE_ONLY if story == "advice_only" else Case.TriageOutcome.APPLICATION,
            reason_for_loss=None if fails == "no_reason" else _cat("reason_loss_settled_home", FAMILY),
            accommodation_at_approach=_cat("accommodation_at_application", "LIVING_WITH_FAMILY"),
            household_composition=_cat("household_composition", "SINGLE_ADULT_FEMALE"),
            reason_detail=f"{first} was asked to leave the family home.",
            partner_income_weekly=Decimal("185.00") if fails == "partner_income" else None,
        ),
        officer,
    )  # fmt: skip
    if story == "advice_only":
        case.status, case.closed_on, case.outcome = Case.Status.CLOSED, approached, Case.Outcome.ADVICE_ONLY
        save_by(case, officer)
        return
    save_by(
        Assessment(
            case=case,
            circumstances=f"{first} was asked to leave.",
            housing_needs="A one-bedroom home in the borough.",
            support_needs="Help with budgeting.",
            completed_on=approached + timedelta(days=-4 if fails == "assessed_early" else 2),
            completed_by=officer,
        ),
        officer,
    )  # fmt: skip
    end = approached + timedelta(days=20)
    if homeless:
        relief = save_by(Duty(case=case, kind=Duty.Kind.RELIEF, started_on=approached, started_by=officer), officer)
        if story == "relief_ta":
            interim = save_by(
                Duty(case=case, kind=Duty.Kind.INTERIM, started_on=approached, started_by=officer), officer
            )
            placement = Placement(case=case, duty=interim, kind=Placement.Kind.HOSTEL,
                                  address="Riverside Hostel, Anytown", started_on=approached,
                                  weekly_charge=Decimal("95.00"), created_by=officer)  # fmt: skip
            placement.rent_account = ta_account_open(
                case, where="Riverside Hostel", charging_from=approached, weekly_charge=placement.weekly_charge
            )
            save_by(placement, officer)
        if story == "closed_relief":
            relief.ended_on, relief.end_reason = end, R.ACCOMMODATION_SECURED
            relief.accommodation_secured_type = _cat("accommodation_secured", "PRIVATE_RENTED_SECTOR")
            relief.ended_by = officer
            save_by(relief, officer)
            case.status, case.closed_on, case.outcome = Case.Status.CLOSED, end, Case.Outcome.RELIEVED
            save_by(case, officer)
        return
    prevention = save_by(Duty(case=case, kind=Duty.Kind.PREVENTION, started_on=approached, started_by=officer), officer)
    if story == "prevented":
        prevention.ended_on, prevention.ended_by = end, officer
        if fails == "settled_after_homeless":
            prevention.end_reason = R.BECAME_HOMELESS
            prevention.accommodation_secured_type = _cat("accommodation_secured", "SOCIAL_RENTED_SECTOR")
            save_by(prevention, officer)
            save_by(Duty(case=case, kind=Duty.Kind.RELIEF, started_on=end, started_by=officer), officer)
            return
        prevention.end_reason, prevention.secured = R.ACCOMMODATION_SECURED, Duty.Secured.STAYED
        prevention.accommodation_secured_type = _cat("accommodation_secured", "STAYING_WITH_FAMILY")
        save_by(prevention, officer)
        case.status, case.closed_on, case.outcome = Case.Status.CLOSED, end, Case.Outcome.PREVENTED_STAYED
        save_by(case, officer)
    if story == "interim_overlap":
        save_by(Duty(case=case, kind=Duty.Kind.INTERIM, started_on=end, started_by=officer), officer)
    if story == "interim_overlap":
        save_by(
            HouseholdMember(case=case, name=f"Rio {last}", relationship=HouseholdMember.Relationship.CHILD), officer
        )
