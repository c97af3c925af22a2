"""Awaab's Law services: applicability, triage, the clocks (working days, bank holidays, the 24-hour
clock across a clock change) and that a met or missed clock is kept."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from repairs.models import AwaabApplicability, EntryNotice, Hazard, HazardClock, Repair
from repairs.services import hazards as services
from tests.repairs.factories import RepairFactory
from tests.tenancies.factories import AgreementFactory, UnitFactory

pytestmark = pytest.mark.django_db
D = datetime.date
UTC = datetime.UTC
LONDON = ZoneInfo("Europe/London")
Step = HazardClock.Step


def london(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def frozen():
    """Local override of conftest's `frozen`: these clocks run from December reports past the New Year."""
    with time_machine.travel(london(2027, 2, 1, 10, 0), tick=False):
        yield


class TenancyFactory(AgreementFactory):
    kind = "assured_periodic"
    start_date = D(2025, 1, 6)
    checklist_completed_on = D(2025, 1, 6)


def damp_repair(kind="assured_periodic", reported_at=None, **extra) -> Repair:
    unit = UnitFactory()
    TenancyFactory(unit=unit, kind=kind)
    return RepairFactory(
        unit=unit,
        category=Repair.Category.DAMP_MOULD,
        reported_at=reported_at or london(2026, 12, 4, 9, 0),
        **extra,
    )


def utc(moment):
    return moment.astimezone(UTC)


# ------------------------------------------------------------------ applicability


def test_a_tenancy_is_covered_and_a_licence_is_not(worker):
    applies, reason = services.awaab_applies(repair=damp_repair())
    assert applies and "relevant social housing lease" in reason
    applies, reason = services.awaab_applies(repair=damp_repair("licence"))
    assert not applies and "licence" in reason.lower()


def test_before_27_october_2025_the_law_is_not_in_force():
    repair = damp_repair(reported_at=london(2025, 10, 26, 12, 0))
    applies, reason = services.awaab_applies(repair=repair)
    assert not applies and "not yet in force" in reason


def test_a_scheme_row_overrides_the_all_schemes_row_and_the_default(worker):
    repair = damp_repair("licence")
    AwaabApplicability.objects.create(agreement_kind="licence", applies=False, reason="Org rule")
    AwaabApplicability.objects.create(
        scheme=repair.scheme, agreement_kind="licence", applies=True, reason="We treat licensees the same"
    )
    applies, reason = services.applicability_for(scheme=repair.scheme, agreement_kind="licence")
    assert applies and "We treat licensees the same" in reason
    applies, reason = services.applicability_for(scheme=damp_repair().scheme, agreement_kind="licence")
    assert not applies and "Set for all schemes" in reason


def test_a_communal_area_is_covered_when_a_resident_of_the_scheme_is(worker):
    tenanted = damp_repair()
    communal = RepairFactory(unit=None, scheme=tenanted.scheme, communal_area="Shared kitchen")
    assert services.awaab_applies(repair=communal)[0] is True
    licensed = damp_repair("licence")
    communal = RepairFactory(unit=None, scheme=licensed.scheme, communal_area="Shared kitchen")
    applies, reason = services.awaab_applies(repair=communal)
    assert not applies and "communal area" in reason


# ------------------------------------------------------------------ triage and clocks


def test_significant_clock_skips_a_weekend_and_is_audited(worker):
    hazard = services.hazard_triage(repair=damp_repair(), kind=Hazard.Kind.SIGNIFICANT, by=worker)
    assert hazard.basis == Hazard.Basis.LAW and hazard.hazard_type.name == "Damp and mould"
    clock = hazard.clocks.get()
    # Aware Friday 4 Dec (day 0): 10 working days is Friday 18 Dec, end of the day in London.
    assert clock.step == Step.INVESTIGATE
    assert utc(clock.due_at) == datetime.datetime(2026, 12, 18, 23, 59, 59, 999999, tzinfo=UTC)
    assert clock.history.latest().history_user == worker
    assert hazard.history.latest().history_change_reason.startswith("Triaged as significant")


