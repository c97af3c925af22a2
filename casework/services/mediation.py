"""Mediation with the host (family or friends) who has asked the applicant to leave: sessions and outcome."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User

from ..models import Case, Duty, Mediation, MediationSession
from .common import locked_open_case, not_future, save_by


@transaction.atomic
def mediation_start(
    *,
    case: Case,
    host_name: str,
    host_relationship: str,
    by: User,
    other_parties: str = "",
    professional_referral: bool = False,
    professional_service: str = "",
    referred_on: date | None = None,
    started_on: date | None = None,
) -> Mediation:
    """Start mediation with the host. One mediation at a time is still going on a case."""
    case = locked_open_case(case)
    if case.mediations.filter(outcome=Mediation.Outcome.ONGOING).exists():
        raise ValidationError("A mediation is already going on this case. Record its outcome first.")
    started_on = started_on or timezone.localdate()
    not_future(started_on, "started_on", "start date")
    errors = {}
    if professional_referral:
        if not professional_service.strip():
            errors["professional_service"] = "Say which mediation service they were referred to."
        if referred_on is None:
            errors["referred_on"] = "Give the date of the referral."
        elif referred_on > timezone.localdate():
            errors["referred_on"] = "The referral date cannot be in the future."
    else:
        professional_service, referred_on = "", None
    if errors:
        raise ValidationError(errors)
    mediation = Mediation(
        case=case,
        host_name=host_name.strip(),
        host_relationship=host_relationship.strip(),
        other_parties=other_parties.strip(),
        professional_referral=professional_referral,
        professional_service=professional_service.strip(),
        referred_on=referred_on,
        started_on=started_on,
        started_by=by,
    )
    mediation.full_clean()
    return save_by(mediation, by)


@transaction.atomic
def mediation_session_add(
    *, mediation: Mediation, held_on: date, attended: str, notes: str, by: User, agreed_actions: str = ""
) -> MediationSession:
    locked_open_case(mediation.case)
    mediation = Mediation.objects.select_for_update().get(pk=mediation.pk)
    if mediation.outcome != Mediation.Outcome.ONGOING:
        raise ValidationError("This mediation has finished, so no more sessions can be added.")
    not_future(held_on, "held_on", "session date")
    if held_on < mediation.started_on:
        raise ValidationError({"held_on": "A session cannot be before the mediation started."})
    session = MediationSession(
        mediation=mediation,
        held_on=held_on,
        attended=attended.strip(),
        notes=notes.strip(),
        agreed_actions=agreed_actions.strip(),
        by=by,
    )
    session.full_clean()
    return save_by(session, by)


@transaction.atomic
def mediation_outcome(
    *, mediation: Mediation, outcome: str, by: User, stay_until: date | None = None, outcome_on: date | None = None
) -> Mediation:
    """Record how the mediation ended. "Can stay until" needs a date after today and after the last session."""
    locked_open_case(mediation.case)
    mediation = Mediation.objects.select_for_update().get(pk=mediation.pk)
    if mediation.outcome != Mediation.Outcome.ONGOING:
        raise ValidationError(f"The outcome is already recorded: {mediation.get_outcome_display()}.")
    if outcome == Mediation.Outcome.ONGOING or outcome not in Mediation.Outcome.values:
        raise ValidationError({"outcome": "Choose how the mediation ended."})
    outcome_on = outcome_on or timezone.localdate()
    not_future(outcome_on, "outcome_on", "outcome date")
    if outcome_on < mediation.started_on:
        raise ValidationError({"outcome_on": "The outcome cannot be before the mediation started."})
    if outcome == Mediation.Outcome.STAY_UNTIL:
        last_session = mediation.sessions.order_by("-held_on").values_list("held_on", flat=True).first()
        after = max(filter(None, [timezone.localdate(), last_session]))
        if stay_until is None:
            raise ValidationError({"stay_until": "Give the date the host agrees they can stay until."})
        if stay_until <= after:
            raise ValidationError({"stay_until": f"The date they can stay until must be after {after:%-d %B %Y}."})
    else:
        stay_until = None
    mediation.outcome = outcome
    mediation.stay_until = stay_until
    mediation.outcome_on = outcome_on
    return save_by(mediation, by, update_fields=["outcome", "stay_until", "outcome_on"])


def open_prevention_duty(case: Case) -> Duty | None:
    return case.duties.filter(kind=Duty.Kind.PREVENTION, ended_on__isnull=True).first()
