"""Complaint steps: each rule of the Complaint Handling Code that the services enforce."""

from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts import roles
from core.clocks import LONDON
from tenancies.models import Complaint
from tenancies.services import complaints as services
from tests.accounts.factories import UserFactory
from tests.tenancies.factories import ComplaintFactory, SchemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_20_june_2025():
    with time_machine.travel(datetime(2025, 6, 20, 12, 0, tzinfo=LONDON), tick=False):
        yield date(2025, 6, 20)


@pytest.fixture
def worker(db):
    return UserFactory(role=roles.HOUSING_WORKER)


@pytest.fixture
def manager(db):
    return UserFactory(role=roles.HOUSING_MANAGER)


def acknowledged(worker, **fields):
    return ComplaintFactory(
        received_on=date(2025, 6, 2), stage1_handler=worker, stage1_acknowledged_on=date(2025, 6, 4), **fields
    )


def answered(worker, **fields):
    return acknowledged(worker, stage1_responded_on=date(2025, 6, 16), stage1_response="Sorry; fixed.", **fields)


# ---------------------------------------------------------------- logging


def test_logging_a_complaint_starts_it_at_stage1_with_its_handler(on_20_june_2025, worker):
    scheme = SchemeFactory()
    complaint = services.complaint_log(
        scheme=scheme,
        received_on=date(2025, 6, 19),
        summary="  No hot water  ",
        handler=worker,
        complainant_name="Pat Jones",
        by=worker,
    )
    assert complaint.stage == Complaint.Stage.ONE
    assert complaint.stage1_handler == worker
    assert complaint.recorded_by == worker
    assert complaint.summary == "No hot water"
    assert complaint.history.first().history_user == worker


def test_a_complaint_needs_someone_making_it(on_20_june_2025, worker):
    with pytest.raises(ValidationError) as error:
        services.complaint_log(
            scheme=SchemeFactory(), received_on=date(2025, 6, 19), summary="Noise", handler=worker, by=worker
        )
    assert "complainant_name" in error.value.message_dict
    assert not Complaint.objects.exists()


def test_a_complaint_cannot_be_received_in_the_future(on_20_june_2025, worker):
    with pytest.raises(ValidationError, match="cannot be in the future"):
        services.complaint_log(
            scheme=SchemeFactory(),
            received_on=date(2025, 6, 21),
            summary="Noise",
            handler=worker,
            complainant_name="Pat",
            by=worker,
        )


# ---------------------------------------------------------------- acknowledging


def test_acknowledging_records_the_date_for_the_current_stage(on_20_june_2025, worker):
    complaint = ComplaintFactory(received_on=date(2025, 6, 2), stage1_handler=worker)
    services.complaint_acknowledge(complaint=complaint, on=date(2025, 6, 4), by=worker)
    complaint.refresh_from_db()
    assert complaint.stage1_acknowledged_on == date(2025, 6, 4)


def test_cannot_acknowledge_twice_or_before_receipt(on_20_june_2025, worker):
    complaint = ComplaintFactory(received_on=date(2025, 6, 2))
    with pytest.raises(ValidationError, match="cannot be before the complaint was received"):
        services.complaint_acknowledge(complaint=complaint, on=date(2025, 6, 1), by=worker)
    services.complaint_acknowledge(complaint=complaint, on=date(2025, 6, 2), by=worker)
    with pytest.raises(ValidationError, match="already acknowledged on 2 June 2025"):
        services.complaint_acknowledge(complaint=complaint, on=date(2025, 6, 3), by=worker)


# ---------------------------------------------------------------- extending


def test_extension_within_ten_working_days_is_recorded_with_its_reason(worker):
    complaint = acknowledged(worker)  # response due 18 June; the extension is agreed the day before
    with time_machine.travel(datetime(2025, 6, 17, 12, 0, tzinfo=LONDON), tick=False):
        services.complaint_extend(complaint=complaint, to=date(2025, 7, 2), reason="Waiting for survey", by=worker)
    complaint.refresh_from_db()
    assert complaint.stage1_extended_to == date(2025, 7, 2)
    assert complaint.stage1_extension_reason == "Waiting for survey"
    assert services.complaint_clocks(complaint).get(1, "respond").due == date(2025, 7, 2)


