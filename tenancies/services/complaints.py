"""Complaints under the Housing Ombudsman's Complaint Handling Code (statutory from 1 April 2024).

The Code's clocks, all in working days (Monday to Friday, not bank holidays):

* Stage 1: acknowledge within 5 working days of receiving the complaint (Code 6.2) and answer
  within 10 working days of acknowledging it (Code 6.3). An extension is allowed when the
  complaint is complex, no more than 10 further working days without good reason, with the
  reasons explained to the resident (Code 6.4).
* Stage 2: acknowledge the request to escalate within 5 working days of receiving it (Code 6.11)
  and answer within 20 working days of acknowledging it. The person considering stage 2 must
  not be the person who considered stage 1 (Code 6.13).

Extensions: the issue this module implements caps extensions at 10 working days at both stages.
The Code itself allows up to 20 further working days at stage 2, so Hearth's cap is stricter
than the Code and stays within it; change `COMPLAINT_EXTENSION_LIMIT[2]` in `tenancies.rules` to
allow the Code's maximum.

A response clock starts on the day of acknowledgement. Until a complaint is acknowledged, its
response date is provisional: counted from the last day the acknowledgement is due.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.clocks import Rule, working_days_between
from people.models import Person

from ..models import Complaint, Scheme
from ..rules import COMPLAINT_ACKNOWLEDGE, COMPLAINT_EXTENSION_LIMIT, COMPLAINT_RESPOND

DIFFERENT_HANDLER_MESSAGE = (
    "Choose someone other than the stage 1 handler ({name}). The person who looks at a complaint at "
    "stage 2 must not be the person who looked at it at stage 1 (Complaint Handling Code 6.13)."
)


# ---------------------------------------------------------------- clocks


@dataclass(frozen=True)
class Deadline:
    """One of a complaint's deadlines: acknowledging or answering it at stage 1 or stage 2."""

    stage: int
    step: str  # "acknowledge" or "respond"
    due: date
    done_on: date | None
    rule: Rule
    original_due: date | None = None
    provisional: bool = False

    @property
    def key(self) -> str:
        return f"stage{self.stage}-{self.step}"

    @property
    def label(self) -> str:
        what = "acknowledgement" if self.step == "acknowledge" else "response"
        return f"Stage {self.stage} {what}"

    @property
    def done(self) -> bool:
        return self.done_on is not None

    @property
    def extended(self) -> bool:
        return self.original_due is not None and self.original_due != self.due

    @property
    def met(self) -> bool:
        return self.done_on is not None and self.done_on <= self.due

    def missed(self, today: date) -> bool:
        if self.done_on is not None:
            return self.done_on > self.due
        return today > self.due

    def status(self, today: date) -> str:
        """Plain words for the complaint page: met, missed, overdue, due today or N days left."""
        if self.done_on is not None:
            if self.met:
                return "Met"
            late = working_days_between(self.due, self.done_on)
            return f"Missed by {late} working day{'s' if late != 1 else ''}"
        if today == self.due:
            return "Due today"
        if today > self.due:
            late = working_days_between(self.due, today)
            return f"Overdue by {late} working day{'s' if late != 1 else ''}"
        left = working_days_between(today, self.due)
        return f"{left} working day{'s' if left != 1 else ''} left"

    def state(self, today: date) -> str:
        """A short code for styling and tests: met, missed, overdue, due or open."""
        if self.done_on is not None:
            return "met" if self.met else "missed"
        if today > self.due:
            return "overdue"
        return "due" if today == self.due else "open"


@dataclass(frozen=True)
class ComplaintClocks:
    complaint: Complaint
    deadlines: tuple[Deadline, ...]

    def get(self, stage: int, step: str) -> Deadline | None:
        return next((d for d in self.deadlines if d.stage == stage and d.step == step), None)

    @property
    def next(self) -> Deadline | None:
        """The next deadline still to meet, or None (closed, or waiting for the resident)."""
        if self.complaint.closed_on is not None:
            return None
        return next((d for d in self.deadlines if not d.done), None)

    @property
    def current_response(self) -> Deadline | None:
        return self.get(self.complaint.stage, "respond")


def _stage_deadlines(
    *, stage: int, start: date, acknowledged_on, extended_to, responded_on
) -> tuple[Deadline, Deadline]:
    acknowledge_by = COMPLAINT_ACKNOWLEDGE[stage].due(start)
    clock_start = acknowledged_on or acknowledge_by
    original = COMPLAINT_RESPOND[stage].due(clock_start)
    return (
        Deadline(
            stage=stage,
            step="acknowledge",
            due=acknowledge_by,
            done_on=acknowledged_on,
            rule=COMPLAINT_ACKNOWLEDGE[stage],
        ),
        Deadline(
            stage=stage,
            step="respond",
            due=extended_to or original,
            done_on=responded_on,
            rule=COMPLAINT_RESPOND[stage],
            original_due=original,
            provisional=acknowledged_on is None,
        ),
    )