def test_working_days_skip_christmas_and_new_year_bank_holidays(worker):
    repair = damp_repair(reported_at=london(2026, 12, 22, 15, 0))
    hazard = services.hazard_triage(repair=repair, kind=Hazard.Kind.SIGNIFICANT, by=worker)
    # 25, 28 Dec and 1 Jan are bank holidays: day 10 is Friday 8 January 2027.
    assert utc(hazard.clocks.get().due_at) == datetime.datetime(2027, 1, 8, 23, 59, 59, 999999, tzinfo=UTC)


def test_emergency_clock_is_24_real_hours_across_the_end_of_summer_time(worker):
    repair = damp_repair(reported_at=london(2026, 10, 25, 0, 30))  # BST: 24 Oct 23:30 UTC
    hazard = services.hazard_triage(repair=repair, kind=Hazard.Kind.EMERGENCY, by=worker)
    clock = hazard.clocks.get()
    assert clock.step == Step.EMERGENCY_ACTION
    assert utc(clock.due_at) == datetime.datetime(2026, 10, 25, 23, 30, tzinfo=UTC)
    assert utc(clock.due_at) - utc(hazard.aware_at) == datetime.timedelta(hours=24)


def test_a_licence_or_a_type_not_yet_significant_runs_as_policy(worker):
    hazard = services.hazard_triage(repair=damp_repair("licence"), kind=Hazard.Kind.SIGNIFICANT, by=worker)
    assert hazard.basis == Hazard.Basis.POLICY and hazard.clocks.count() == 1
    from repairs.models import HazardType

    cold = HazardType.objects.get(name="Excess cold")
    hazard = services.hazard_triage(repair=damp_repair(), kind="significant", hazard_type=cold, by=worker)
    assert hazard.basis == Hazard.Basis.POLICY and "Excess cold" in hazard.basis_reason


def test_triage_twice_or_with_a_bad_kind_is_refused(worker):
    repair = damp_repair()
    with pytest.raises(ValidationError) as error:
        services.hazard_triage(repair=repair, kind="minor", by=worker)
    assert "kind" in error.value.message_dict
    services.hazard_triage(repair=repair, kind="significant", by=worker)
    with pytest.raises(ValidationError):
        services.hazard_triage(repair=repair, kind="significant", by=worker)


# ------------------------------------------------------------------ investigation, summary, works


def triaged(worker, **extra):
    return services.hazard_triage(repair=damp_repair(**extra), kind=Hazard.Kind.SIGNIFICANT, by=worker)


def test_written_summary_before_the_investigation_is_refused_and_nothing_saved(worker):
    hazard = triaged(worker)
    with pytest.raises(ValidationError) as error:
        services.written_summary_record(hazard=hazard, sent_at=london(2026, 12, 7, 9, 0), by=worker)
    assert "sent_at" in error.value.message_dict
    hazard.refresh_from_db()
    assert hazard.summary_issued_on is None and hazard.clocks.count() == 1


def test_conclusion_before_awareness_or_in_the_future_is_refused(worker):
    hazard = triaged(worker)
    for when in (london(2026, 12, 3, 9, 0), london(2027, 2, 2, 9, 0)):
        with pytest.raises(ValidationError) as error:
            services.investigation_conclude(
                hazard=hazard, concluded_at=when, hazard_found=True, findings="Mould", by=worker
            )
        assert "concluded_at" in error.value.message_dict
    assert hazard.clocks.get().is_running