def test_extension_beyond_ten_working_days_is_refused_with_the_latest_allowed_date(worker):
    complaint = acknowledged(worker)
    with (
        time_machine.travel(datetime(2025, 6, 17, 12, 0, tzinfo=LONDON), tick=False),
        pytest.raises(ValidationError) as error,
    ):
        services.complaint_extend(complaint=complaint, to=date(2025, 7, 3), reason="Survey", by=worker)
    message = error.value.message_dict["extended_to"][0]
    assert "at most 10 working days" in message
    assert "no later than 2 July 2025" in message
    complaint.refresh_from_db()
    assert complaint.stage1_extended_to is None


def test_an_extension_counts_from_the_original_date_even_when_extended_again(worker):
    complaint = acknowledged(worker, stage1_extended_to=date(2025, 6, 25), stage1_extension_reason="Survey")
    with time_machine.travel(datetime(2025, 6, 24, 12, 0, tzinfo=LONDON), tick=False):
        services.complaint_extend(complaint=complaint, to=date(2025, 7, 2), reason="Survey moved", by=worker)
        with pytest.raises(ValidationError, match="no later than 2 July 2025"):
            services.complaint_extend(complaint=complaint, to=date(2025, 7, 4), reason="Again", by=worker)


def test_extension_needs_a_reason_an_acknowledgement_and_a_later_date(worker):
    with time_machine.travel(datetime(2025, 6, 5, 12, 0, tzinfo=LONDON), tick=False):
        not_acknowledged = ComplaintFactory(received_on=date(2025, 6, 2))
        with pytest.raises(ValidationError, match="Acknowledge the complaint first"):
            services.complaint_extend(complaint=not_acknowledged, to=date(2025, 6, 30), reason="x", by=worker)
        complaint = acknowledged(worker)
        with pytest.raises(ValidationError) as no_reason:
            services.complaint_extend(complaint=complaint, to=date(2025, 6, 25), reason="  ", by=worker)
        assert "reason" in no_reason.value.message_dict
        with pytest.raises(ValidationError, match="after the original response date"):
            services.complaint_extend(complaint=complaint, to=date(2025, 6, 18), reason="x", by=worker)


def test_extension_must_be_agreed_before_the_response_is_due(on_20_june_2025, worker):
    complaint = acknowledged(worker)  # response was due 18 June
    with pytest.raises(ValidationError, match="before the response is due"):
        services.complaint_extend(complaint=complaint, to=date(2025, 6, 30), reason="Survey", by=worker)


# ---------------------------------------------------------------- responding


def test_responding_records_the_date_and_the_response(on_20_june_2025, worker):
    complaint = acknowledged(worker)
    services.complaint_respond(complaint=complaint, on=date(2025, 6, 18), response="We fixed it.", by=worker)
    complaint.refresh_from_db()
    assert complaint.stage1_responded_on == date(2025, 6, 18)
    assert services.complaint_clocks(complaint).get(1, "respond").met


def test_cannot_respond_before_acknowledging_or_twice(on_20_june_2025, worker):
    complaint = ComplaintFactory(received_on=date(2025, 6, 2))
    with pytest.raises(ValidationError, match="Record the acknowledgement first"):
        services.complaint_respond(complaint=complaint, on=date(2025, 6, 3), response="x", by=worker)
    complaint = answered(worker)
    with pytest.raises(ValidationError, match="already been recorded"):
        services.complaint_respond(complaint=complaint, on=date(2025, 6, 17), response="x", by=worker)


def test_response_cannot_be_before_the_acknowledgement(on_20_june_2025, worker):
    with pytest.raises(ValidationError, match="cannot be before the acknowledgement"):
        services.complaint_respond(complaint=acknowledged(worker), on=date(2025, 6, 3), response="x", by=worker)


# ---------------------------------------------------------------- escalating