def complaint_clocks(complaint: Complaint) -> ComplaintClocks:
    """Every deadline the complaint has reached so far, in order (no queries)."""
    deadlines = list(
        _stage_deadlines(
            stage=1,
            start=complaint.received_on,
            acknowledged_on=complaint.stage1_acknowledged_on,
            extended_to=complaint.stage1_extended_to,
            responded_on=complaint.stage1_responded_on,
        )
    )
    if complaint.escalated_on:
        deadlines += _stage_deadlines(
            stage=2,
            start=complaint.escalated_on,
            acknowledged_on=complaint.stage2_acknowledged_on,
            extended_to=complaint.stage2_extended_to,
            responded_on=complaint.stage2_responded_on,
        )
    return ComplaintClocks(complaint=complaint, deadlines=tuple(deadlines))


def extension_limit(complaint: Complaint) -> date | None:
    """The latest date the current stage's response may be extended to (None until acknowledged)."""
    deadline = complaint_clocks(complaint).current_response
    if deadline is None or deadline.provisional:
        return None
    return COMPLAINT_EXTENSION_LIMIT[complaint.stage].due(deadline.original_due)


def next_steps(complaint: Complaint) -> list[str]:
    """What can be done next, in the order the page offers it."""
    if complaint.closed_on is not None:
        return ["escalate"] if complaint.stage == Complaint.Stage.ONE else []
    stage = complaint.stage
    if _field(complaint, stage, "acknowledged_on") is None:
        return ["acknowledge"]
    if _field(complaint, stage, "responded_on") is None:
        return ["respond", "extend"]
    return ["escalate", "close"] if stage == Complaint.Stage.ONE else ["close"]


def current_handler(complaint: Complaint):
    """Who answers for the complaint now: the current stage's handler, else whoever logged it."""
    handler = complaint.stage2_handler if complaint.stage == Complaint.Stage.TWO else complaint.stage1_handler
    return handler or complaint.recorded_by


# ---------------------------------------------------------------- writes


def _field(complaint: Complaint, stage: int, name: str):
    return getattr(complaint, f"stage{stage}_{name}")


def _locked(complaint: Complaint) -> Complaint:
    """Re-read the complaint under a row lock, so two people cannot take the same step at once."""
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def _not_in_future(value: date, field: str, what: str) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: f"The {what} date cannot be in the future."})


def _save(complaint: Complaint, by, fields: list[str]) -> Complaint:
    complaint._history_user = by
    complaint.save(update_fields=fields)
    return complaint


def _fmt(day: date) -> str:
    return f"{day:%-d %B %Y}"


@transaction.atomic
def complaint_log(
    *,
    scheme: Scheme,
    received_on: date,
    summary: str,
    handler,
    by,
    person: Person | None = None,
    complainant_name: str = "",
) -> Complaint:
    """Log a stage 1 complaint. Its acknowledgement clock starts on the day it was received."""
    _not_in_future(received_on, "received_on", "received")
    if person is None and not complainant_name.strip():
        raise ValidationError(
            {"complainant_name": "Say who made the complaint: choose a resident or type the person's name."}
        )
    if not summary.strip():
        raise ValidationError({"summary": "Describe what the complaint is about."})
    complaint = Complaint(
        scheme=scheme,
        person=person,
        complainant_name=complainant_name.strip(),
        received_on=received_on,
        summary=summary.strip(),
        stage=Complaint.Stage.ONE,
        stage1_handler=handler,
        recorded_by=by,
    )
    complaint._history_user = by
    complaint.save()
    return complaint


@transaction.atomic
def complaint_acknowledge(*, complaint: Complaint, on: date, by) -> Complaint:
    """Record that the current stage was acknowledged, defined and logged with the resident."""
    complaint = _locked(complaint)
    stage = complaint.stage
    if complaint.closed_on is not None:
        raise ValidationError("This complaint is closed.")
    if _field(complaint, stage, "acknowledged_on") is not None:
        raise ValidationError(
            f"Stage {stage} was already acknowledged on {_fmt(_field(complaint, stage, 'acknowledged_on'))}."
        )
    started = complaint.received_on if stage == Complaint.Stage.ONE else complaint.escalated_on
    if on < started:
        what = "the complaint was received" if stage == Complaint.Stage.ONE else "the request to escalate"
        raise ValidationError({"acknowledged_on": f"The acknowledgement cannot be before {what} ({_fmt(started)})."})
    _not_in_future(on, "acknowledged_on", "acknowledgement")
    setattr(complaint, f"stage{stage}_acknowledged_on", on)
    return _save(complaint, by, [f"stage{stage}_acknowledged_on"])


