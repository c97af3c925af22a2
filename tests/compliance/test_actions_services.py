"""Actions close only with evidence or a manager's reason; one raises a repair in one step; and the
pre-let safety items block a letting while failing, overdue or missing."""

from datetime import date as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts import roles
from compliance.letting import pre_let_checks
from compliance.models import Action, CheckRecord
from compliance.services import actions as services
from repairs.models import Repair
from tests.accounts.factories import UserFactory
from tests.compliance.factories import ActionFactory, pre_let_checks_done, record, schedule_of
from tests.tenancies.factories import PropertyFactory, UnitFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media", "frozen")]


@pytest.fixture
def action(worker):
    schedule = schedule_of("fire_risk_assessment", building=PropertyFactory())
    failed = record(schedule, D(2026, 11, 30), outcome=CheckRecord.Outcome.FAIL, findings="Fire door")
    return ActionFactory(check_record=failed, owner=worker)


def test_an_action_cannot_close_without_evidence(action, worker):
    with pytest.raises(ValidationError) as caught:
        services.action_close(action=action, completed_on=D(2026, 12, 2), evidence_notes=" ", by=worker)
    assert "cannot close without evidence" in caught.value.message_dict["evidence_notes"][0]
    with pytest.raises(ValidationError) as caught:
        services.action_close(action=action, completed_on=D(2026, 12, 4), evidence_notes="Done", by=worker)
    assert "future" in caught.value.message_dict["completed_on"][0]
    with pytest.raises(ValidationError) as caught:
        services.action_close(action=action, completed_on=D(2026, 11, 29), evidence_notes="Done", by=worker)
    assert "before the check" in caught.value.message_dict["completed_on"][0]
    with pytest.raises(ValidationError) as caught:
        services.action_close(
            action=action,
            completed_on=D(2026, 12, 2),
            evidence_notes="Job sheet attached",
            evidence=SimpleUploadedFile("job.pdf", b"#!/bin/sh\nrm -rf /"),
            by=worker,
        )
    assert "not a PDF or an image" in caught.value.message_dict["evidence"][0]
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN and not action.evidence


def test_closing_with_evidence_is_audited(action, worker):
    services.action_close(
        action=action, completed_on=D(2026, 12, 2), evidence_notes="New self-closer fitted; job sheet 4411", by=worker
    )
    action.refresh_from_db()
    assert action.status == Action.Status.DONE and action.closed_by == worker
    assert action.history.latest().history_change_reason == "Done, with evidence"
    with pytest.raises(ValidationError, match="already"):
        services.action_close(action=action, completed_on=D(2026, 12, 2), evidence_notes="Again", by=worker)


def test_only_a_manager_overrides_and_must_say_why(action, worker):
    with pytest.raises(PermissionDenied):
        services.action_override(action=action, reason="Not needed", by=worker)
    manager = UserFactory(role=roles.HOUSING_MANAGER)
    with pytest.raises(ValidationError):
        services.action_override(action=action, reason="  ", by=manager)
    services.action_override(action=action, reason="Door replaced under the block's major works", by=manager)
    action.refresh_from_db()
    assert action.status == Action.Status.OVERRIDDEN
    assert action.override_reason == "Door replaced under the block's major works"
    assert "Closed by a manager" in action.history.latest().history_change_reason


def test_an_action_raises_a_repair_in_one_step_linked_both_ways(action, worker):
    repair = services.action_raise_repair(action=action, by=worker)
    action.refresh_from_db()
    assert action.repair == repair and repair.compliance_action == action
    assert action.status == Action.Status.IN_PROGRESS
    assert repair.category == Repair.Category.FIRE_SAFETY
    assert repair.reported_by_kind == Repair.ReportedBy.INSPECTION
    assert repair.priority.code == "routine"  # within 1 month
    assert "fire risk assessment on 30 November 2026" in repair.description
    with pytest.raises(ValidationError, match="already raised"):
        services.action_raise_repair(action=action, by=worker)
    assert Repair.objects.count() == 1


# ------------------------------------------------------------------ the pre-let block


def test_a_unit_cannot_be_let_while_a_pre_let_check_is_missing_overdue_or_failing(worker):
    unit = UnitFactory()
    building, home = unit.property, str(unit)
    reasons = pre_let_checks(unit, D(2026, 12, 3))
    assert reasons == [
        f"Gas safety check ({building}): no record.",
        f"Electrical installation condition report ({building}): no record.",
        f"Fire risk assessment ({building}): no record.",
        f"Smoke and carbon monoxide alarms ({home}): no record.",
    ]
    pre_let_checks_done(unit, D(2026, 11, 1))
    assert pre_let_checks(unit, D(2026, 12, 1)) == []
    assert pre_let_checks(unit, D(2026, 12, 2)) == [f"Smoke and carbon monoxide alarms ({home}): overdue."]
    gas = schedule_of("gas_safety", building=unit.property)
    failed = record(gas, D(2026, 12, 1), outcome=CheckRecord.Outcome.FAIL, findings="Flue spillage")
    record(schedule_of("smoke_co_alarms", unit=unit), D(2026, 12, 2))
    open_action = ActionFactory(check_record=failed)
    assert pre_let_checks(unit, D(2026, 12, 3)) == [f"Gas safety check ({building}): failed, with actions still open."]
    services.action_close(action=open_action, completed_on=D(2026, 12, 2), evidence_notes="Flue replaced", by=worker)
    assert pre_let_checks(unit, D(2026, 12, 3)) == []


def test_a_check_that_is_not_a_pre_let_item_does_not_block(worker):
    unit = UnitFactory()
    pre_let_checks_done(unit, D(2026, 12, 1))
    assert schedule_of("legionella_risk_assessment", building=unit.property).last_done_on is None
    assert pre_let_checks(unit, D(2026, 12, 3)) == []
