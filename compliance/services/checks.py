"""Recording a check: when the next one is due, what it found, and the certificate that proves it.

The next due date follows from the check's rule. For gas, a check done in the 2 months ending with
its deadline counts as made on the deadline, so the anniversary is kept (SI 1998/2451 reg 36A(1));
both the date done and the deadline are stored on the record. A visit where no one could get in is
recorded with the attempt, but the check is still due when it was.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from repairs.services.repairs import PHOTO_FORMATS, check_photo

from .. import rules
from ..models import Action, ActionPriority, CheckRecord, CheckType, ScheduledCheck

Outcome = CheckRecord.Outcome


@dataclass(frozen=True)
class Finding:
    """A finding of a check, which becomes an action."""

    description: str
    priority: ActionPriority
    owner: object = None


def counts_from(check_type: CheckType, *, done_on: date, deadline_on: date | None) -> date:
    """The date the next check is counted from: the deadline for a check in the early window."""
    window = check_type.early_window_months
    if window and deadline_on and deadline_on - relativedelta(months=window) < done_on <= deadline_on:
        return deadline_on
    return done_on


def next_due(check_type: CheckType, *, done_on: date, deadline_on: date | None) -> tuple[date, date | None]:
    """(counts from, next due): no next due date for a one-off check such as a survey."""
    start = counts_from(check_type, done_on=done_on, deadline_on=deadline_on)
    rule = check_type.rule
    return start, rule.due(start) if rule else None


def check_certificate(upload, field: str = "certificate") -> str:
    """The content type of a certificate: a PDF or an image, checked by its content and size."""
    size = getattr(upload, "size", None) or 0
    if size > rules.CERTIFICATE_MAX_BYTES:
        raise ValidationError(
            {field: f"The file is too large. Certificates can be up to {rules.CERTIFICATE_MAX_BYTES // 2**20} MB."}
        )
    if size == 0:
        raise ValidationError({field: "The file is empty."})
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        try:
            PdfReader(upload).pages[0]
        except (PdfReadError, IndexError, ValueError, KeyError, TypeError, OSError):
            raise ValidationError({field: "That PDF could not be read. Scan or save it again."}) from None
        finally:
            upload.seek(0)
        return "application/pdf"
    try:
        kind = check_photo(upload, field=field)
    except ValidationError:
        raise ValidationError(
            {field: "That file is not a PDF or an image. Choose the certificate as a PDF or a photo."}
        ) from None
    return PHOTO_FORMATS[kind]


def _validate(
    schedule, *, done_on, outcome, findings, access_attempt, contractor_name, contractor_registration, certificate, by
):
    check_type = schedule.check_type
    errors = {}
    today = timezone.localdate()
    if done_on > today:
        errors["done_on"] = "The date done cannot be in the future."
    if outcome == Outcome.FAIL and not findings:
        errors["findings"] = "A failed check needs at least one finding: say what was wrong, so it can be put right."
    if outcome == Outcome.NO_ACCESS and not access_attempt.strip():
        errors["access_attempt"] = "Say when you tried to get in, how, and whether you left a notice."
    if check_type.recorded_by == CheckType.RecordedBy.CERTIFICATE:
        if not by.has_perm("compliance.record_certificate"):
            raise ValidationError("Only housing staff can record a contractor's check.")
        if outcome != Outcome.NO_ACCESS:
            if not contractor_name.strip():
                errors["contractor_name"] = "Give the name of the contractor or engineer who did the check."
            if check_type.registration_label and not contractor_registration.strip():
                errors["contractor_registration"] = f"Give the engineer's {check_type.registration_label}."
            if certificate is None:
                errors["certificate"] = "Upload the certificate (a PDF or a photo of it)."
    if not schedule.active:
        errors["__all__"] = "This check is no longer scheduled."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def check_record(
    *,
    schedule: ScheduledCheck,
    done_on: date,
    outcome: str,
    by,
    findings: list[Finding] | tuple = (),
    access_attempt: str = "",
    contractor_name: str = "",
    contractor_registration: str = "",
    certificate=None,
    certificate_expires_on: date | None = None,
) -> CheckRecord:
    """Record a check and its findings (each one an action), and move the schedule on."""
    schedule = ScheduledCheck.objects.select_for_update().select_related("check_type").get(pk=schedule.pk)
    findings = [f for f in findings if f.description.strip()]
    _validate(
        schedule,
        done_on=done_on,
        outcome=outcome,
        findings=findings,
        access_attempt=access_attempt,
        contractor_name=contractor_name,
        contractor_registration=contractor_registration,
        certificate=certificate,
        by=by,
    )
    certificate_type = check_certificate(certificate) if certificate is not None else ""
    check_type = schedule.check_type
    deadline = schedule.next_due_on
    if outcome == Outcome.NO_ACCESS:
        start, due = done_on, None
    else:
        start, due = next_due(check_type, done_on=done_on, deadline_on=deadline)
    record = CheckRecord(
        schedule=schedule,
        done_on=done_on,
        deadline_on=deadline,
        counts_from=start,
        next_due_on=due,
        outcome=outcome,
        done_by_staff=None if contractor_name.strip() else by,
        contractor_name=contractor_name.strip(),
        contractor_registration=contractor_registration.strip(),
        findings="\n".join(f.description.strip() for f in findings),
        access_attempt=access_attempt.strip(),
        certificate_type=certificate_type,
        certificate_expires_on=certificate_expires_on,
        recorded_by=by,
    )
    if certificate is not None:
        record.certificate = certificate
    record._history_user = by
    record._change_reason = f"Recorded: {record.get_outcome_display()}"
    record.save()
    for finding in findings:
        _action(record, finding, by=by)
    _move_on(schedule, record, by=by)
    return record


def _action(record: CheckRecord, finding: Finding, *, by) -> Action:
    action = Action(
        check_record=record,
        description=finding.description.strip(),
        priority=finding.priority,
        due_on=finding.priority.rule.due(record.done_on),
        owner=finding.owner or by,
        created_by=by,
    )
    action._history_user = by
    action._change_reason = "From a check's finding"
    action.save()
    return action


def _move_on(schedule: ScheduledCheck, record: CheckRecord, *, by) -> None:
    schedule.last_attempt_on = max(filter(None, [schedule.last_attempt_on, record.done_on]))
    fields = ["last_attempt_on"]
    if record.outcome != Outcome.NO_ACCESS and (
        schedule.last_done_on is None or record.done_on >= schedule.last_done_on
    ):
        schedule.last_done_on = record.done_on
        schedule.last_outcome = record.outcome
        schedule.next_due_on = record.next_due_on
        schedule.due_soon_from = (
            record.next_due_on - timedelta(days=schedule.check_type.warning_days) if record.next_due_on else None
        )
        fields += ["last_done_on", "last_outcome", "next_due_on", "due_soon_from"]
    schedule._history_user = by
    schedule._change_reason = f"{schedule.check_type} recorded on {record.done_on:%d %B %Y}"
    schedule.save(update_fields=fields)
