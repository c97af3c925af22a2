"""Awaab's Law: triage, whether the law or our own policy applies, and the hazard clocks.

Why here: every clock is a `HazardClock` row so reminders, My work and the figures read deadlines
directly, and only these services create or move them. Once a clock is met or stopped that is kept
for ever: a later step never rewrites it, so a missed deadline stays missed. The emergency clock is
real elapsed time (counted in UTC by `core.clocks`); working-day clocks count from day 0, the day of
awareness (or of the conclusion) in London, and run to the end of the due day. Where the law does
not apply (a licence, a communal area nobody covered lives by, a hazard type not yet in force) the
same clocks run as our own policy, and the hazard records which and why. Timescales and their
sources are in `repairs.rules`.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.clocks import LONDON, Rule, end_of_day
from tenancies.models import Agreement

from .. import rules
from ..models import (
    AccessAttempt,
    AwaabApplicability,
    ControlDelay,
    EntryNotice,
    Hazard,
    HazardClock,
    HazardType,
    Repair,
)

DAMP_AND_MOULD = "Damp and mould"
Step = HazardClock.Step


def _day(moment: datetime) -> date:
    return timezone.localtime(moment, LONDON).date()


def clock_due(rule: Rule, start: datetime) -> datetime:
    """When a clock started at `start` runs out: real time for hours, else the end of the due day in London."""
    due = rule.due(start)
    return due if isinstance(due, datetime) else end_of_day(due)


def _check_moment(value, field: str, *, not_before: datetime | None = None, before_msg: str = "") -> datetime:
    """An aware time, not in the future and not before `not_before`."""
    if not isinstance(value, datetime) or timezone.is_naive(value):
        raise ValidationError({field: "Give a date and time."})
    if value > timezone.now():
        raise ValidationError({field: "This cannot be in the future."})
    if not_before is not None and value < not_before:
        raise ValidationError({field: before_msg})
    return value


def _save(obj, by, reason: str) -> None:
    obj._history_user = by
    obj._change_reason = reason
    obj.save()


# ---------------------------------------------------------------- applicability


def _kind_label(agreement_kind: str) -> str:
    return Agreement.Kind(agreement_kind).label if agreement_kind in Agreement.Kind.values else agreement_kind


def applicability_for(*, scheme, agreement_kind: str) -> tuple[bool, str]:
    """The scheme's row for this agreement kind, then the all-schemes row, then the legal default."""
    rows = AwaabApplicability.objects.filter(agreement_kind=agreement_kind)
    label = _kind_label(agreement_kind)
    row = rows.filter(scheme=scheme).first() if scheme is not None else None
    if row is not None:
        return row.applies, f"Set for {scheme} ({label}): {row.reason}"
    row = rows.filter(scheme__isnull=True).first()
    if row is not None:
        return row.applies, f"Set for all schemes ({label}): {row.reason}"
    applies, reason = rules.AWAAB_LEGAL_DEFAULT.get(agreement_kind, rules.AWAAB_LEGAL_DEFAULT["other"])
    return applies, f"{label}: {reason}"


def awaab_applies(*, repair: Repair, aware_at: datetime | None = None) -> tuple[bool, str]:
    """Whether the law applies to this repair, and why.

    A home: the unit's agreement on the day of awareness. A communal area: it applies when any
    agreement current at the scheme that day is one the law covers. An empty home: it does not."""
    aware_at = aware_at or repair.reported_at
    day = _day(aware_at)
    if day < rules.AWAAB_IN_FORCE:
        return False, "Awaab's Law was not yet in force (from 27 October 2025); we follow the same clocks."
    if repair.unit_id:
        agreement = Agreement.objects.filter(unit_id=repair.unit_id).current(day).order_by("-start_date").first()
        if agreement is None:
            return False, "Nobody had an agreement for this home on that day; we follow the same clocks as our policy."
        return applicability_for(scheme=repair.scheme, agreement_kind=agreement.kind)
    kinds = (
        Agreement.objects.filter(unit__property__scheme=repair.scheme)
        .current(day)
        .values_list("kind", flat=True)
        .distinct()
    )
    for kind in sorted(set(kinds)):
        applies, reason = applicability_for(scheme=repair.scheme, agreement_kind=kind)
        if applies:
            return True, f"A communal area used by residents the law covers. {reason}"
    return False, "A communal area where no resident's agreement is covered by the law; we follow the same clocks."


