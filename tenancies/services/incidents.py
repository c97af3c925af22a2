"""Tenancy management incidents and the trauma-informed warning ladder.

An incident (anti-social behaviour, a dispute, damage, visitors, rent, a breach of the licence
or tenancy) is recorded with the people involved. What we then do about a resident's behaviour
climbs a ladder, in the order that supported-housing charities' sustainable-tenancy policies use:

1. informal conversation and supportive intervention (with the support worker; support plan
   reviewed; reasonable adjustments offered, Equality Act 2010 s20);
2. first written warning, which stops counting after 3 months by default;
3. final written warning with an acceptable behaviour agreement, 6 months by default;
4. notice: a notice to quit for a licence (Protection from Eviction Act 1977 s5(1A): in
   writing, with the prescribed information, at least 4 weeks); the statutory notice (Form 3,
   Housing Act 1988 s8 as amended by the Renters' Rights Act 2025) for an assured tenancy;
5. possession.

The ladder belongs to a resident's agreement, across all their incidents in that scheme. Its
current step is the highest step that is still live on a given day: warnings expire on their
own and expired warnings no longer count; supportive interventions never expire; a notice and
possession action count for as long as the agreement lasts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import dateformat, timezone

from people.models import Person

from ..letters.ladder import ladder_letter_filename, ladder_letter_pdf
from ..models import Agreement, Ground, Incident, IncidentParty, LadderAction, LadderStep, Letter, Scheme
from ..rules import FINAL_WARNING_LIVES, FIRST_WARNING_LIVES, LICENCE_NOTICE_MINIMUM

# Agreements a ladder can run on: the resident lives there now.
LIVE_AGREEMENT_STATUSES = (Agreement.Status.ACTIVE, Agreement.Status.NOTICE_SERVED)


NON_ENGAGEMENT_ALONE = "Not engaging with support cannot on its own be a reason for a warning."
ASK_A_MANAGER = (
    "Skipping a step on the ladder needs a housing manager's approval. "
    "Ask a manager to record this step, with the reason."
)


@dataclass(frozen=True)
class PartyInput:
    """Someone involved in an incident: a resident (`person`) or anyone else by `name`."""

    role: str
    person: Person | None = None
    name: str = ""


def _format(day: date) -> str:
    return dateformat.format(day, "j F Y")


def _errors(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _add(errors: dict[str, list[str]], key: str, message: str) -> None:
    errors.setdefault(key, []).append(message)


# ------------------------------------------------------------------------------- reads


def current_agreements(*, scheme: Scheme, on: date | None = None) -> models.QuerySet[Agreement]:
    """Agreements of people who live in `scheme` on `on` (active, or under notice)."""
    on = on or timezone.localdate()
    return (
        Agreement.objects.current(on)
        .filter(unit__property__scheme=scheme, status__in=LIVE_AGREEMENT_STATUSES)
        .select_related("person", "unit__property")
    )


def residents_of(*, scheme: Scheme, on: date | None = None) -> models.QuerySet[Person]:
    """People with a current agreement in `scheme`: the residents an incident can name."""
    agreements = current_agreements(scheme=scheme, on=on)
    return Person.objects.filter(pk__in=agreements.values("person_id")).order_by("legal_name", "pk")


def current_agreement(*, person: Person, scheme: Scheme, on: date | None = None) -> Agreement | None:
    return current_agreements(scheme=scheme, on=on).filter(person=person).order_by("-start_date", "-pk").first()


def grounds_labels(codes: list[str]) -> list[str]:
    return [Ground(code).label for code in codes if code in Ground.values]


@dataclass
class ResidentLadder:
    """Where one resident stands on the ladder for one agreement, on one day."""

    agreement: Agreement
    on: date
    actions: list[LadderAction] = field(default_factory=list)  # oldest first, every incident

    @property
    def person(self) -> Person:
        return self.agreement.person

    def counts(self, action: LadderAction) -> bool:
        return action.taken_on <= self.on and action.is_live(self.on)

    @property
    def live_actions(self) -> list[LadderAction]:
        return [action for action in self.actions if self.counts(action)]

    @property
    def current_step(self) -> int:
        """The highest live step (0 when nothing counts)."""
        return max((action.step for action in self.live_actions), default=0)

    @property
    def current_step_label(self) -> str:
        return LadderStep(self.current_step).label if self.current_step else "Nothing on the ladder"

    @property
    def next_step(self) -> int:
        return min(self.current_step + 1, LadderStep.POSSESSION)

    def is_skip(self, step: int) -> bool:
        """A supportive intervention is always allowed; anything else may go one step above the current step.

        Going back down (another first warning while a final one is live) is a lighter
        response and is allowed.
        """
        return step != LadderStep.SUPPORTIVE and step > self.current_step + 1

    def history(self) -> list[tuple[LadderAction, bool]]:
        """Newest first, each with whether it still counts."""
        return [(action, self.counts(action)) for action in reversed(self.actions)]


def ladder_for(*, agreement: Agreement, on: date | None = None) -> ResidentLadder:
    actions = list(
        agreement.ladder_actions.select_related("incident", "letter", "recorded_by").order_by("taken_on", "pk")
    )
    return ResidentLadder(agreement=agreement, on=on or timezone.localdate(), actions=actions)


def ladders_for_incident(*, incident: Incident, on: date | None = None) -> list[ResidentLadder]:
    """The ladder of each resident the incident is about, in two queries whatever their number."""
    on = on or timezone.localdate()
    about = IncidentParty.objects.filter(incident=incident, role=IncidentParty.Role.ALLEGED, person__isnull=False)
    agreements = list(
        current_agreements(scheme=incident.scheme, on=on)
        .filter(person__in=about.values("person_id"))
        .select_related("unit__property", "person")
        .order_by("person__legal_name", "-start_date")
    )
    by_agreement: dict[int, list[LadderAction]] = defaultdict(list)
    actions = (
        LadderAction.objects.filter(agreement__in=agreements)
        .select_related("incident", "letter", "approved_by")
        .order_by("taken_on", "pk")
    )
    for action in actions:
        by_agreement[action.agreement_id].append(action)
    return [ResidentLadder(agreement=a, on=on, actions=by_agreement[a.pk]) for a in agreements]


# ------------------------------------------------------------------------------- incidents


@transaction.atomic
def incident_record(
    *,
    scheme: Scheme,
    occurred_on: date,
    kind: str,
    hate_incident: bool,
    description: str,
    risk: str,
    parties: list[PartyInput],
    review_on: date | None,
    by,
) -> Incident:
    """Record an incident and who was involved.

    Residents named must live in the scheme now (a current agreement there); anyone else
    (neighbours, staff, visitors) is named in words. Kind "rent" is kept as it is so that the
    rents module can link it to the resident's arrears.
    """
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if occurred_on > today:
        _add(errors, "occurred_on", "The date it happened cannot be in the future.")
    if review_on is not None and review_on < occurred_on:
        _add(errors, "review_on", "The review date must be on or after the date it happened.")
    if not (description or "").strip():
        _add(errors, "description", "Describe what happened.")
    if not parties:
        _add(errors, NON_FIELD_ERRORS, "Add at least one person involved: a resident, neighbour, staff or visitor.")
    residents = set(residents_of(scheme=scheme).values_list("pk", flat=True))
    seen: set[int] = set()
    for party in parties:
        if party.person is None and not party.name.strip():
            _add(errors, NON_FIELD_ERRORS, "Every person involved needs a name.")
        if party.person is not None:
            if party.person.pk not in residents:
                _add(errors, NON_FIELD_ERRORS, f"{party.person} does not live at {scheme} now.")
            if party.person.pk in seen:
                _add(errors, NON_FIELD_ERRORS, f"{party.person} is listed twice. Choose one role for them.")
            seen.add(party.person.pk)
    _errors(errors)

    incident = Incident(
        scheme=scheme,
        occurred_on=occurred_on,
        kind=kind,
        hate_incident=hate_incident,
        description=description.strip(),
        risk=risk,
        review_on=review_on,
        recorded_by=by,
    )
    incident._history_user = by
    incident.full_clean()
    incident.save()
    for party in parties:
        row = IncidentParty(incident=incident, person=party.person, name=party.name.strip(), role=party.role)
        row._history_user = by
        row.save()
    return incident


@transaction.atomic
def incident_close(*, incident: Incident, closed_on: date, outcome: str, by) -> Incident:
    """Close an incident with its outcome; its review reminders stop. Ladder actions stay on record."""
    errors: dict[str, list[str]] = {}
    if incident.closed_on is not None:
        _add(errors, NON_FIELD_ERRORS, "This incident is already closed.")
    if closed_on > timezone.localdate():
        _add(errors, "closed_on", "The closing date cannot be in the future.")
    elif closed_on < incident.occurred_on:
        _add(errors, "closed_on", "The closing date cannot be before the incident happened.")
    if not (outcome or "").strip():
        _add(errors, "outcome", "Say how the incident was resolved.")
    _errors(errors)
    incident.closed_on = closed_on
    incident.outcome = outcome.strip()
    incident._history_user = by
    incident.save(update_fields=["closed_on", "outcome"])
    return incident


@transaction.atomic
def incident_set_review(*, incident: Incident, review_on: date, by) -> Incident:
    """Set the next review date; the reminder and My work follow it."""
    errors: dict[str, list[str]] = {}
    if incident.closed_on is not None:
        _add(errors, NON_FIELD_ERRORS, "This incident is closed, so it has no reviews.")
    if review_on < timezone.localdate():
        _add(errors, "review_on", "The next review date cannot be in the past.")
    _errors(errors)
    incident.review_on = review_on
    incident._history_user = by
    incident.save(update_fields=["review_on"])
    return incident


# ------------------------------------------------------------------------------- the ladder


def default_expiry(step: int, taken_on: date) -> date | None:
    """A first warning counts for 3 months and a final warning for 6, unless the worker says otherwise."""
    if step == LadderStep.FIRST_WARNING:
        return FIRST_WARNING_LIVES.due(taken_on)
    if step == LadderStep.FINAL_WARNING:
        return FINAL_WARNING_LIVES.due(taken_on)
    return None


def grounds_problem(step: int, grounds: list[str]) -> str | None:
    """What is wrong with the concerns given for a step, if anything (the form shows it beside other blanks)."""
    if not grounds or set(grounds) - set(Ground.values):
        return "Choose at least one concern from the list."
    if step > LadderStep.SUPPORTIVE and set(grounds) == {Ground.NON_ENGAGEMENT}:
        return NON_ENGAGEMENT_ALONE
    return None


@transaction.atomic
def ladder_action_record(
    *,
    incident: Incident,
    person: Person,
    step: int,
    taken_on: date,
    grounds: list[str],
    summary: str,
    support_offered: str,
    why_support_not_enough: str = "",
    support_plan_reviewed: bool = False,
    reasonable_adjustments: str = "",
    support_worker=None,
    expires_on: date | None = None,
    behaviour_agreement: str = "",
    skip_reason: str = "",
    notice_served_on: date | None = None,
    notice_expires_on: date | None = None,
    prescribed_information_given: bool = False,
    review_on: date | None = None,
    by,
) -> LadderAction:
    """Record a step on a resident's ladder, with its letter where the step has one.

    Rules (the charity's sustainable-tenancy policy, and the law for notices):
    * support comes first: every step records the support offered, and any step above a
      supportive intervention also says why that support was not enough;
    * one step at a time: a step more than one above the current live step is a skip, allowed
      only for serious risk, with a reason, recorded by a user who may approve skips (a housing
      manager), who is recorded as approving it;
    * not engaging with support can never on its own be the reason for a warning or notice;
    * a final written warning comes with an acceptable behaviour agreement;
    * a notice to quit a licence ends at least 4 weeks after it is served and comes with the
      prescribed information (Protection from Eviction Act 1977 s5(1A)); for an assured tenancy
      we record the statutory notice (Form 3, Housing Act 1988 s8 as amended by the Renters'
      Rights Act 2025) and the date court proceedings may start. Either way the agreement
      becomes "notice served".
    """
    step = LadderStep(int(step))
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    summary, support_offered = (summary or "").strip(), (support_offered or "").strip()
    why_support_not_enough = (why_support_not_enough or "").strip()
    behaviour_agreement, skip_reason = (behaviour_agreement or "").strip(), (skip_reason or "").strip()

    if incident.closed_on is not None:
        raise ValidationError("This incident is closed. Record a new incident if something else has happened.")
    if not incident.parties.filter(person=person, role=IncidentParty.Role.ALLEGED).exists():
        raise ValidationError(f"{person} is not named as a resident this incident is about.")
    agreement = (
        Agreement.objects.select_for_update()
        .filter(pk__in=current_agreements(scheme=incident.scheme).filter(person=person).values("pk"))
        .select_related("unit__property__scheme", "person")
        .order_by("-start_date", "-pk")
        .first()
    )
    if agreement is None:
        raise ValidationError(f"{person} has no current licence or tenancy at {incident.scheme}.")

    if taken_on > today:
        _add(errors, "taken_on", "The date of this step cannot be in the future.")
    elif taken_on < incident.occurred_on:
        _add(errors, "taken_on", "The date of this step cannot be before the incident happened.")
    elif taken_on < agreement.start_date:
        _add(errors, "taken_on", "The date of this step cannot be before their agreement started.")

    ladder = ladder_for(agreement=agreement, on=min(taken_on, today))  # the ladder as it stood that day
    approved_by = None
    if ladder.is_skip(step):
        if not by.has_perm("tenancies.approve_ladder_skip"):
            _add(errors, "step", ASK_A_MANAGER)
        else:
            approved_by = by
            if not skip_reason:
                _add(errors, "skip_reason", "Say why this step cannot wait: what is the serious risk?")
    else:
        skip_reason = ""

    problem = grounds_problem(step, grounds)
    if problem:
        _add(errors, "grounds", problem)
    if not summary:
        _add(errors, "summary", "Say what happened and what was said.")
    if not support_offered:
        _add(errors, "support_offered", "Say what support was offered.")
    if step > LadderStep.SUPPORTIVE and not why_support_not_enough:
        _add(errors, "why_support_not_enough", "Say why the support offered was not enough.")

    if step in (LadderStep.FIRST_WARNING, LadderStep.FINAL_WARNING):
        expires_on = expires_on or default_expiry(step, taken_on)
        if expires_on <= taken_on:
            _add(errors, "expires_on", "The warning must stop counting after the date it is given.")
    else:
        expires_on = None
    if step == LadderStep.FINAL_WARNING:
        if not behaviour_agreement:
            _add(errors, "behaviour_agreement", "Write the acceptable behaviour agreement that goes with it.")
    else:
        behaviour_agreement = ""

    if step == LadderStep.NOTICE:
        _check_notice(errors, agreement, taken_on, notice_served_on, notice_expires_on, prescribed_information_given)
    else:
        notice_served_on = notice_expires_on = None
        prescribed_information_given = False

    if step != LadderStep.POSSESSION and review_on is None:
        _add(errors, "review_on", "Choose a date to review how things are going.")
    elif review_on is not None and review_on < taken_on:
        _add(errors, "review_on", "The review date must be on or after the date of this step.")
    _errors(errors)

    action = LadderAction(
        incident=incident,
        person=person,
        agreement=agreement,
        step=step,
        taken_on=taken_on,
        grounds=list(grounds),
        summary=summary,
        support_offered=support_offered,
        why_support_not_enough=why_support_not_enough,
        support_plan_reviewed=support_plan_reviewed,
        reasonable_adjustments=(reasonable_adjustments or "").strip(),
        support_worker=support_worker,
        expires_on=expires_on,
        behaviour_agreement=behaviour_agreement,
        skip_reason=skip_reason,
        approved_by=approved_by,
        notice_served_on=notice_served_on,
        notice_expires_on=notice_expires_on,
        prescribed_information_given=prescribed_information_given,
        review_on=review_on,
        recorded_by=by,
    )
    action._history_user = by
    action.save()

    if review_on is not None and incident.review_on != review_on:
        incident.review_on = review_on
        incident._history_user = by
        incident.save(update_fields=["review_on"])
    if step == LadderStep.NOTICE:
        agreement_mark_notice_served(agreement=agreement, by=by)
    if step in (LadderStep.FIRST_WARNING, LadderStep.FINAL_WARNING) or (
        step == LadderStep.NOTICE and agreement.is_licence
    ):
        letter_for_action(action=action, by=by)
    return action


def _check_notice(errors, agreement, taken_on, served_on, ends_on, prescribed_information_given) -> None:
    if agreement.status == Agreement.Status.NOTICE_SERVED:
        _add(errors, NON_FIELD_ERRORS, "Notice has already been served on this agreement.")
    if served_on is None:
        _add(errors, "notice_served_on", "Enter the date the notice was served.")
    elif served_on > timezone.localdate():
        _add(errors, "notice_served_on", "The date the notice was served cannot be in the future.")
    if ends_on is None:
        message = (
            "Enter the date the notice to quit ends."
            if agreement.is_licence
            else "Enter the date court proceedings may start."
        )
        _add(errors, "notice_expires_on", message)
    elif served_on is not None:
        if agreement.is_licence and ends_on < LICENCE_NOTICE_MINIMUM.due(served_on):
            _add(
                errors,
                "notice_expires_on",
                "A notice to quit a licence must give at least 4 weeks: end it on "
                f"{_format(LICENCE_NOTICE_MINIMUM.due(served_on))} or later.",
            )
        elif ends_on <= served_on:
            _add(errors, "notice_expires_on", "The date must be after the notice was served.")
    if agreement.is_licence and not prescribed_information_given:
        _add(
            errors,
            "prescribed_information_given",
            "A notice to quit a licence must come with the prescribed information. Confirm it was given.",
        )


@transaction.atomic
def agreement_mark_notice_served(*, agreement: Agreement, by) -> Agreement:
    """Serving notice moves an active agreement to "notice served" (it stays in force until it ends)."""
    if agreement.status != Agreement.Status.ACTIVE:
        raise ValidationError("Only an active agreement can have notice served on it.")
    agreement.status = Agreement.Status.NOTICE_SERVED
    agreement._history_user = by
    agreement.save(update_fields=["status"])
    return agreement


# ------------------------------------------------------------------------------- letters


def letter_for_action(*, action: LadderAction, by) -> Letter:
    """Render the step's letter to PDF (tenancies.letters) and keep it with the case.

    The file is private: it is only ever served by the letter download view, which checks
    that the user may see the person.
    """
    pdf = ladder_letter_pdf(action)
    step_name = LadderStep(action.step).label.split(" with ")[0]
    if action.step == LadderStep.NOTICE:
        step_name = "Notice to quit"
    letter = Letter(
        person=action.person,
        ladder_action=action,
        title=f"{step_name}, {_format(action.taken_on)}",
        created_by=by,
    )
    letter._history_user = by
    letter.file.save(ladder_letter_filename(action), ContentFile(pdf), save=False)
    letter.save()
    return letter
