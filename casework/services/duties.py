"""Starting and ending Part 7 duties under the rules of the Act, and the s184 decision with its s202 window."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User

from ..models import Case, Duty, HclicCategory, MainDutyDecision, Mediation
from .common import locked_open_case, not_future, save_by

K, R = Duty.Kind, Duty.EndReason


class DutyTransitionError(ValidationError):
    """A duty may not start or end that way in its state under Part 7 (the maps below say which may).

    A ValidationError, so views show it on the form like any other refusal."""


# Which reasons may end which duty (s195(8), s189B(7), s193(5)-(7), s193A-C; s188 ends with relief or a decision).
ALLOWED_END_REASONS: dict[str, tuple[str, ...]] = {
    K.PREVENTION: (
        R.ACCOMMODATION_SECURED,
        R.DAYS_ELAPSED,
        R.BECAME_HOMELESS,
        R.REFUSED_SUITABLE_OFFER,
        R.NON_COOPERATION,
        R.NOT_ELIGIBLE,
        R.WITHDREW,
        R.CONTACT_LOST,
    ),
    K.RELIEF: (
        R.ACCOMMODATION_SECURED,
        R.DAYS_ELAPSED,
        R.REFUSED_SUITABLE_OFFER,
        R.REFUSED_FINAL_OFFER,
        R.NON_COOPERATION,
        R.INTENTIONALLY_HOMELESS,
        R.NOT_ELIGIBLE,
        R.WITHDREW,
        R.CONTACT_LOST,
    ),
    K.INTERIM: (
        R.RELIEF_ENDED,
        R.MAIN_DUTY_DECIDED,
        R.ACCOMMODATION_SECURED,
        R.REFUSED_SUITABLE_OFFER,
        R.INTENTIONALLY_HOMELESS,
        R.NOT_ELIGIBLE,
        R.WITHDREW,
        R.CONTACT_LOST,
    ),
    K.MAIN: (
        R.REFUSED_SUITABLE_OFFER,
        R.PART6_OFFER,
        R.PRIVATE_OFFER,
        R.INTENTIONALLY_HOMELESS,
        R.NOT_ELIGIBLE,
        R.WITHDREW,
        R.CONTACT_LOST,
    ),
}

# The H-CLIC outcome each end reason is counted under (codes from casework/data/hclic-categories.csv).
HCLIC_END_REASON = {
    K.PREVENTION: {
        R.ACCOMMODATION_SECURED: "SECURED_ACCOMMODATION_FOR_6_MONTHS",
        R.DAYS_ELAPSED: "56_DAYS_ELAPSED_AND_NO_FURTHER",
        R.BECAME_HOMELESS: "HOMELESS_INCLUDING_INTENTIONALLY_HOMELES",
        R.REFUSED_SUITABLE_OFFER: "REFUSED_SUITABLE_ACCOMMODATION_OFFER",
        R.NON_COOPERATION: "REFUSED_TO_COOPERATE",
        R.NOT_ELIGIBLE: "NO_LONGER_ELIGIBLE",
        R.WITHDREW: "WITHDREW_APPLICATION_APPLICANT_DECEASED",
        R.CONTACT_LOST: "CONTACT_LOST",
    },
    K.RELIEF: {
        R.ACCOMMODATION_SECURED: "SECURED_ACCOMMODATION_FOR_6_MONTHS",
        R.DAYS_ELAPSED: "56_DAYS_ELAPSED",
        R.REFUSED_SUITABLE_OFFER: "REFUSED_FINAL_ACCOMMODATION",
        R.REFUSED_FINAL_OFFER: "REFUSED_FINAL_ACCOMMODATION",
        R.NON_COOPERATION: "NOTICE_SERVED_DUE_TO_REFUSAL_TO",
        R.INTENTIONALLY_HOMELESS: "INTENTIONALLY_HOMELESS_FROM_ACCOMMODATIO",
        R.NOT_ELIGIBLE: "NO_LONGER_ELIGIBLE",
        R.WITHDREW: "WITHDREW_APPLICATION_APPLICANT_DECEASED",
        R.CONTACT_LOST: "CONTACT_LOST",
    },
}


MAIN_ACTIVITY_LISTS = {K.PREVENTION: "prevention_main_activity", K.RELIEF: "relief_main_activity"}


def start_problem(case: Case, kind: str, *, open_kinds: set[str], accepted_decision: bool) -> str | None:
    """Why `kind` of duty cannot start on `case` now, or None if it may (dates aside).

    `open_kinds` are the kinds already open on the case; `accepted_decision` says whether a s184 decision
    accepted the main duty. Shared by `duty_start` and the case page, which offers only the duties that could start.
    """
    if not case.is_open:
        return "This case is closed."
    if case.eligibility == Case.Eligibility.NOT_ELIGIBLE:
        return "The applicant is recorded as not eligible, so no duty is owed."
    if kind not in K.values:
        return "Unknown duty."
    if kind in open_kinds:
        return f"A {Duty.Kind(kind).label} is already open on this case."
    if K.MAIN in open_kinds and kind in (K.PREVENTION, K.RELIEF, K.INTERIM):
        # Prevention and relief come before the main duty, and interim accommodation ends with the s184
        # decision (s188); once the main duty is owed (s193) none of them starts again on the case.
        return "The main housing duty is owed on this case, so this earlier duty cannot start."
    if kind == K.PREVENTION:
        if case.homeless_tonight:
            return "They are homeless now, so the relief duty applies rather than prevention."
        if not case.threatened_within_56_days:
            return (
                "The prevention duty is owed when someone is threatened with homelessness within 56 days. "
                "Record that in the triage first."
            )
        if K.RELIEF in open_kinds:
            return "The relief duty is open: prevention cannot start as well."
    elif kind == K.RELIEF:
        if K.PREVENTION in open_kinds:
            return "End the prevention duty first (with 'Became homeless')."
        if not case.homeless_tonight:
            return "The relief duty is owed when someone is homeless. Record that in the triage first."
    elif kind == K.INTERIM:
        if not case.homeless_tonight or not case.reason_to_believe_priority_need:
            return (
                "Interim accommodation (s188) is owed when there is reason to believe the person may be homeless, "
                "eligible and in priority need. Record both in the triage first."
            )
    elif kind == K.MAIN:
        if K.RELIEF in open_kinds:
            return "The main duty begins when the relief duty ends (s193(1)): end it first."
        if not accepted_decision:
            return "Record the s184 decision that the main duty is owed first."
    return None


def startable_kinds(case: Case, *, duties, decisions) -> list[str]:
    """The kinds of duty that could start on `case`, from its duties and decisions already loaded (no queries)."""
    open_kinds = {duty.kind for duty in duties if duty.is_open}
    accepted = any(decision.outcome == MainDutyDecision.Outcome.ACCEPTED for decision in decisions)
    return [
        kind
        for kind in K.values
        if start_problem(case, kind, open_kinds=open_kinds, accepted_decision=accepted) is None
    ]


@transaction.atomic
def duty_start(*, case: Case, kind: str, started_on: date, by: User) -> Duty:
    """Open a duty when the facts the Act needs are on the case (triage), one of each kind at a time."""
    case = locked_open_case(case)
    not_future(started_on, "started_on", "start date")
    if started_on < case.approached_on:
        raise ValidationError({"started_on": "A duty cannot start before the person approached us."})
    open_kinds = set(case.duties.filter(ended_on__isnull=True).values_list("kind", flat=True))
    accepted = kind == K.MAIN and case.decisions.filter(outcome=MainDutyDecision.Outcome.ACCEPTED).exists()
    problem = start_problem(case, kind, open_kinds=open_kinds, accepted_decision=accepted)
    if problem:
        raise DutyTransitionError(problem)
    if kind in (K.RELIEF, K.MAIN):
        before = K.PREVENTION if kind == K.RELIEF else K.RELIEF
        last = case.duties.filter(kind=before, ended_on__isnull=False).order_by("-ended_on").first()
        if last and started_on < last.ended_on:
            raise DutyTransitionError(
                {"started_on": f"The {last.get_kind_display()} ended on {last.ended_on:%-d %B %Y}; start from then."}
            )
    duty = Duty(case=case, kind=kind, started_on=started_on, started_by=by)
    return save_by(duty, by)


def end_reason_problem(duty: Duty, reason: str, ended_on: date, **facts) -> str | None:
    """Why the law does not let `duty` end for `reason` on `ended_on`, or None if it may."""
    if reason not in ALLOWED_END_REASONS[duty.kind]:
        label = Duty.EndReason(reason).label if reason in R.values else reason
        return f"A {duty.get_kind_display()} cannot end for this reason: {label}."
    if reason == R.DAYS_ELAPSED:
        if ended_on < duty.day_56:
            return (
                f"The 56 days are not up until {duty.day_56:%-d %B %Y}; the duty cannot end on that ground before then."
            )
        if duty.kind == K.PREVENTION and duty.case.notice_running_on(ended_on):
            return (
                "The prevention duty cannot end because 56 days have passed while a valid section 21 or "
                "possession notice is still running (s195(6)). It continues until the notice is resolved."
            )
    if reason == R.ACCOMMODATION_SECURED and duty.kind in (K.PREVENTION, K.RELIEF) and not facts.get("secured"):
        return "Say whether they stayed in their home or moved."
    if reason == R.NON_COOPERATION:
        warned = facts.get("warning_notice_on")
        if not warned:
            return "A duty can end for refusing to cooperate only after a warning notice (s193B(4)). Record its date."
        if warned >= ended_on:
            return "The warning notice must come before the duty ends, with a reasonable time to respond."
    if reason == R.BECAME_HOMELESS and duty.kind != K.PREVENTION:
        return "Only the prevention duty ends because someone became homeless."
    return None


@transaction.atomic
def duty_end(
    *,
    duty: Duty,
    reason: str,
    ended_on: date,
    by: User,
    note: str = "",
    secured: str = "",
    warning_notice_on: date | None = None,
    mediation: Mediation | None = None,
    accommodation_secured_type: HclicCategory | None = None,
    main_activity: HclicCategory | None = None,
) -> Duty:
    """End a duty for a reason the Act allows in its state. Becoming homeless opens the relief duty the same day.

    When accommodation was secured, H-CLIC also counts what kind and the main activity that secured it."""
    duty = Duty.objects.select_for_update().select_related("case").get(pk=duty.pk)
    if not duty.is_open:
        raise DutyTransitionError("This duty has already ended.")
    if ended_on < duty.started_on:
        raise ValidationError({"ended_on": "A duty cannot end before it started."})
    not_future(ended_on, "ended_on", "end date")
    problem = end_reason_problem(duty, reason, ended_on, secured=secured, warning_notice_on=warning_notice_on)
    if problem:
        raise DutyTransitionError({"reason": problem})
    if mediation is not None and mediation.case_id != duty.case_id:
        raise ValidationError("That mediation is on another case.")
    secured_here = reason == R.ACCOMMODATION_SECURED and duty.has_clock
    if accommodation_secured_type and accommodation_secured_type.list_id != "accommodation_secured":
        raise ValidationError({"accommodation_secured_type": "Choose the kind of accommodation from the list."})
    if main_activity and main_activity.list_id != MAIN_ACTIVITY_LISTS.get(duty.kind):
        raise ValidationError({"main_activity": "Choose the main activity from the list for this duty."})
    duty.accommodation_secured_type = accommodation_secured_type if secured_here else None
    duty.main_activity = main_activity if secured_here else None
    duty.ended_on, duty.end_reason, duty.end_note, duty.ended_by = ended_on, reason, note, by
    duty.secured = secured if reason == R.ACCOMMODATION_SECURED else ""
    duty.warning_notice_on = warning_notice_on if reason == R.NON_COOPERATION else None
    duty.mediation_outcome = mediation
    save_by(duty, by)
    if reason == R.BECAME_HOMELESS:
        case = duty.case
        case.homeless_tonight = True
        save_by(case, by)
        duty_start(case=case, kind=K.RELIEF, started_on=ended_on, by=by)
    return duty


@transaction.atomic
def decision_record(
    *,
    case: Case,
    outcome: str,
    decided_on: date,
    letter_sent_on: date,
    reasons: str,
    by: User,
    priority_need=None,
) -> MainDutyDecision:
    """Record the s184 decision; the letter date starts the 21-day window to ask for a review (s202)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    not_future(decided_on, "decided_on", "decision date")
    if letter_sent_on < decided_on:
        raise ValidationError({"letter_sent_on": "The letter cannot be sent before the decision was made."})
    if decided_on < case.approached_on:
        raise ValidationError({"decided_on": "The decision cannot come before the approach."})
    if outcome == MainDutyDecision.Outcome.ACCEPTED and not priority_need:
        raise ValidationError({"priority_need": "Say why they are in priority need."})
    decision = MainDutyDecision(
        case=case,
        outcome=outcome,
        decided_on=decided_on,
        letter_sent_on=letter_sent_on,
        reasons=reasons,
        priority_need=priority_need,
        decided_by=by,
    )
    return save_by(decision, by)