# ---------------------------------------------------------------- clocks


def _start_clock(hazard: Hazard, step: str, rule_name: str, started_at: datetime, by) -> HazardClock:
    rule = getattr(rules, rule_name)
    clock = HazardClock(
        hazard=hazard, step=step, started_at=started_at, due_at=clock_due(rule, started_at), rule_name=rule_name
    )
    _save(clock, by, f"Started: {rule.label or Step(step).label} ({hazard.get_basis_display()})")
    return clock


def _clock(hazard: Hazard, step: str) -> HazardClock | None:
    return HazardClock.objects.select_for_update().filter(hazard=hazard, step=step).first()


def _meet(clock: HazardClock, met_at: datetime, by, reason: str) -> None:
    clock.met_at = met_at
    _save(clock, by, reason + ("" if clock.was_met() else " (after the deadline)"))


def _running(hazard: Hazard, step: str, field: str, missing: str) -> HazardClock:
    clock = _clock(hazard, step)
    if clock is None:
        raise ValidationError({field: missing})
    if not clock.is_running:
        raise ValidationError({field: f"{clock.get_step_display()} is already recorded."})
    return clock


@transaction.atomic
def clock_stop(*, clock: HazardClock, stopped_at: datetime, reason: str, by) -> HazardClock:
    """Stop a running clock that no longer applies (occupiers decanted, consent refused, no work needed)."""
    clock = HazardClock.objects.select_for_update().get(pk=clock.pk)
    if not clock.is_running:
        raise ValidationError("This clock has already been met or stopped.")
    _check_moment(stopped_at, "stopped_at", not_before=clock.started_at, before_msg="This is before the clock started.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the clock no longer applies."})
    clock.stopped_at, clock.stop_reason = stopped_at, reason.strip()
    _save(clock, by, f"Stopped: {clock.stop_reason}")
    return clock


# ---------------------------------------------------------------- triage


def _basis(*, repair, kind, hazard_type, aware_at) -> tuple[str, str]:
    applies, reason = awaab_applies(repair=repair, aware_at=aware_at)
    if applies and kind == Hazard.Kind.SIGNIFICANT:
        if hazard_type is None:
            applies, reason = False, "No hazard type is recorded, so we follow the law's clocks as our policy."
        elif not hazard_type.is_significant_on(_day(aware_at)):
            when = f"on {_day(aware_at):%-d %B %Y}" if hazard_type.significant_from else "yet"
            applies = False
            reason = (
                f"{hazard_type.name} is not a significant hazard under the law {when}, "
                "so we follow the same clocks as our policy."
            )
    return (Hazard.Basis.LAW if applies else Hazard.Basis.POLICY), reason


@transaction.atomic
def hazard_triage(
    *, repair: Repair, kind: str, hazard_type: HazardType | None = None, by, aware_at: datetime | None = None
) -> Hazard:
    """Triage a repair as a potential emergency or significant hazard and start its first clock.

    `aware_at` (default: when the repair was reported) is day 0 of every clock."""
    if kind not in Hazard.Kind.values:
        raise ValidationError({"kind": "Choose emergency or significant hazard."})
    repair = Repair.objects.select_for_update().get(pk=repair.pk)
    if Hazard.objects.filter(repair=repair).exists():
        raise ValidationError("This repair has already been triaged as a hazard.")
    aware_at = aware_at or repair.reported_at
    _check_moment(
        aware_at, "aware_at", not_before=repair.reported_at, before_msg="This is before the repair was reported."
    )
    if hazard_type is None and repair.category == Repair.Category.DAMP_MOULD:
        hazard_type = HazardType.objects.filter(name=DAMP_AND_MOULD).first()
    basis, reason = _basis(repair=repair, kind=kind, hazard_type=hazard_type, aware_at=aware_at)
    hazard = Hazard(
        repair=repair,
        kind=kind,
        hazard_type=hazard_type,
        aware_at=aware_at,
        basis=basis,
        basis_reason=reason,
        triaged_at=timezone.now(),
        triaged_by=by,
    )
    _save(hazard, by, f"Triaged as {hazard.get_kind_display().lower()} ({hazard.get_basis_display()})")
    if kind == Hazard.Kind.EMERGENCY:
        _start_clock(hazard, Step.EMERGENCY_ACTION, "AWAAB_EMERGENCY_ACTION", aware_at, by)
    else:
        _start_clock(hazard, Step.INVESTIGATE, "AWAAB_INVESTIGATE", aware_at, by)
    return hazard


