"""Follow-up actions: added from findings, closed with evidence, or by a manager with a reason; an
action can raise a repair in one step, linked both ways."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from repairs.models import Repair, RepairPriority
from repairs.services import repairs as repair_services

from ..models import Action, CheckRecord
from .checks import Finding, _action, check_certificate

# An action's priority code -> the repair priority it raises (the nearest target that is not later).
REPAIR_PRIORITY_FOR = {
    "immediate": "emergency",
    "electrical_remedial": "urgent",
    "one_month": "routine",
    "three_months": "planned",
    "twelve_months": "planned",
}


def _lock(action: Action) -> Action:
    return Action.objects.select_for_update().select_related("check_record__schedule__check_type").get(pk=action.pk)


def _save(action: Action, fields: list[str], *, by, reason: str) -> Action:
    action._history_user = by
    action._change_reason = reason
    action.save(update_fields=fields)
    return action


@transaction.atomic
def action_add(*, record: CheckRecord, finding: Finding, by) -> Action:
    if not finding.description.strip():
        raise ValidationError({"description": "Say what needs to be done."})
    return _action(record, finding, by=by)


@transaction.atomic
def action_start(*, action: Action, by) -> Action:
    action = _lock(action)
    if action.status != Action.Status.OPEN:
        raise ValidationError(f"This action is {action.get_status_display().lower()}.")
    action.status = Action.Status.IN_PROGRESS
    return _save(action, ["status"], by=by, reason="Started")


@transaction.atomic
def action_close(*, action: Action, completed_on: date, evidence_notes: str = "", evidence=None, by) -> Action:
    """Close an action with its evidence: a note of what was done and, if there is one, a photo or document."""
    action = _lock(action)
    if not action.is_open:
        raise ValidationError(f"This action is already {action.get_status_display().lower()}.")
    errors = {}
    if completed_on > timezone.localdate():
        errors["completed_on"] = "The date it was done cannot be in the future."
    elif completed_on < action.check_record.done_on:
        errors["completed_on"] = "The date it was done cannot be before the check that found it."
    if not evidence_notes.strip():
        errors["evidence_notes"] = (
            "Say what was done and what shows it (for example the contractor's job sheet or a photo). "
            "An action cannot close without evidence."
        )
    if errors:
        raise ValidationError(errors)
    if evidence is not None:
        action.evidence_type = check_certificate(evidence, field="evidence")
        action.evidence = evidence
    action.status = Action.Status.DONE
    action.completed_on = completed_on
    action.evidence_notes = evidence_notes.strip()
    action.closed_by = by
    action.closed_at = timezone.now()
    return _save(
        action,
        ["status", "completed_on", "evidence_notes", "evidence", "evidence_type", "closed_by", "closed_at"],
        by=by,
        reason="Done, with evidence",
    )


@transaction.atomic
def action_override(*, action: Action, reason: str, by) -> Action:
    """A manager closes an action without evidence, and says why (kept on the action and its history)."""
    if not by.has_perm("compliance.override_action"):
        raise PermissionDenied("Only a manager can close an action without evidence.")
    action = _lock(action)
    if not action.is_open:
        raise ValidationError(f"This action is already {action.get_status_display().lower()}.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the action can close without evidence."})
    action.status = Action.Status.OVERRIDDEN
    action.override_reason = reason.strip()
    action.closed_by = by
    action.closed_at = timezone.now()
    return _save(
        action, ["status", "override_reason", "closed_by", "closed_at"], by=by, reason=f"Closed by a manager: {reason}"
    )


@transaction.atomic
def action_raise_repair(*, action: Action, by) -> Repair:
    """Report a repair for the action's work, at the check's home or building, linked both ways."""
    action = _lock(action)
    if action.repair_id:
        raise ValidationError(f"Repair {action.repair.reference} is already raised for this action.")
    if not action.is_open:
        raise ValidationError("This action is closed.")
    schedule = action.check_record.schedule
    check_type = schedule.check_type
    unit = schedule.unit or (schedule.asset.unit if schedule.asset_id else None)
    building = schedule.covered_building
    where = "" if unit else (f"{building.address}: " if building else "Communal areas: ")
    category = check_type.repair_category if check_type.repair_category in Repair.Category.values else "other"
    repair = repair_services.repair_report(
        scheme=schedule.scheme,
        unit=unit,
        communal_area="" if unit else (str(schedule.asset) if schedule.asset_id else "Communal areas"),
        category=category,
        description=f"{where}{action.description} (from the {check_type.name.lower()} on "
        f"{action.check_record.done_on:%d %B %Y})",
        priority=RepairPriority.objects.get(code=REPAIR_PRIORITY_FOR.get(action.priority.code, "routine")),
        reported_at=timezone.now(),
        reported_by_kind=Repair.ReportedBy.INSPECTION,
        channel=Repair.Channel.IN_PERSON,
        by=by,
    )
    action.repair = repair
    if action.status == Action.Status.OPEN:
        action.status = Action.Status.IN_PROGRESS
    _save(action, ["repair", "status"], by=by, reason=f"Repair {repair.reference} raised")
    return repair
