"""Opening a case from an approach or a referral, triage, assignment and closure."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts import roles
from accounts.models import Team, User
from core.services import notify
from people import services as people_services
from people.models import Consent, Person, normalise_ni_number, normalise_phone

from ..models import Case, Referral
from .common import locked_open_case, save_by

NEEDS_CONSENT = {Case.Source.DUTY_TO_REFER, Case.Source.AGENCY, Case.Source.OTHER_COUNCIL, Case.Source.HEARTH}


def _check_consent(person: Person, consent: Consent | None) -> None:
    if consent is None or not consent.given or consent.person_id != person.pk:
        raise ValidationError(
            {"referral_consent": "A referral needs the person's recorded consent to share their details with us."}
        )


@transaction.atomic
def approach_open(
    *,
    person: Person,
    team: Team,
    by: User,
    source: str = Case.Source.SELF,
    approached_on: date | None = None,
    officer: User | None = None,
    referral: Referral | None = None,
    referral_consent: Consent | None = None,
    previous_reference: str = "",
    **details,
) -> Case:
    """Open a case. One open case per person; a migrated or earlier reference is used only once."""
    Person.objects.select_for_update().filter(pk=person.pk).first()
    existing = Case.objects.open().filter(person=person).first()
    if existing:
        raise ValidationError(f"{person.name} already has an open case, {existing.reference}. Add to it instead.")
    previous_reference = previous_reference.strip()
    if previous_reference:
        clash = Case.objects.filter(previous_reference__iexact=previous_reference).first()
        if clash:
            raise ValidationError(
                {"previous_reference": f"The reference {previous_reference} is already on case {clash.reference}."}
            )
        earlier = Case.objects.filter(reference__iexact=previous_reference).first()
        if earlier and earlier.person_id != person.pk:
            raise ValidationError({"previous_reference": f"Case {earlier.reference} is about someone else."})
    if source in NEEDS_CONSENT:
        _check_consent(person, referral_consent)
    approached_on = approached_on or timezone.localdate()
    if approached_on > timezone.localdate():
        raise ValidationError({"approached_on": "The approach date cannot be in the future."})
    case = Case(
        person=person,
        team=team,
        officer=officer,
        source=source,
        approached_on=approached_on,
        referral=referral,
        referral_consent=referral_consent,
        previous_reference=previous_reference,
        **details,
    )
    case.full_clean(exclude=["reference", "support_needs", "named_workers"])
    return save_by(case, by)


@transaction.atomic
def approach_record(
    *,
    person_fields: dict,
    team: Team,
    by: User,
    consent_how: str = "",
    existing: Person | None = None,
    not_duplicate_reason: str = "",
    **case_fields,
) -> Case:
    """An approach: the person's record, their consent to a referral (if someone referred them) and the case, all
    or nothing. Someone Hearth already knows is `existing` (no second record; the details typed that differ update
    theirs); a new record that looks like someone known needs the worker's reason it is someone else, kept as a
    DuplicateCheck."""
    if existing is not None:
        person = existing
    else:
        looked_like = list(Person.objects.likely_matches(**person_fields))
        if looked_like and not not_duplicate_reason.strip():
            raise ValidationError(
                {"not_duplicate_reason": "Someone with these details is already known. Say how it is someone else."}
            )
        person = people_services.person_create(by=by, **person_fields)
        if looked_like:
            people_services.duplicate_check_record(
                person=person, looked_like=looked_like, reason=not_duplicate_reason, by=by
            )
    consent = None
    if case_fields.get("source", Case.Source.SELF) != Case.Source.SELF:
        consent = people_services.consent_record(
            person=person, purpose=Consent.Purpose.REFER_TO_COUNCIL, how=consent_how, by=by
        )
    case = approach_open(person=person, team=team, by=by, referral_consent=consent, **case_fields)
    if existing is not None:
        _apply_typed_details(person=person, person_fields=person_fields, case=case, by=by)
    return case


def details_updated_reason(case: Case) -> str:
    return f"Updated when recording approach {case.reference}"


# What the officer matched the record on: when they choose a record whose name, date of birth or NI number differs
# from what they typed, the record is the one they vouched for, so these only fill a blank (the person's page is
# where a wrong one is corrected, and the success message says so).
IDENTITY_FIELDS = ("legal_name", "date_of_birth", "ni_number")


def _apply_typed_details(*, person: Person, person_fields: dict, case: Case, by: User) -> None:
    """What the officer typed about someone already known is what they told us today: each contact detail given
    that differs from their record replaces it, and an identity detail fills a blank (audited, naming the
    approach). A detail left blank changes nothing."""
    person.refresh_from_db()
    changed = {
        field: value
        for field, value in person_fields.items()
        if value not in (None, "")
        and not _same_detail(field, getattr(person, field), value)
        and (field not in IDENTITY_FIELDS or getattr(person, field) in (None, ""))
    }
    if changed:
        people_services.person_update(person=person, data=changed, by=by, reason=details_updated_reason(case))


# How a detail is written is not a change to it: "07700 900123" is the number on record as "07700900123".
_SAME_WHEN_NORMALISED = {
    "phone": normalise_phone,
    "emergency_contact_phone": normalise_phone,
    "ni_number": normalise_ni_number,
    "email": lambda value: (value or "").strip().lower(),
}


def _same_detail(field: str, recorded, typed) -> bool:
    normalise = _SAME_WHEN_NORMALISED.get(field)
    if normalise is None:
        return recorded == typed
    return normalise(recorded) == normalise(typed)


@transaction.atomic
def referral_accept(*, referral: Referral, team: Team, by: User, officer: User | None = None) -> Case:
    """Open a case from a Hearth referral without re-keying it, and tell the worker who raised it."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.status != Referral.Status.RECEIVED:
        raise ValidationError("This referral has already been dealt with.")
    case = approach_open(
        person=referral.person,
        team=team,
        by=by,
        officer=officer,
        source=Case.Source.HEARTH,
        referral=referral,
        referral_consent=referral.consent,
        referrer_name=str(referral.referred_by),
        reason_detail=referral.reason,
        notice_expires_on=referral.expected_loss_on,
    )
    referral.status = Referral.Status.ACCEPTED
    referral.status_note = f"Case {case.reference} opened."
    save_by(referral, by)
    notify(
        recipient=referral.referred_by,
        about=referral,
        key=f"referral-accepted:{referral.pk}",
        subject=f"Your referral of {referral.person.name} was accepted",
        body=f"The prevention team opened case {case.reference}. You can follow its status from the referral page.",
        url=referral.get_absolute_url(),
    )
    return case