def _locked(hazard: Hazard) -> Hazard:
    return Hazard.objects.select_for_update().get(pk=hazard.pk)


# ---------------------------------------------------------------- investigation and summary


@transaction.atomic
def investigation_conclude(
    *,
    hazard: Hazard,
    concluded_at: datetime,
    hazard_found: bool,
    findings: str,
    by,
    investigator: str = "",
    investigated_remotely: bool = False,
    no_hazard_reason: str = "",
    safety_works: str = "",
    supplementary_works: str = "",
) -> Hazard:
    """Record the investigation's conclusion, stop the investigate clock and start the next ones.

    A significant hazard starts the written-summary clock and, when found, the safety-work and
    supplementary-work clocks. An emergency where nothing is found meets its 24-hour clock."""
    hazard = _locked(hazard)
    if hazard.investigation_concluded_at is not None:
        raise ValidationError("The investigation has already been concluded.")
    _check_moment(
        concluded_at, "concluded_at", not_before=hazard.aware_at, before_msg="This is before we became aware of it."
    )
    if not findings.strip():
        raise ValidationError({"findings": "Record what the investigation found."})
    if not hazard_found and not no_hazard_reason.strip():
        no_hazard_reason = findings
    hazard.investigation_concluded_at = concluded_at
    hazard.outcome = Hazard.Outcome.FOUND if hazard_found else Hazard.Outcome.NOT_FOUND
    hazard.findings = findings.strip()
    hazard.investigator = investigator
    hazard.investigated_remotely = investigated_remotely
    hazard.no_hazard_reason = "" if hazard_found else no_hazard_reason.strip()
    hazard.safety_works = safety_works or hazard.safety_works
    hazard.supplementary_works = supplementary_works or hazard.supplementary_works
    _save(hazard, by, f"Investigation concluded: {hazard.get_outcome_display().lower()}")

    if hazard.kind == Hazard.Kind.EMERGENCY:
        clock = _clock(hazard, Step.EMERGENCY_ACTION)
        if not hazard_found and clock is not None and clock.is_running:
            clock.stop_reason = "The investigation found no emergency hazard: nothing to make safe."
            _meet(clock, concluded_at, by, "Investigated: no emergency hazard found")
        return hazard

    clock = _clock(hazard, Step.INVESTIGATE)
    if clock is not None and clock.is_running:
        _meet(clock, concluded_at, by, "Investigation concluded")
    _start_clock(hazard, Step.WRITTEN_SUMMARY, "AWAAB_WRITTEN_SUMMARY", concluded_at, by)
    if hazard_found:
        _start_clock(hazard, Step.SAFETY_WORK, "AWAAB_SAFETY_WORK", concluded_at, by)
        _start_clock(hazard, Step.SUPPLEMENTARY_BEGIN, "AWAAB_SUPPLEMENTARY_BEGIN", concluded_at, by)
        _start_clock(hazard, Step.SUPPLEMENTARY_START, "AWAAB_SUPPLEMENTARY_START", concluded_at, by)
    return hazard


@transaction.atomic
def written_summary_record(*, hazard: Hazard, sent_at: datetime, by, letter=None) -> Hazard:
    """Record the written summary given to the resident; meets the written-summary clock."""
    hazard = _locked(hazard)
    if hazard.investigation_concluded_at is None:
        raise ValidationError({"sent_at": "Conclude the investigation before recording the written summary."})
    _check_moment(
        sent_at,
        "sent_at",
        not_before=hazard.investigation_concluded_at,
        before_msg="This is before the investigation concluded.",
    )
    clock = _running(hazard, Step.WRITTEN_SUMMARY, "sent_at", "This hazard has no written-summary clock.")
    hazard.summary_issued_on = _day(sent_at)
    if letter is not None:
        hazard.summary_letter = letter
    _save(hazard, by, "Written summary given to the resident")
    _meet(clock, sent_at, by, "Written summary given")
    return hazard


# ---------------------------------------------------------------- works