@transaction.atomic
def review_request(*, decision: MainDutyDecision, requested_on: date, by: User, note: str = "") -> MainDutyDecision:
    """Record a s202 review request. After 21 days the council may still agree to review: say why."""
    decision = MainDutyDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.review_requested_on:
        raise ValidationError("A review has already been requested.")
    if requested_on < decision.letter_sent_on:
        raise ValidationError({"requested_on": "A review cannot be requested before the decision letter."})
    not_future(requested_on, "requested_on", "request date")
    if requested_on > decision.review_deadline and not note.strip():
        raise ValidationError(
            {
                "note": f"The 21 days ended on {decision.review_deadline:%-d %B %Y}. "
                "Record why the council agreed to a late review."
            }
        )
    decision.review_requested_on = requested_on
    if note:
        decision.review_outcome = note
    return save_by(decision, by)


@transaction.atomic
def review_decide(
    *, decision: MainDutyDecision, decided_on: date, result: str, reasons: str, by: User
) -> MainDutyDecision:
    """Record the s202 review's outcome; the applicant must be told it in writing (s203(3)-(4))."""
    decision = MainDutyDecision.objects.select_for_update().get(pk=decision.pk)
    if not decision.review_requested_on:
        raise ValidationError("Record the review request first.")
    if decision.review_decided_on:
        raise ValidationError("The review has already been decided.")
    if decided_on < decision.review_requested_on:
        raise ValidationError({"decided_on": "A review cannot be decided before it was requested."})
    not_future(decided_on, "decided_on", "review decision date")
    if not reasons.strip():
        raise ValidationError({"reasons": "Give the reasons, as the letter to the applicant will."})
    decision.review_decided_on, decision.review_result = decided_on, result
    decision.review_outcome = "\n\n".join(part for part in (decision.review_outcome, reasons.strip()) if part)
    return save_by(decision, by)
