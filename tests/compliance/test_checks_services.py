"""Recording checks: next due dates (the gas window among them), status in every case, the
certificate, bad input, and findings becoming actions."""

import io
from datetime import date as D

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts import roles
from compliance.models import Action, CheckRecord, ScheduledCheck
from compliance.services import checks as services
from compliance.services.checks import Finding
from tests.accounts.factories import UserFactory
from tests.compliance.factories import action_priority, check_type, record, schedule_of
from tests.tenancies.factories import PropertyFactory, UnitFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media", "frozen")]

Status = ScheduledCheck.Status
Outcome = CheckRecord.Outcome
TODAY = D(2026, 12, 3)


def pdf(name="certificate.pdf") -> SimpleUploadedFile:
    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=200, height=200)
    writer.write(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/pdf")


def png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, "PNG")
    return SimpleUploadedFile("photo.png", out.getvalue(), content_type="image/png")


def gas(building=None) -> ScheduledCheck:
    return schedule_of("gas_safety", building=building or PropertyFactory())


def record_gas(schedule, done_on, by, **extra):
    return services.check_record(
        schedule=schedule,
        done_on=done_on,
        outcome=extra.pop("outcome", Outcome.PASS),
        contractor_name="Warm Homes Ltd",
        contractor_registration="123456",
        certificate=pdf(),
        by=by,
        **extra,
    )


# ------------------------------------------------------------------ next due


@pytest.mark.parametrize(
    "done_on, counts_from, next_due",
    [
        (D(2026, 1, 16), D(2026, 3, 15), D(2027, 3, 15)),  # first day of the 2 months ending with the deadline
        (D(2026, 3, 15), D(2026, 3, 15), D(2027, 3, 15)),  # on the deadline
        (D(2026, 1, 15), D(2026, 1, 15), D(2027, 1, 15)),  # a day earlier: the anniversary moves
        (D(2026, 4, 1), D(2026, 4, 1), D(2027, 4, 1)),  # late: counts from the day it was done
    ],
)
def test_a_gas_check_in_the_two_months_before_its_deadline_keeps_the_anniversary(done_on, counts_from, next_due):
    assert services.next_due(check_type("gas_safety"), done_on=done_on, deadline_on=D(2026, 3, 15)) == (
        counts_from,
        next_due,
    )


def test_other_checks_count_from_the_day_done_and_a_survey_has_no_next_due():
    early = D(2026, 3, 1)
    assert services.next_due(check_type("fire_risk_assessment"), done_on=early, deadline_on=D(2026, 3, 15)) == (
        early,
        D(2027, 3, 1),
    )
    assert services.next_due(check_type("fire_alarm_test"), done_on=D(2026, 12, 3), deadline_on=None) == (
        D(2026, 12, 3),
        D(2026, 12, 10),
    )
    assert services.next_due(check_type("eicr"), done_on=D(2026, 2, 28), deadline_on=None)[1] == D(2031, 2, 28)
    assert services.next_due(check_type("asbestos_survey"), done_on=D(2026, 2, 1), deadline_on=None)[1] is None


def test_recording_gas_stores_the_date_done_the_deadline_and_the_next_due(worker):
    schedule = gas()
    first = record_gas(schedule, D(2025, 12, 10), worker)
    assert (first.deadline_on, first.counts_from, first.next_due_on) == (None, D(2025, 12, 10), D(2026, 12, 10))
    second = record_gas(schedule, D(2026, 11, 1), worker)
    assert (second.deadline_on, second.counts_from, second.next_due_on) == (
        D(2026, 12, 10),
        D(2026, 12, 10),
        D(2027, 12, 10),
    )
    schedule.refresh_from_db()
    assert (schedule.last_done_on, schedule.next_due_on, schedule.due_soon_from) == (
        D(2026, 11, 1),
        D(2027, 12, 10),
        D(2027, 10, 11),
    )
    assert second.certificate_type == "application/pdf" and second.done_by == "Warm Homes Ltd (123456)"
    assert CheckRecord.objects.filter(schedule=schedule).count() == 2  # both kept
    assert schedule.history.latest().history_user == worker