@transaction.atomic
def emergency_made_safe(*, hazard: Hazard, made_safe_at: datetime, by, details: str = "") -> Hazard:
    """Record that an emergency hazard was investigated and made safe; meets the 24-hour clock."""
    hazard = _locked(hazard)
    if hazard.kind != Hazard.Kind.EMERGENCY:
        raise ValidationError({"made_safe_at": "Only an emergency hazard has a 24-hour make-safe clock."})
    _check_moment(
        made_safe_at, "made_safe_at", not_before=hazard.aware_at, before_msg="This is before we became aware of it."
    )
    clock = _running(hazard, Step.EMERGENCY_ACTION, "made_safe_at", "This hazard has no emergency clock.")
    if details.strip():
        hazard.safety_works = details.strip()
        _save(hazard, by, "Made safe")
    _meet(clock, made_safe_at, by, "Made safe")
    return hazard


@transaction.atomic
def safety_work_begin(*, hazard: Hazard, begun_at: datetime, by, details: str = "") -> Hazard:
    """Record that the relevant safety work began; meets the safety-work clock."""
    hazard = _locked(hazard)
    concluded = hazard.investigation_concluded_at
    if concluded is None:
        raise ValidationError({"begun_at": "Conclude the investigation first."})
    _check_moment(begun_at, "begun_at", not_before=concluded, before_msg="This is before the investigation concluded.")
    clock = _running(hazard, Step.SAFETY_WORK, "begun_at", "No safety work is due on this hazard.")
    if details.strip():
        hazard.safety_works = details.strip()
        _save(hazard, by, "Safety work begun")
    _meet(clock, begun_at, by, "Safety work begun")
    return hazard


@transaction.atomic
def supplementary_work_begin(
    *, hazard: Hazard, begun_at: datetime, physically_started: bool, by, details: str = ""
) -> Hazard:
    """Record that supplementary work began (or steps were taken to begin it); meets the 5-day clock,
    and the 12-week clock too when the work physically started."""
    hazard = _locked(hazard)
    concluded = hazard.investigation_concluded_at
    if concluded is None:
        raise ValidationError({"begun_at": "Conclude the investigation first."})
    _check_moment(begun_at, "begun_at", not_before=concluded, before_msg="This is before the investigation concluded.")
    begin, start = _clock(hazard, Step.SUPPLEMENTARY_BEGIN), _clock(hazard, Step.SUPPLEMENTARY_START)
    due = [c for c in (begin, physically_started and start) if c and c.is_running]
    if not due:
        raise ValidationError({"begun_at": "No supplementary work clock is running on this hazard."})
    if details.strip():
        hazard.supplementary_works = details.strip()
        _save(hazard, by, "Supplementary work begun")
    for clock in due:
        _meet(clock, begun_at, by, "Supplementary work begun" if clock.step == Step.SUPPLEMENTARY_BEGIN else "Started")
    return hazard


@transaction.atomic
def alternative_accommodation_offer(
    *,
    hazard: Hazard,
    offered_at: datetime,
    details: str,
    by,
    resident_answer: str = Hazard.AlternativeAnswer.WAITING,
    answered_at: datetime | None = None,
) -> Hazard:
    """Record an offer of suitable alternative accommodation and, if known, the resident's answer."""
    hazard = _locked(hazard)
    _check_moment(
        offered_at, "offered_at", not_before=hazard.aware_at, before_msg="This is before we became aware of it."
    )
    if not details.strip():
        raise ValidationError({"details": "Say what was offered."})
    if resident_answer not in Hazard.AlternativeAnswer.values or not resident_answer:
        raise ValidationError({"resident_answer": "Choose waiting, accepted or declined."})
    if resident_answer == Hazard.AlternativeAnswer.WAITING:
        answered_at = None
    else:
        answered_at = answered_at or offered_at
        _check_moment(answered_at, "answered_at", not_before=offered_at, before_msg="This is before the offer.")
    hazard.alternative_offered_at = offered_at
    hazard.alternative_details = details.strip()
    hazard.alternative_answer = resident_answer
    hazard.alternative_answered_at = answered_at
    _save(hazard, by, f"Alternative accommodation offered ({hazard.get_alternative_answer_display().lower()})")
    return hazard