TRIAGE_FIELDS = (
    "homeless_tonight",
    "threatened_within_56_days",
    "notice_type",
    "notice_served_on",
    "notice_expires_on",
    "notice_valid",
    "eligibility",
    "reason_to_believe_priority_need",
    "risk_summary",
    "accommodation_at_approach",
    "reason_for_loss",
    "reason_detail",
    "host_name",
    "host_relationship",
    "host_phone",
)


@transaction.atomic
def case_triage(*, case: Case, by: User, outcome: str, triaged_on: date | None = None, **answers) -> Case:
    """Record the triage answers and outcome. Advice only or withdrawn closes the case."""
    case = locked_open_case(case)
    unknown = set(answers) - set(TRIAGE_FIELDS)
    if unknown:
        raise TypeError(f"Not triage answers: {sorted(unknown)}")
    for name, value in answers.items():
        setattr(case, name, value)
    if case.notice_type == Case.Notice.NONE:
        case.notice_served_on = case.notice_expires_on = case.notice_valid = None
    elif case.notice_expires_on and case.notice_valid and case.notice_running_on(triaged_on or timezone.localdate()):
        case.threatened_within_56_days = True  # a valid notice expiring within 56 days is a threat (s175(5))
    if outcome == Case.TriageOutcome.APPLICATION and case.homeless_tonight is None:
        raise ValidationError({"homeless_tonight": "Say whether they have somewhere safe to stay tonight."})
    case.triage_outcome = outcome
    case.triaged_on = triaged_on or timezone.localdate()
    case.triaged_by = by
    case.full_clean(exclude=["reference", "support_needs", "named_workers"])
    if outcome in (Case.TriageOutcome.ADVICE_ONLY, Case.TriageOutcome.WITHDRAWN):
        case.status = Case.Status.CLOSED
        case.closed_on = case.triaged_on
        case.outcome = Case.Outcome.ADVICE_ONLY if outcome == Case.TriageOutcome.ADVICE_ONLY else Case.Outcome.WITHDREW
    return save_by(case, by)


@transaction.atomic
def case_assign(*, case: Case, officer: User | None, by: User) -> Case:
    """Give a case to an officer in its team (team leaders), or pick up an unassigned one (the officer)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    leads = by.is_superuser or by.has_perm("casework.reassign_case")
    picking_up = officer == by and case.officer_id is None
    if not (leads or picking_up):
        raise ValidationError("Only a team leader can reassign a case.")
    if officer is not None:
        if not officer.is_active or not officer.has_role(roles.PREVENTION_OFFICER, roles.TEAM_LEADER):
            raise ValidationError({"officer": "Choose a prevention officer."})
        if officer.team_id != case.team_id:
            raise ValidationError({"officer": f"{officer} is not in {case.team}."})
    previous = case.officer
    case.officer = officer
    save_by(case, by)
    if officer is not None and officer != by:
        notify(
            recipient=officer,
            about=case,
            key=f"case-assigned:{case.pk}:{officer.pk}:{timezone.now():%Y%m%d%H%M%S%f}",
            subject=f"Case {case.reference} is now yours",
            body=f"{by} gave you the case of {case.person.name}" + (f" (from {previous})." if previous else "."),
            url=case.get_absolute_url(),
        )
    return case


@transaction.atomic
def case_close(*, case: Case, outcome: str, by: User, closed_on: date | None = None, note: str = "") -> Case:
    """Close a case with its outcome. Every duty must have ended first, so no clock is left running unseen."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.is_open:
        raise ValidationError("This case is already closed.")
    open_duties = list(case.duties.filter(ended_on__isnull=True))
    if open_duties:
        names = ", ".join(d.get_kind_display() for d in open_duties)
        raise ValidationError(f"End the open duties first: {names}.")
    closed_on = closed_on or timezone.localdate()
    if closed_on < case.approached_on:
        raise ValidationError({"closed_on": "A case cannot close before the person approached us."})
    if closed_on > timezone.localdate():
        raise ValidationError({"closed_on": "The closing date cannot be in the future."})
    if outcome not in Case.Outcome.values:
        raise ValidationError({"outcome": "Choose an outcome."})
    case.status, case.outcome, case.closed_on, case.outcome_note = Case.Status.CLOSED, outcome, closed_on, note
    if case.referral_id:
        referral = case.referral
        referral.status = Referral.Status.CLOSED
        referral.status_note = f"Case {case.reference} closed: {case.get_outcome_display()}."
        save_by(referral, by)
    return save_by(case, by)


@transaction.atomic
def case_details_update(*, case: Case, by: User, support_needs, named_workers, **fields) -> Case:
    """Household type, support needs, income and who else may read the case (history keeps each change)."""
    case = locked_open_case(case)
    for name, value in fields.items():
        setattr(case, name, value)
    save_by(case, by)
    case.support_needs.set(support_needs)
    case.named_workers.set(named_workers)
    return case
