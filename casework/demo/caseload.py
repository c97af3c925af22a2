"""Demo caseload for the prevention team: every stage, the common routes into homelessness, scaled by --scale.

Cases are keyed by `previous_reference` ("DEMO-<n>-<slug>"), so seeding twice adds nothing.
Casework records are made directly with past dates (the services refuse nothing here that a real
case would not have), with history attributed to the officer; people and their consents go through
`people.services`, like every other write to a person's record.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import Team, User
from core.clocks import LONDON
from core.demo import demo_seeder
from people.models import Consent
from people.services import consent_record, person_create
from rents.services import arrears
from rents.services.ledger import account_stop_charging, charge_run

from ..models import (
    Assessment,
    Case,
    ContactLog,
    Duty,
    HclicCategory,
    HomeVisit,
    HouseholdMember,
    MainDutyDecision,
    Mediation,
    MediationSession,
    PersonalisedHousingPlan,
    Placement,
    PlanStep,
    PlanStepTemplate,
    Referral,
    SafeguardingConcern,
    ServiceReferral,
)
from ..services.common import save_by
from ..services.placements import ta_account_open
from ..services.plans import plan_issue
from .referrals import seed_referral
from .scenarios import CASES, CHILDREN_FOR, HOSTS, HOUSING_NEEDS_FOR, RISKS_FOR, WORDS, WORDS_FOR

R = Duty.EndReason


def _category(list_id: str, code: str) -> HclicCategory | None:
    return HclicCategory.objects.filter(list_id=list_id, code=code).first()


def _at(day, hour: int, minute: int = 0):
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def _menu_plan(case, scenario, by, on, review_on, issued=False):
    plan = save_by(
        PersonalisedHousingPlan(
            case=case,
            version=1,
            scenario=scenario,
            summary="We agreed to work together to keep you in your home if we can, or help you move in a planned way.",
            review_on=review_on,
            created_by=by,
        ),
        by,
    )
    steps = PlanStepTemplate.objects.filter(scenario=scenario, active=True)
    PlanStep.objects.bulk_create(
        PlanStep(plan=plan, party=step.party, text=step.text, position=step.position) for step in steps
    )
    if issued:
        plan = plan_issue(plan=plan, by=by, on=on)  # an issued plan has the letter that was issued
    return plan


def _seed_case(n, spec, team, officer, leader, today):
    slug, name, days, source, scenario, reason, accommodation, stage = spec
    key = f"DEMO-{n}-{slug}"
    if Case.objects.filter(previous_reference=key).exists():
        return False
    approached = today - timedelta(days=days)
    person = person_create(
        by=officer,
        legal_name=name if n == 1 else f"{name} {n}",
        date_of_birth=approached.replace(year=approached.year - (24 + len(name) % 20), day=1),
        phone="07700 900" + f"{sum(map(ord, slug)) % 1000:03d}",
        communication_preferences="Prefers text messages; avoid calls before 10am."
        if scenario != "domestic_abuse"
        else "Only call the mobile number. Do not leave voicemails or send letters to the old address.",
    )
    consent = None
    if source != "self":
        consent = consent_record(
            person=person,
            purpose=Consent.Purpose.REFER_TO_COUNCIL,
            how="Verbally, to the referrer",
            by=officer,
        )
    host_name, host_relationship = HOSTS.get(scenario, ("", ""))
    homeless = stage.startswith("relief") or stage in ("main", "no-priority") or scenario == "leaving_prison"
    case = Case(
        previous_reference=key,
        person=person,
        team=team,
        officer=None if stage == "unassigned" else officer,
        approached_on=approached,
        source=source,
        referral_consent=consent,
        referring_body=_category("duty_to_refer_public_body", "PROBATION_SERVICE")
        if source == "duty_to_refer"
        else None,
        referrer_name={"duty_to_refer": "Anytown Probation Service", "agency": "Citizens Advice Anytown"}.get(
            source, ""
        ),
        homeless_tonight=None if stage == "triage" else homeless,
        threatened_within_56_days=None if stage == "triage" else not homeless,
        eligibility=Case.Eligibility.UNKNOWN if stage == "triage" else Case.Eligibility.ELIGIBLE,
        reason_to_believe_priority_need=scenario == "domestic_abuse",
        triage_outcome=Case.TriageOutcome.PENDING
        if stage in ("triage", "unassigned")
        else Case.TriageOutcome.APPLICATION,
        triaged_on=None if stage in ("triage", "unassigned") else approached,
        triaged_by=None if stage in ("triage", "unassigned") else officer,
        accommodation_at_approach=_category("accommodation_at_application", accommodation),
        reason_for_loss=_category("reason_loss_settled_home", reason),
        reason_detail=WORDS_FOR.get(slug, WORDS[scenario]),
        host_name=host_name,
        host_relationship=host_relationship,
        preferred_contact=Case.ContactMethod.TEXT,
        income_summary="Universal Credit (standard allowance and housing element); part-time work 16 hours a week.",
    )
    if scenario == "private_tenancy_end":
        case.notice_type = Case.Notice.SECTION_21
        case.notice_served_on = approached - timedelta(days=10)
        case.notice_expires_on = approached + timedelta(days=50 if stage == "prevention" else 35)
        case.notice_valid = True
    if scenario == "domestic_abuse":
        case.risk_summary = RISKS_FOR[slug]
    save_by(case, officer)
    needs = {
        "family_friends": ["YOUNG_PERSON_AGED_18_25_YEARS", "HISTORY_OF_MENTAL_HEALTH_PROBLEMS"],
        "domestic_abuse": ["AT_RISK_OF_HAS_EXPERIENCED_DOMESTIC"],
        "leaving_prison": ["OFFENDING_HISTORY", "DRUG_DEPENDENCY_NEEDS"],
        "private_tenancy_end": ["PHYSICAL_ILL_HEALTH_AND_DISABILITY"],
    }[scenario]
    case.support_needs.set(HclicCategory.objects.filter(list_id="support_needs", code__in=needs))
    if slug in CHILDREN_FOR:
        for child, years, months in CHILDREN_FOR[slug]:
            born = today - timedelta(days=round(years * 365.25 + months * 30.44))
            HouseholdMember.objects.create(case=case, name=child, relationship="child", date_of_birth=born)
    if stage in ("triage", "unassigned"):
        return True

    def duty(kind, started, ended=None, reason="", **extra):
        return save_by(
            Duty(
                case=case,
                kind=kind,
                started_on=started,
                ended_on=ended,
                end_reason=reason,
                started_by=officer,
                ended_by=officer if ended else None,
                **extra,
            ),
            officer,
        )

    save_by(
        Assessment(
            case=case,
            circumstances=WORDS_FOR.get(slug, WORDS[scenario]),
            housing_needs="A one-bedroom home within reach of work and family."
            if scenario != "domestic_abuse"
            else HOUSING_NEEDS_FOR[slug],
            support_needs="Help with budgeting and with the housing register; wellbeing support.",
            completed_on=approached + timedelta(days=1),
            completed_by=officer,
        ),
        officer,
    )
    _menu_plan(
        case,
        scenario,
        officer,
        approached + timedelta(days=2),
        today + timedelta(days=5 if days < 50 else -2),
        issued=stage != "prevention",
    )
    ContactLog.objects.create(
        case=case,
        method=ContactLog.Method.PHONE,
        by=officer,
        happened_at=_at(approached, 10),
        summary="First call: explained how we can help and what happens next. Agreed to text before calling.",
    )
    if stage in ("prevention", "prevention-notice"):
        duty(Duty.Kind.PREVENTION, approached)
    if stage == "prevented":
        mediation = save_by(
            Mediation(
                case=case,
                host_name="Karen Wilson",
                host_relationship="Mother",
                outcome=Mediation.Outcome.CAN_STAY,
                outcome_on=approached + timedelta(days=30),
                started_on=approached + timedelta(days=5),
                started_by=officer,
            ),
            officer,
        )
        MediationSession.objects.create(
            mediation=mediation,
            held_on=approached + timedelta(days=12),
            by=officer,
            attended="Ava, her mother, the officer",
            notes="Talked through the arguments about rent and chores.",
            agreed_actions="Mum agrees Ava can stay; Ava will pay £40 a week towards bills.",
        )
        duty(
            Duty.Kind.PREVENTION,
            approached,
            approached + timedelta(days=30),
            R.ACCOMMODATION_SECURED,
            secured=Duty.Secured.STAYED,
            mediation_outcome=mediation,
            accommodation_secured_type=_category("accommodation_secured", "STAYING_WITH_FAMILY"),
            main_activity=_category("prevention_main_activity", "NEGOTIATION_MEDIATION_WORK_TO_SECURE_RET"),
            end_note="Staying at home after mediation.",
        )
        case.status, case.closed_on, case.outcome = (
            Case.Status.CLOSED,
            approached + timedelta(days=31),
            Case.Outcome.PREVENTED_STAYED,
        )
        save_by(case, officer)
    if slug == "mediation":
        mediation = save_by(
            Mediation(
                case=case,
                host_name="Karen Wilson",
                host_relationship="Mother",
                started_on=approached + timedelta(days=3),
                started_by=officer,
            ),
            officer,
        )
        MediationSession.objects.create(
            mediation=mediation,
            held_on=approached + timedelta(days=9),
            by=officer,
            attended="Tyler, his mother, the officer",
            notes="Both want things to calm down. Mum is worried about noise late at night.",
            agreed_actions="Mum agrees Tyler can stay until the end of next month while we look.",
        )
        visit_day = approached + timedelta(days=6)
        HomeVisit.objects.create(
            case=case,
            officer=officer,
            address="22 Oak Street, Anytown AN2 4CD",
            planned_start=_at(visit_day, 14),
            expected_end=_at(visit_day, 15),
            checked_in_at=_at(visit_day, 14, 5),
            checked_out_at=_at(visit_day, 14, 55),
            present="Tyler and his mother",
            applicant_lives_there=True,
            space="Tyler sleeps on the sofa in the front room.",
            reason_at_risk='"We just cannot keep living on top of each other." (his mother)',
            notes="Calm visit.",
            follow_ups="Arrange mediation; check Universal Credit housing element.",
        )
        HomeVisit.objects.create(
            case=case,
            officer=officer,
            address="22 Oak Street, Anytown AN2 4CD",
            planned_start=_at(today + timedelta(days=1), 11),
            expected_end=_at(today + timedelta(days=1), 12),
        )
    if stage == "relief":
        duty(Duty.Kind.RELIEF, approached)
        ServiceReferral.objects.create(
            case=case,
            service=ServiceReferral.Service.DRUG_ALCOHOL,
            organisation="Anytown Recovery Service",
            referred_on=approached + timedelta(days=2),
            consent=consent,
            status=ServiceReferral.Status.ACCEPTED,
            by=officer,
        )
    if stage == "relief-interim":
        duty(Duty.Kind.RELIEF, approached)
        duty(Duty.Kind.INTERIM, approached)
        SafeguardingConcern.objects.create(
            case=case,
            about=SafeguardingConcern.About.CHILD,
            subject_name="Riley (aged 6)",
            category=SafeguardingConcern.Category.DOMESTIC,
            raised_on=approached,
            raised_by=officer,
            seen="Riley said he saw his dad hurt his mum and is scared he will find them.",
            referred_to=SafeguardingConcern.ReferredTo.CHILDRENS_SERVICES,
            referred_on=approached,
            agency_reference="CS-2026-0142",
        )
        share = consent_record(
            person=person,
            purpose=Consent.Purpose.SHARE_WITH_SUPPORT,
            how="In person, at the office",
            by=officer,
        )
        ServiceReferral.objects.create(
            case=case,
            service=ServiceReferral.Service.DOMESTIC_ABUSE,
            organisation="Anytown Women's Aid",
            referred_on=approached,
            consent=share,
            by=officer,
        )
    if stage == "no-priority":
        duty(Duty.Kind.RELIEF, approached, approached + timedelta(days=56), R.DAYS_ELAPSED)
        decided = approached + timedelta(days=57)
        MainDutyDecision.objects.create(
            case=case,
            outcome=MainDutyDecision.Outcome.NO_PRIORITY,
            decided_on=decided,
            letter_sent_on=today - timedelta(days=10),
            decided_by=officer,
            reasons="Homeless and eligible, but not vulnerable in the sense of the Act on the evidence we have.",
        )
    if stage == "main":
        duty(Duty.Kind.RELIEF, approached, approached + timedelta(days=56), R.DAYS_ELAPSED)
        duty(Duty.Kind.INTERIM, approached, approached + timedelta(days=58), R.MAIN_DUTY_DECIDED)
        priority = _category("priority_need", "HOUSEHOLD_INCLUDES_DEPENDENT_CHILDREN")
        MainDutyDecision.objects.create(
            case=case,
            outcome=MainDutyDecision.Outcome.ACCEPTED,
            decided_on=approached + timedelta(days=58),
            letter_sent_on=approached + timedelta(days=58),
            priority_need=priority,
            decided_by=officer,
            reasons="Homeless, eligible, in priority need (dependent children) and not intentionally homeless.",
        )
        duty(Duty.Kind.MAIN, approached + timedelta(days=58))
    if stage in ("bnb-family", "bnb-two"):
        relief_end = approached + timedelta(days=56)
        duty(Duty.Kind.RELIEF, approached, *((relief_end, R.DAYS_ELAPSED) if relief_end < today else ()))
        interim = duty(Duty.Kind.INTERIM, approached)
        hotels = [("Station Hotel, 1 Station Road, Anytown", "Station Hotel", approached, None)]
        if stage == "bnb-two":  # 25 nights, then a second hotel: the six weeks count across both
            hotels = [
                ("Station Hotel, 1 Station Road, Anytown", "Station Hotel", approached, approached + timedelta(24)),
                (
                    "Riverside Guest House, 4 Quay Street, Anytown",
                    "Riverside Guest House",
                    approached + timedelta(25),
                    None,
                ),
            ]
        for address, provider, started, ended in hotels:
            placement = save_by(
                Placement(
                    case=case,
                    duty=interim,
                    kind="bed_and_breakfast",
                    address=address,
                    provider=provider,
                    started_on=started,
                    ended_on=ended,
                    end_note="The hotel needed the room back; moved to another B&B." if ended else "",
                    weekly_charge=Decimal("196.00"),
                    created_by=officer,
                ),
                officer,
            )
            placement.rent_account = ta_account_open(
                case, where=provider, charging_from=started, weekly_charge=placement.weekly_charge
            )
            if ended:
                account_stop_charging(account=placement.rent_account, last_day=ended)
            save_by(placement, officer)
    if stage in ("relief-interim", "main"):
        interim = case.duties.filter(kind=Duty.Kind.INTERIM).first()
        kind = "bed_and_breakfast" if stage == "relief-interim" else "private_leased"
        placement = save_by(
            Placement(
                case=case,
                duty=case.duties.filter(kind=Duty.Kind.MAIN).first() or interim,
                kind=kind,
                address="Station Hotel, 1 Station Road, Anytown"
                if stage == "relief-interim"
                else "Flat 3, 9 Park Row, Anytown",
                provider="Station Hotel" if stage == "relief-interim" else "Anytown Lettings (leased to the council)",
                started_on=max(d.started_on for d in case.duties.filter(kind__in=[Duty.Kind.INTERIM, Duty.Kind.MAIN])),
                weekly_charge=Decimal("210.00") if stage == "relief-interim" else Decimal("165.00"),
                created_by=officer,
            ),
            officer,
        )
        placement.rent_account = ta_account_open(
            case, where=placement.provider, charging_from=placement.started_on, weekly_charge=placement.weekly_charge
        )
        save_by(placement, officer)
    return True


@demo_seeder(order=60)
def seed_caseload(scale: int) -> str:
    today = timezone.localdate()
    team = Team.objects.filter(name="Housing options team").first()
    leader = User.objects.filter(email="team.leader@example.org").first()
    officers = [User.objects.filter(email="prevention.officer@example.org").first()]
    officers += list(User.objects.filter(email__startswith="prevention.officer.").order_by("email"))
    if team is None or officers[0] is None:
        return "Caseload: no prevention team (seed staff first)"
    made = 0
    for n in range(1, scale + 1):
        officer = officers[(n - 1) % len(officers)]
        for spec in CASES:
            made += _seed_case(n, spec, team, officer, leader, today)
        seed_referral(n, today)
    charge_run(week=today)  # charges the new temporary accommodation accounts up to this week
    arrears.propose_stages(today=today)  # the TA accounts behind on their charges get their first proposals
    return f"Caseload: {made} cases created ({Case.objects.count()} in all), {Referral.objects.count()} referrals"