@transaction.atomic
def alternative_accommodation_answer(*, hazard: Hazard, resident_answer: str, answered_at: datetime, by) -> Hazard:
    """Record the resident's answer to an offer of alternative accommodation."""
    hazard = _locked(hazard)
    if hazard.alternative_offered_at is None:
        raise ValidationError({"resident_answer": "No alternative accommodation has been offered."})
    if resident_answer not in (Hazard.AlternativeAnswer.ACCEPTED, Hazard.AlternativeAnswer.DECLINED):
        raise ValidationError({"resident_answer": "Choose accepted or declined."})
    _check_moment(
        answered_at, "answered_at", not_before=hazard.alternative_offered_at, before_msg="This is before the offer."
    )
    hazard.alternative_answer, hazard.alternative_answered_at = resident_answer, answered_at
    _save(hazard, by, f"Alternative accommodation {hazard.get_alternative_answer_display().lower()}")
    return hazard


# ---------------------------------------------------------------- records for "all reasonable endeavours"


def _check_method(method: str, field: str = "method") -> None:
    if method not in AccessAttempt.Method.values:
        raise ValidationError({field: "Choose how."})


@transaction.atomic
def access_attempt_record(
    *, repair: Repair, attempted_at: datetime, method: str, by, succeeded: bool = False, notes: str = ""
) -> AccessAttempt:
    """Record one try to reach the resident or get in."""
    _check_method(method)
    _check_moment(
        attempted_at,
        "attempted_at",
        not_before=repair.reported_at,
        before_msg="This is before the repair was reported.",
    )
    attempt = AccessAttempt(
        repair=repair, attempted_at=attempted_at, method=method, succeeded=succeeded, notes=notes, recorded_by=by
    )
    _save(attempt, by, f"Access attempt by {attempt.get_method_display().lower()}")
    return attempt


@transaction.atomic
def entry_notice_record(
    *, repair: Repair, given_at: datetime, entry_at: datetime, method: str, by, notes: str = ""
) -> EntryNotice:
    """Record written notice of entry; it must give at least `rules.AWAAB_ENTRY_NOTICE` (real time)."""
    _check_method(method)
    if method not in rules.AWAAB_WRITTEN_NOTICE_METHODS:
        raise ValidationError({"method": "Notice of entry must be in writing: a letter, email or text."})
    _check_moment(
        given_at, "given_at", not_before=repair.reported_at, before_msg="This is before the repair was reported."
    )
    if not isinstance(entry_at, datetime) or timezone.is_naive(entry_at):
        raise ValidationError({"entry_at": "Give a date and time."})
    earliest = rules.AWAAB_ENTRY_NOTICE.due(given_at)
    if entry_at < earliest:
        raise ValidationError(
            {
                "entry_at": "Entry needs at least 24 hours' notice: "
                f"{timezone.localtime(earliest):%d %b %Y %H:%M} at the earliest."
            }
        )
    notice = EntryNotice(
        repair=repair, given_at=given_at, entry_at=entry_at, method=method, notes=notes, recorded_by=by
    )
    _save(notice, by, f"Notice of entry given by {notice.get_method_display().lower()}")
    return notice


@transaction.atomic
def control_delay_record(
    *, repair: Repair, kind: str, started_at: datetime, details: str, by, ended_at: datetime | None = None
) -> ControlDelay:
    """Record something outside our control that held up the work."""
    if kind not in ControlDelay.Kind.values:
        raise ValidationError({"kind": "Choose what held the work up."})
    if not details.strip():
        raise ValidationError({"details": "Say what happened and what we did about it."})
    _check_moment(
        started_at, "started_at", not_before=repair.reported_at, before_msg="This is before the repair was reported."
    )
    if ended_at is not None:
        _check_moment(ended_at, "ended_at", not_before=started_at, before_msg="This is before the delay started.")
    delay = ControlDelay(
        repair=repair, kind=kind, started_at=started_at, ended_at=ended_at, details=details.strip(), recorded_by=by
    )
    _save(delay, by, f"Delay outside our control: {delay.get_kind_display().lower()}")
    return delay


@transaction.atomic
def control_delay_end(*, delay: ControlDelay, ended_at: datetime, by) -> ControlDelay:
    """Record when a delay outside our control ended."""
    delay = ControlDelay.objects.select_for_update().get(pk=delay.pk)
    if delay.ended_at is not None:
        raise ValidationError({"ended_at": "This delay has already ended."})
    _check_moment(ended_at, "ended_at", not_before=delay.started_at, before_msg="This is before the delay started.")
    delay.ended_at = ended_at
    _save(delay, by, "Delay ended")
    return delay