@transaction.atomic
def complaint_extend(*, complaint: Complaint, to: date, reason: str, by) -> Complaint:
    """Extend the current stage's response date, with the reason explained to the resident.

    The extension counts from the original response date and may not run past the limit
    (10 working days; Code 6.4 at stage 1). It has to be agreed before the response is due.
    """
    complaint = _locked(complaint)
    stage = complaint.stage
    if complaint.closed_on is not None:
        raise ValidationError("This complaint is closed.")
    if _field(complaint, stage, "acknowledged_on") is None:
        raise ValidationError("Acknowledge the complaint first: the response date counts from the acknowledgement.")
    if _field(complaint, stage, "responded_on") is not None:
        raise ValidationError(f"The stage {stage} response has already been sent.")
    if not reason.strip():
        raise ValidationError({"reason": "Explain why more time is needed. The resident must be told the reason."})
    deadline = complaint_clocks(complaint).current_response
    today = timezone.localdate()
    if today > deadline.due:
        raise ValidationError(
            f"The response was due on {_fmt(deadline.due)}. An extension has to be agreed with the resident "
            "before the response is due; send the response as soon as you can."
        )
    limit = COMPLAINT_EXTENSION_LIMIT[stage].due(deadline.original_due)
    if to <= deadline.original_due:
        raise ValidationError(
            {"extended_to": f"Choose a date after the original response date ({_fmt(deadline.original_due)})."}
        )
    if to > limit:
        raise ValidationError(
            {
                "extended_to": (
                    f"An extension can be at most {COMPLAINT_EXTENSION_LIMIT[stage].amount} working days after the "
                    f"original response date of {_fmt(deadline.original_due)}, so no later than {_fmt(limit)}."
                )
            }
        )
    setattr(complaint, f"stage{stage}_extended_to", to)
    setattr(complaint, f"stage{stage}_extension_reason", reason.strip())
    return _save(complaint, by, [f"stage{stage}_extended_to", f"stage{stage}_extension_reason"])


@transaction.atomic
def complaint_respond(*, complaint: Complaint, on: date, response: str, by) -> Complaint:
    """Record the current stage's response: the decision, the reasons and any remedy."""
    complaint = _locked(complaint)
    stage = complaint.stage
    if complaint.closed_on is not None:
        raise ValidationError("This complaint is closed.")
    acknowledged_on = _field(complaint, stage, "acknowledged_on")
    if acknowledged_on is None:
        raise ValidationError("Record the acknowledgement first. It can be on the same day as the response.")
    if _field(complaint, stage, "responded_on") is not None:
        raise ValidationError(f"The stage {stage} response has already been recorded.")
    if not response.strip():
        raise ValidationError({"response": "Write down the decision, the reasons for it and any remedy offered."})
    if on < acknowledged_on:
        raise ValidationError(
            {"responded_on": f"The response cannot be before the acknowledgement ({_fmt(acknowledged_on)})."}
        )
    _not_in_future(on, "responded_on", "response")
    setattr(complaint, f"stage{stage}_responded_on", on)
    setattr(complaint, f"stage{stage}_response", response.strip())
    return _save(complaint, by, [f"stage{stage}_responded_on", f"stage{stage}_response"])


@transaction.atomic
def complaint_escalate(*, complaint: Complaint, requested_on: date, handler, by) -> Complaint:
    """Take the complaint to stage 2 at the resident's request, once stage 1 has been answered.

    A closed stage 1 complaint is reopened: residents may ask for stage 2 after the response.
    """
    complaint = _locked(complaint)
    if complaint.stage != Complaint.Stage.ONE:
        raise ValidationError("This complaint is already at stage 2.")
    if complaint.stage1_responded_on is None:
        raise ValidationError("A complaint can only go to stage 2 once the stage 1 response has been sent.")
    if handler is None:
        raise ValidationError({"handler": "Choose who will look at the complaint at stage 2."})
    if complaint.stage1_handler_id is not None and handler.pk == complaint.stage1_handler_id:
        raise ValidationError({"handler": DIFFERENT_HANDLER_MESSAGE.format(name=complaint.stage1_handler)})
    if requested_on < complaint.stage1_responded_on:
        raise ValidationError(
            {
                "requested_on": (
                    f"The request cannot be before the stage 1 response ({_fmt(complaint.stage1_responded_on)})."
                )
            }
        )
    _not_in_future(requested_on, "requested_on", "request")
    complaint.stage = Complaint.Stage.TWO
    complaint.escalated_on = requested_on
    complaint.stage2_handler = handler
    complaint.closed_on = None
    try:
        with transaction.atomic():
            _save(complaint, by, ["stage", "escalated_on", "stage2_handler", "closed_on"])
    except IntegrityError as exc:  # the database's own check (complaint_stage2_by_someone_else)
        raise ValidationError({"handler": DIFFERENT_HANDLER_MESSAGE.format(name=complaint.stage1_handler)}) from exc
    return complaint


@transaction.atomic
def complaint_close(*, complaint: Complaint, on: date, by) -> Complaint:
    """Close the complaint once the current stage has been answered."""
    complaint = _locked(complaint)
    if complaint.closed_on is not None:
        raise ValidationError(f"This complaint was already closed on {_fmt(complaint.closed_on)}.")
    responded_on = _field(complaint, complaint.stage, "responded_on")
    if responded_on is None:
        raise ValidationError(f"Record the stage {complaint.stage} response before closing the complaint.")
    if on < responded_on:
        raise ValidationError({"closed_on": f"The complaint cannot close before the response ({_fmt(responded_on)})."})
    _not_in_future(on, "closed_on", "closing")
    complaint.closed_on = on
    return _save(complaint, by, ["closed_on"])