def test_found_starts_summary_safety_and_supplementary_clocks_and_met_and_missed_are_kept(worker):
    hazard = triaged(worker)
    hazard = services.investigation_conclude(
        hazard=hazard,
        concluded_at=london(2026, 12, 10, 14, 0),  # Thursday
        hazard_found=True,
        findings="Black mould in the bedroom",
        by=worker,
    )
    clocks = {c.step: c for c in hazard.clocks.all()}
    assert clocks[Step.INVESTIGATE].was_met() is True
    assert utc(clocks[Step.WRITTEN_SUMMARY].due_at).date() == D(2026, 12, 15)
    assert utc(clocks[Step.SAFETY_WORK].due_at).date() == D(2026, 12, 17)
    assert utc(clocks[Step.SUPPLEMENTARY_BEGIN].due_at).date() == D(2026, 12, 17)
    assert utc(clocks[Step.SUPPLEMENTARY_START].due_at).date() == D(2027, 3, 4)

    with pytest.raises(ValidationError):
        services.written_summary_record(hazard=hazard, sent_at=london(2026, 12, 10, 9, 0), by=worker)
    services.written_summary_record(hazard=hazard, sent_at=london(2026, 12, 16, 9, 0), by=worker)  # late
    services.safety_work_begin(hazard=hazard, begun_at=london(2026, 12, 17, 8, 0), by=worker)
    clocks = {c.step: c for c in hazard.clocks.all()}
    assert clocks[Step.WRITTEN_SUMMARY].was_met() is False
    assert clocks[Step.SAFETY_WORK].was_met() is True
    hazard.refresh_from_db()
    assert hazard.summary_issued_on == D(2026, 12, 16)
    # a met or missed clock cannot be recorded again
    with pytest.raises(ValidationError):
        services.written_summary_record(hazard=hazard, sent_at=london(2026, 12, 17, 9, 0), by=worker)
    assert not HazardClock.objects.get(pk=clocks[Step.WRITTEN_SUMMARY].pk).was_met()


def test_no_hazard_found_starts_only_the_summary_clock(worker):
    hazard = services.investigation_conclude(
        hazard=triaged(worker),
        concluded_at=london(2026, 12, 21, 10, 0),  # after day 10 (18 Dec): investigation missed
        hazard_found=False,
        findings="Condensation only",
        by=worker,
    )
    steps = set(hazard.clocks.values_list("step", flat=True))
    assert steps == {Step.INVESTIGATE, Step.WRITTEN_SUMMARY}
    assert hazard.clocks.get(step=Step.INVESTIGATE).was_met() is False
    assert hazard.outcome == Hazard.Outcome.NOT_FOUND and hazard.no_hazard_reason


def test_emergency_made_safe_meets_the_clock(worker):
    hazard = services.hazard_triage(repair=damp_repair(), kind="emergency", by=worker)
    services.emergency_made_safe(hazard=hazard, made_safe_at=london(2026, 12, 5, 8, 0), by=worker)
    assert hazard.clocks.get().was_met() is True


def test_alternative_accommodation_offer(worker):
    hazard = triaged(worker)
    hazard = services.alternative_accommodation_offer(
        hazard=hazard, offered_at=london(2026, 12, 5, 8, 0), details="Room at Oak House", by=worker
    )
    assert hazard.alternative_answer == Hazard.AlternativeAnswer.WAITING
    hazard = services.alternative_accommodation_answer(
        hazard=hazard, resident_answer="declined", answered_at=london(2026, 12, 5, 9, 0), by=worker
    )
    assert hazard.alternative_answer == "declined"


# ------------------------------------------------------------------ records


def test_entry_notice_needs_24_real_hours_in_writing(worker):
    repair = damp_repair()
    given = london(2026, 12, 7, 10, 0)
    with pytest.raises(ValidationError) as error:
        services.entry_notice_record(
            repair=repair, given_at=given, entry_at=given + datetime.timedelta(hours=23), method="letter", by=worker
        )
    assert "entry_at" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.entry_notice_record(
            repair=repair, given_at=given, entry_at=given + datetime.timedelta(days=2), method="phone", by=worker
        )
    assert not EntryNotice.objects.exists()
    notice = services.entry_notice_record(
        repair=repair, given_at=given, entry_at=given + datetime.timedelta(hours=24), method="letter", by=worker
    )
    assert notice.history.latest().history_user == worker


def test_access_attempts_and_control_delays_are_recorded(worker):
    repair = damp_repair()
    attempt = services.access_attempt_record(
        repair=repair, attempted_at=london(2026, 12, 5, 10, 0), method="phone", by=worker
    )
    assert attempt.recorded_by == worker and not attempt.succeeded
    delay = services.control_delay_record(
        repair=repair, kind="parts", started_at=london(2026, 12, 8, 10, 0), details="Extractor fan on order", by=worker
    )
    with pytest.raises(ValidationError) as error:
        services.control_delay_end(delay=delay, ended_at=london(2026, 12, 7, 10, 0), by=worker)
    assert "ended_at" in error.value.message_dict
    services.control_delay_end(delay=delay, ended_at=london(2026, 12, 14, 10, 0), by=worker)
    delay.refresh_from_db()
    assert delay.ended_at is not None