# ------------------------------------------------------------------ status


def status(schedule, on=TODAY):
    return ScheduledCheck.objects.with_status(on).get(pk=schedule.pk).status


def test_status_in_every_case(worker):
    building = PropertyFactory()
    none = schedule_of("legionella_risk_assessment", building=building)
    assert status(none) == Status.NO_RECORD
    compliant = schedule_of("fire_risk_assessment", building=building)
    record(compliant, D(2026, 6, 1))
    assert status(compliant) == Status.COMPLIANT
    due_soon = gas(building)
    record(due_soon, D(2025, 12, 20))  # due 20 December 2026, warned 60 days before
    assert status(due_soon) == Status.DUE_SOON
    assert status(due_soon, on=D(2026, 10, 21)) == Status.DUE_SOON
    assert status(due_soon, on=D(2026, 10, 20)) == Status.COMPLIANT
    overdue = schedule_of("fire_safety_instructions", building=building)
    record(overdue, D(2025, 12, 2))
    assert status(overdue) == Status.OVERDUE
    assert status(overdue, on=D(2026, 12, 2)) == Status.DUE_SOON  # due that day, not yet overdue
    failed = schedule_of("pat", building=building)
    failed_record = record(failed, D(2026, 11, 20), outcome=Outcome.FAIL, findings="Kettle lead frayed")
    action = Action.objects.create(
        check_record=failed_record,
        description="Replace the kettle",
        priority=action_priority(),
        due_on=D(2026, 12, 20),
        created_by=worker,
    )
    assert status(failed) == Status.FAILED
    action.status = Action.Status.DONE
    action.save()
    assert status(failed) == Status.COMPLIANT  # the finding was acted on
    one_off = schedule_of("asbestos_survey", building=building)
    record(one_off, D(2019, 5, 1))
    assert status(one_off) == Status.COMPLIANT


def test_no_access_keeps_the_check_due_when_it_was(worker):
    schedule = gas()
    record_gas(schedule, D(2025, 11, 20), worker)
    services.check_record(
        schedule=schedule,
        done_on=D(2026, 11, 20),
        outcome=Outcome.NO_ACCESS,
        access_attempt="Knocked at 10am, no answer; card left with a new date.",
        by=worker,
    )
    schedule.refresh_from_db()
    assert (schedule.last_done_on, schedule.last_attempt_on, schedule.next_due_on) == (
        D(2025, 11, 20),
        D(2026, 11, 20),
        D(2026, 11, 20),
    )
    assert status(schedule) == Status.OVERDUE


# ------------------------------------------------------------------ findings and actions


def test_a_failed_check_makes_one_action_per_finding_due_by_its_priority(worker):
    schedule = schedule_of("fire_risk_assessment", building=PropertyFactory())
    made = services.check_record(
        schedule=schedule,
        done_on=D(2026, 12, 1),
        outcome=Outcome.FAIL,
        contractor_name="Safe Fire Assessors",
        certificate=pdf(),
        findings=[
            Finding("Kitchen fire door does not close into its frame", action_priority("immediate")),
            Finding("  ", action_priority("one_month")),  # a blank row is not a finding
            Finding("Fire action notice missing on the first floor", action_priority("three_months")),
        ],
        by=worker,
    )
    actions = list(made.actions.order_by("due_on"))
    assert [(a.description, a.due_on, a.owner) for a in actions] == [
        ("Kitchen fire door does not close into its frame", D(2026, 12, 2), worker),
        ("Fire action notice missing on the first floor", D(2027, 3, 1), worker),
    ]
    assert made.findings.count("\n") == 1
    assert status(schedule) == Status.FAILED


# ------------------------------------------------------------------ bad input