def test_escalation_moves_to_stage2_with_a_different_handler(on_20_june_2025, worker, manager):
    complaint = answered(worker)
    services.complaint_escalate(complaint=complaint, requested_on=date(2025, 6, 19), handler=manager, by=worker)
    complaint.refresh_from_db()
    assert complaint.stage == Complaint.Stage.TWO
    assert complaint.escalated_on == date(2025, 6, 19)
    assert complaint.stage2_handler == manager
    assert services.complaint_clocks(complaint).next.key == "stage2-acknowledge"


def test_the_stage1_handler_cannot_handle_stage2(on_20_june_2025, worker):
    complaint = answered(worker)
    with pytest.raises(ValidationError) as error:
        services.complaint_escalate(complaint=complaint, requested_on=date(2025, 6, 19), handler=worker, by=worker)
    assert "Complaint Handling Code 6.13" in error.value.message_dict["handler"][0]
    complaint.refresh_from_db()
    assert complaint.stage == Complaint.Stage.ONE


def test_the_database_refuses_the_same_handler_at_both_stages(worker):
    complaint = answered(worker)
    complaint.stage2_handler = worker
    with pytest.raises(IntegrityError), transaction.atomic():
        complaint.save()


def test_escalation_needs_the_stage1_response_first(on_20_june_2025, worker, manager):
    with pytest.raises(ValidationError, match="once the stage 1 response has been sent"):
        services.complaint_escalate(
            complaint=acknowledged(worker), requested_on=date(2025, 6, 19), handler=manager, by=worker
        )


def test_escalating_a_closed_stage1_complaint_reopens_it(on_20_june_2025, worker, manager):
    complaint = answered(worker, closed_on=date(2025, 6, 17))
    services.complaint_escalate(complaint=complaint, requested_on=date(2025, 6, 20), handler=manager, by=worker)
    complaint.refresh_from_db()
    assert complaint.closed_on is None
    assert complaint.stage == 2


def test_stage2_acknowledgement_and_response_use_the_stage2_fields(on_20_june_2025, worker, manager):
    complaint = answered(worker, stage=2, escalated_on=date(2025, 6, 17), stage2_handler=manager)
    services.complaint_acknowledge(complaint=complaint, on=date(2025, 6, 18), by=manager)
    services.complaint_respond(complaint=complaint, on=date(2025, 6, 20), response="Final answer", by=manager)
    complaint.refresh_from_db()
    assert complaint.stage1_acknowledged_on == date(2025, 6, 4)
    assert complaint.stage2_acknowledged_on == date(2025, 6, 18)
    assert complaint.stage2_response == "Final answer"


def test_cannot_escalate_twice(on_20_june_2025, worker, manager):
    complaint = answered(worker, stage=2, escalated_on=date(2025, 6, 17), stage2_handler=manager)
    with pytest.raises(ValidationError, match="already at stage 2"):
        services.complaint_escalate(complaint=complaint, requested_on=date(2025, 6, 19), handler=manager, by=worker)


# ---------------------------------------------------------------- closing


def test_closing_needs_the_current_stage_answered(on_20_june_2025, worker):
    with pytest.raises(ValidationError, match="before closing"):
        services.complaint_close(complaint=acknowledged(worker), on=date(2025, 6, 20), by=worker)
    complaint = answered(worker)
    services.complaint_close(complaint=complaint, on=date(2025, 6, 20), by=worker)
    complaint.refresh_from_db()
    assert complaint.closed_on == date(2025, 6, 20)
    with pytest.raises(ValidationError, match="already closed"):
        services.complaint_close(complaint=complaint, on=date(2025, 6, 20), by=worker)


def test_closed_complaints_take_no_more_steps(on_20_june_2025, worker):
    complaint = answered(worker, closed_on=date(2025, 6, 17))
    with pytest.raises(ValidationError, match="closed"):
        services.complaint_acknowledge(complaint=complaint, on=date(2025, 6, 18), by=worker)


def test_current_handler_is_the_stage_handler_or_whoever_logged_it(worker, manager):
    logger = UserFactory(role=roles.HOUSING_WORKER)
    assert services.current_handler(ComplaintFactory(recorded_by=logger)) == logger
    assert services.current_handler(answered(worker)) == worker
    stage2 = answered(worker, stage=2, escalated_on=date(2025, 6, 17), stage2_handler=manager)
    assert services.current_handler(stage2) == manager