def test_bad_input_is_refused_with_a_clear_message_and_nothing_saved(worker):
    schedule = gas()
    cases = [
        ({"done_on": D(2026, 12, 4)}, "done_on", "future"),
        ({"outcome": Outcome.FAIL}, "findings", "finding"),
        ({"contractor_registration": ""}, "contractor_registration", "Gas Safe"),
        ({"contractor_name": ""}, "contractor_name", "contractor"),
        ({"certificate": None}, "certificate", "Upload"),
        ({"certificate": SimpleUploadedFile("cert.pdf", b"MZ\x90\x00 not a pdf")}, "certificate", "not a PDF"),
        ({"certificate": SimpleUploadedFile("cert.pdf", b"%PDF-1.7 broken")}, "certificate", "could not be read"),
        ({"certificate": SimpleUploadedFile("cert.pdf", b"")}, "certificate", "empty"),
    ]
    for change, field, words in cases:
        fields = {
            "schedule": schedule,
            "done_on": D(2026, 12, 1),
            "outcome": Outcome.PASS,
            "contractor_name": "Warm Homes Ltd",
            "contractor_registration": "123456",
            "certificate": pdf(),
            "by": worker,
            **change,
        }
        with pytest.raises(ValidationError) as caught:
            services.check_record(**fields)
        assert words in " ".join(caught.value.message_dict[field]), (change, caught.value.message_dict)
    with pytest.raises(ValidationError) as caught:
        services.check_record(schedule=schedule, done_on=D(2026, 12, 1), outcome=Outcome.NO_ACCESS, by=worker)
    assert "access_attempt" in caught.value.message_dict
    assert not CheckRecord.objects.exists() and not Action.objects.exists()
    schedule.refresh_from_db()
    assert schedule.last_attempt_on is None


def test_a_certificate_too_large_is_refused(worker):
    from compliance import rules

    big = SimpleUploadedFile("cert.pdf", b"%PDF-" + b"0" * rules.CERTIFICATE_MAX_BYTES)
    with pytest.raises(ValidationError) as caught:
        services.check_record(
            schedule=gas(),
            done_on=D(2026, 12, 1),
            outcome=Outcome.PASS,
            contractor_name="Warm Homes Ltd",
            contractor_registration="1",
            certificate=big,
            by=worker,
        )
    assert "too large" in caught.value.message_dict["certificate"][0]
    assert not CheckRecord.objects.exists()


def test_a_photo_of_a_certificate_is_accepted(worker):
    made = services.check_record(
        schedule=schedule_of("lift_thorough_examination", asset=lift()),
        done_on=D(2026, 12, 1),
        outcome=Outcome.PASS,
        contractor_name="Up and Down Lifts",
        certificate=png(),
        by=worker,
    )
    assert made.certificate_type == "image/png"
    assert made.next_due_on == D(2027, 6, 1)


def lift():
    from tests.compliance.factories import AssetFactory

    return AssetFactory(kind="lift", label="Main lift")


def test_support_workers_record_staff_checks_but_not_contractors_certificates():
    support = UserFactory(role=roles.SUPPORT_WORKER)
    building = PropertyFactory()
    alarm_test = services.check_record(
        schedule=schedule_of("fire_safety_instructions", building=building),
        done_on=D(2026, 12, 3),
        outcome=Outcome.PASS,
        by=support,
    )
    assert alarm_test.done_by_staff == support
    with pytest.raises(ValidationError, match="Only housing staff"):
        record_gas(gas(building), D(2026, 12, 1), support)


def test_an_older_check_recorded_late_does_not_move_the_schedule_back(worker):
    schedule = schedule_of("smoke_co_alarms", unit=UnitFactory())
    services.check_record(schedule=schedule, done_on=D(2026, 12, 1), outcome=Outcome.PASS, by=worker)
    services.check_record(schedule=schedule, done_on=D(2026, 10, 1), outcome=Outcome.PASS, by=worker)
    schedule.refresh_from_db()
    assert (schedule.last_done_on, schedule.next_due_on) == (D(2026, 12, 1), D(2027, 1, 1))
    assert schedule.records.count() == 2
