"""Every rule for starting and ending a duty, the s184 decision and the s202 review request."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import transaction

from casework.models import Case, Duty, MainDutyDecision
from casework.services import duties as services
from casework.services.duties import ALLOWED_END_REASONS
from core.clocks import LONDON
from tests.casework.factories import CaseFactory, DutyFactory, MainDutyDecisionFactory, MediationFactory, hclic

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 1)
K, R = Duty.Kind, Duty.EndReason


@pytest.fixture(autouse=True)
def on_1_december_2026():
    with time_machine.travel(datetime(2026, 12, 1, 10, 0, tzinfo=LONDON), tick=False):
        yield


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def threatened_case(**kwargs):
    kwargs.setdefault("approached_on", days_ago(70))
    return CaseFactory(**kwargs)


def homeless_case(**kwargs):
    kwargs.setdefault("approached_on", days_ago(70))
    kwargs.setdefault("homeless_tonight", True)
    return CaseFactory(**kwargs)


def start(case, kind, started_on=None):
    return services.duty_start(case=case, kind=kind, started_on=started_on or days_ago(1), by=case.officer)


def refused(func, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        func(**kwargs)
    return info.value


def message_of(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# ---------------------------------------------------------------- starting


def test_prevention_starts_when_threatened_within_56_days_and_records_who():
    case = threatened_case()
    duty = start(case, K.PREVENTION, days_ago(2))
    assert duty.is_open and duty.kind == K.PREVENTION and duty.started_on == days_ago(2)
    assert duty.started_by == case.officer
    assert duty.history.get().history_user == case.officer


def test_prevention_is_refused_when_they_are_homeless_now():
    exc = refused(start, case=homeless_case(), kind=K.PREVENTION)
    assert "relief duty applies" in message_of(exc)
    assert not Duty.objects.exists()


def test_prevention_is_refused_when_not_threatened_within_56_days():
    exc = refused(start, case=threatened_case(threatened_within_56_days=False), kind=K.PREVENTION)
    assert "threatened with homelessness within 56 days" in message_of(exc)


def test_prevention_is_refused_while_relief_is_open():
    case = threatened_case()
    DutyFactory(case=case, kind=K.RELIEF)
    exc = refused(start, case=case, kind=K.PREVENTION)
    assert "relief duty is open" in message_of(exc)


def test_relief_starts_when_homeless():
    assert start(homeless_case(), K.RELIEF).kind == K.RELIEF


def test_relief_is_refused_while_prevention_is_open():
    case = homeless_case()
    DutyFactory(case=case, kind=K.PREVENTION)
    exc = refused(start, case=case, kind=K.RELIEF)
    assert "End the prevention duty first" in message_of(exc)


def test_relief_is_refused_when_not_homeless():
    exc = refused(start, case=threatened_case(), kind=K.RELIEF)
    assert "owed when someone is homeless" in message_of(exc)


@pytest.mark.parametrize(
    ("homeless", "priority", "allowed"), [(True, True, True), (True, False, False), (False, True, False)]
)
def test_interim_needs_homelessness_and_reason_to_believe_priority_need(homeless, priority, allowed):
    case = threatened_case(homeless_tonight=homeless, reason_to_believe_priority_need=priority)
    if allowed:
        assert start(case, K.INTERIM).kind == K.INTERIM
    else:
        assert "Interim accommodation (s188)" in message_of(refused(start, case=case, kind=K.INTERIM))


def test_main_duty_needs_an_accepted_decision():
    case = homeless_case()
    assert "s184 decision" in message_of(refused(start, case=case, kind=K.MAIN))
    MainDutyDecisionFactory(case=case, outcome=MainDutyDecision.Outcome.NO_PRIORITY, decided_on=days_ago(5))
    assert "s184 decision" in message_of(refused(start, case=case, kind=K.MAIN))
    MainDutyDecisionFactory(case=case, decided_on=days_ago(2))
    assert start(case, K.MAIN).kind == K.MAIN


def test_main_duty_is_refused_while_relief_is_open():
    case = homeless_case()
    MainDutyDecisionFactory(case=case, decided_on=days_ago(2))
    DutyFactory(case=case, kind=K.RELIEF)
    assert "relief duty ends (s193(1))" in message_of(refused(start, case=case, kind=K.MAIN))


def test_only_one_open_duty_of_a_kind_but_a_new_one_after_the_first_ended():
    case = threatened_case()
    first = DutyFactory(case=case, kind=K.PREVENTION, started_on=days_ago(20))
    assert "already open" in message_of(refused(start, case=case, kind=K.PREVENTION))
    services.duty_end(duty=first, reason=R.CONTACT_LOST, ended_on=days_ago(5), by=case.officer)
    assert start(case, K.PREVENTION).pk != first.pk
    assert case.duties.count() == 2


def test_a_duty_cannot_start_in_the_future_or_before_the_approach():
    case = threatened_case(approached_on=days_ago(10))
    exc = refused(start, case=case, kind=K.PREVENTION, started_on=TODAY + timedelta(days=1))
    assert exc.message_dict == {"started_on": ["The start date cannot be in the future."]}
    exc = refused(start, case=case, kind=K.PREVENTION, started_on=days_ago(11))
    assert exc.message_dict == {"started_on": ["A duty cannot start before the person approached us."]}
    assert start(case, K.PREVENTION, started_on=days_ago(10)).started_on == days_ago(10)


def test_no_duty_starts_on_a_closed_case_or_for_someone_not_eligible():
    closed = threatened_case(status=Case.Status.CLOSED)
    assert message_of(refused(start, case=closed, kind=K.PREVENTION)) == "This case is closed."
    ineligible = threatened_case(eligibility=Case.Eligibility.NOT_ELIGIBLE)
    assert "not eligible" in message_of(refused(start, case=ineligible, kind=K.PREVENTION))


def test_an_unknown_kind_of_duty_is_refused():
    assert message_of(refused(start, case=threatened_case(), kind="other")) == "Unknown duty."


CASE_STATES = {
    "threatened": {},
    "homeless": {"homeless_tonight": True},
    "homeless, priority need": {"homeless_tonight": True, "reason_to_believe_priority_need": True},
    "not threatened": {"threatened_within_56_days": False},
    "not eligible": {"eligibility": Case.Eligibility.NOT_ELIGIBLE},
}
OPEN_DUTIES = [(), (K.PREVENTION,), (K.RELIEF,), (K.RELIEF, K.INTERIM)]


@pytest.mark.parametrize("state", CASE_STATES)
@pytest.mark.parametrize("open_duties", OPEN_DUTIES)
@pytest.mark.parametrize("decision", [None, MainDutyDecision.Outcome.ACCEPTED])
def test_startable_kinds_are_exactly_those_duty_start_allows(state, open_duties, decision):
    """The case page offers only the duties that could start: it must agree with the service."""
    case = threatened_case(**CASE_STATES[state])
    for kind in open_duties:
        DutyFactory(case=case, kind=kind)
    if decision:
        MainDutyDecisionFactory(case=case, outcome=decision, decided_on=days_ago(2))
    offered = services.startable_kinds(case, duties=list(case.duties.all()), decisions=list(case.decisions.all()))
    for kind in K.values:
        assert (kind in offered) == _starts(case, kind), kind


class _Rollback(Exception):
    pass


def _starts(case, kind) -> bool:
    """Whether duty_start accepts `kind` now (rolled back, so each kind is tried on the same case)."""
    try:
        with transaction.atomic():
            start(case, kind)
            raise _Rollback
    except _Rollback:
        return True
    except ValidationError:
        return False


# ---------------------------------------------------------------- ending: which reasons each duty allows


def open_duty(kind, started_days_ago=60, **case_kwargs):
    if kind != K.PREVENTION:
        case_kwargs.setdefault("homeless_tonight", True)
    case = threatened_case(approached_on=days_ago(started_days_ago), **case_kwargs)
    if kind == K.MAIN:
        MainDutyDecisionFactory(case=case, decided_on=days_ago(started_days_ago))
    return DutyFactory(case=case, kind=kind, started_on=days_ago(started_days_ago))


def end(duty, reason, ended_on=None, **facts):
    return services.duty_end(duty=duty, reason=reason, ended_on=ended_on or TODAY, by=duty.case.officer, **facts)


FACTS = {
    R.ACCOMMODATION_SECURED: {"secured": Duty.Secured.MOVED},
    R.NON_COOPERATION: {"warning_notice_on": days_ago(14)},
}
ALLOWED = [(kind, reason) for kind, reasons in ALLOWED_END_REASONS.items() for reason in reasons]
REFUSED = [(kind, reason) for kind in K.values for reason in R.values if reason not in ALLOWED_END_REASONS[kind]]


def test_every_kind_has_end_reasons_and_every_reason_is_used():
    assert set(ALLOWED_END_REASONS) == set(K.values)
    assert {reason for reasons in ALLOWED_END_REASONS.values() for reason in reasons} == set(R.values)


@pytest.mark.parametrize(("kind", "reason"), ALLOWED)
def test_each_allowed_reason_ends_the_duty(kind, reason):
    duty = open_duty(kind)
    ended = end(duty, reason, **FACTS.get(reason, {}))
    ended.refresh_from_db()
    assert (ended.ended_on, ended.end_reason, ended.ended_by) == (TODAY, reason, duty.case.officer)
    assert ended.history.latest().history_user == duty.case.officer


@pytest.mark.parametrize(("kind", "reason"), REFUSED)
def test_each_reason_not_allowed_for_the_kind_is_refused(kind, reason):
    duty = open_duty(kind)
    exc = refused(end, duty=duty, reason=reason, **FACTS.get(reason, {}))
    assert "cannot end for this reason" in exc.message_dict["reason"][0]
    duty.refresh_from_db()
    assert duty.is_open and duty.end_reason == ""


def test_an_unknown_reason_is_refused_with_a_message_not_a_crash():
    exc = refused(end, duty=open_duty(K.PREVENTION), reason="bored")
    assert "cannot end for this reason: bored" in exc.message_dict["reason"][0]


# ---------------------------------------------------------------- ending: the rules behind the reasons


@pytest.mark.parametrize("kind", [K.PREVENTION, K.RELIEF])
def test_56_days_elapsed_is_refused_before_the_56_day_point_and_allowed_on_it(kind):
    duty = open_duty(kind, started_days_ago=56)
    assert duty.day_56 == TODAY
    exc = refused(end, duty=duty, reason=R.DAYS_ELAPSED, ended_on=TODAY - timedelta(days=1))
    assert "The 56 days are not up until 1 December 2026" in exc.message_dict["reason"][0]
    assert end(duty, R.DAYS_ELAPSED, ended_on=TODAY).ended_on == TODAY


def running_notice(**overrides):
    notice = {
        "notice_type": Case.Notice.SECTION_21,
        "notice_served_on": days_ago(70),
        "notice_expires_on": days_ago(5),
        "notice_valid": True,
    }
    return {**notice, **overrides}


def test_prevention_cannot_end_on_56_days_while_a_valid_notice_runs():
    duty = open_duty(K.PREVENTION, **running_notice())
    assert duty.case.notice_running_on(TODAY)
    exc = refused(end, duty=duty, reason=R.DAYS_ELAPSED)
    assert "s195(6)" in exc.message_dict["reason"][0]
    duty.refresh_from_db()
    assert duty.is_open


def test_prevention_can_end_on_56_days_once_the_notice_is_withdrawn():
    duty = open_duty(K.PREVENTION, **running_notice(notice_withdrawn_on=days_ago(1)))
    assert end(duty, R.DAYS_ELAPSED).end_reason == R.DAYS_ELAPSED


def test_prevention_can_end_on_56_days_when_the_notice_is_not_valid():
    duty = open_duty(K.PREVENTION, **running_notice(notice_valid=False))
    assert end(duty, R.DAYS_ELAPSED).end_reason == R.DAYS_ELAPSED


def test_prevention_can_end_on_56_days_when_the_notice_expires_more_than_56_days_away():
    duty = open_duty(K.PREVENTION, **running_notice(notice_expires_on=TODAY + timedelta(days=57)))
    assert end(duty, R.DAYS_ELAPSED).end_reason == R.DAYS_ELAPSED


def test_a_running_notice_does_not_hold_the_relief_duty_open():
    duty = open_duty(K.RELIEF, **running_notice())
    assert end(duty, R.DAYS_ELAPSED).end_reason == R.DAYS_ELAPSED


@pytest.mark.parametrize("kind", [K.PREVENTION, K.RELIEF])
def test_non_cooperation_needs_an_earlier_warning_notice(kind):
    duty = open_duty(kind)
    exc = refused(end, duty=duty, reason=R.NON_COOPERATION)
    assert "only after a warning notice (s193B(4))" in exc.message_dict["reason"][0]
    exc = refused(end, duty=duty, reason=R.NON_COOPERATION, warning_notice_on=TODAY)
    assert "must come before the duty ends" in exc.message_dict["reason"][0]
    ended = end(duty, R.NON_COOPERATION, warning_notice_on=days_ago(1))
    ended.refresh_from_db()
    assert ended.warning_notice_on == days_ago(1)


@pytest.mark.parametrize("kind", [K.PREVENTION, K.RELIEF])
def test_accommodation_secured_needs_stayed_or_moved(kind):
    duty = open_duty(kind)
    exc = refused(end, duty=duty, reason=R.ACCOMMODATION_SECURED)
    assert exc.message_dict == {"reason": ["Say whether they stayed in their home or moved."]}
    ended = end(duty, R.ACCOMMODATION_SECURED, secured=Duty.Secured.STAYED)
    ended.refresh_from_db()
    assert ended.secured == Duty.Secured.STAYED


def test_interim_accommodation_secured_needs_no_stayed_or_moved():
    assert end(open_duty(K.INTERIM), R.ACCOMMODATION_SECURED).secured == ""


def test_facts_for_other_reasons_are_not_kept():
    duty = end(open_duty(K.PREVENTION), R.WITHDREW, secured=Duty.Secured.STAYED, warning_notice_on=days_ago(3))
    duty.refresh_from_db()
    assert (duty.secured, duty.warning_notice_on) == ("", None)


def test_a_duty_cannot_end_before_it_started_or_in_the_future():
    duty = open_duty(K.PREVENTION, started_days_ago=10)
    exc = refused(end, duty=duty, reason=R.WITHDREW, ended_on=days_ago(11))
    assert exc.message_dict == {"ended_on": ["A duty cannot end before it started."]}
    exc = refused(end, duty=duty, reason=R.WITHDREW, ended_on=TODAY + timedelta(days=1))
    assert exc.message_dict == {"ended_on": ["The end date cannot be in the future."]}
    assert end(duty, R.WITHDREW, ended_on=days_ago(10)).ended_on == days_ago(10)


def test_a_duty_that_has_ended_cannot_end_again():
    duty = end(open_duty(K.PREVENTION), R.WITHDREW)
    assert message_of(refused(end, duty=duty, reason=R.CONTACT_LOST)) == "This duty has already ended."


def test_becoming_homeless_ends_prevention_and_opens_relief_the_same_day():
    duty = open_duty(K.PREVENTION, started_days_ago=20)
    end(duty, R.BECAME_HOMELESS, ended_on=days_ago(3))
    case = Case.objects.get(pk=duty.case.pk)
    assert case.homeless_tonight is True
    relief = case.duties.get(ended_on__isnull=True)
    assert (relief.kind, relief.started_on, relief.started_by) == (K.RELIEF, days_ago(3), case.officer)
    assert case.duties.get(kind=K.PREVENTION).ended_on == days_ago(3)


def test_a_mediation_outcome_feeds_the_duty_outcome_but_only_from_the_same_case():
    duty = open_duty(K.PREVENTION)
    other = MediationFactory()
    exc = refused(end, duty=duty, reason=R.ACCOMMODATION_SECURED, secured="stayed", mediation=other)
    assert "another case" in message_of(exc)
    mediation = MediationFactory(case=duty.case)
    ended = end(duty, R.ACCOMMODATION_SECURED, secured="stayed", mediation=mediation)
    ended.refresh_from_db()
    assert ended.mediation_outcome == mediation


# ---------------------------------------------------------------- the s184 decision and the s202 review


def decide(case, **kwargs):
    values = {
        "outcome": MainDutyDecision.Outcome.NO_PRIORITY,
        "decided_on": days_ago(2),
        "letter_sent_on": days_ago(1),
        "reasons": "Not in priority need.",
    }
    return services.decision_record(case=case, by=case.officer, **{**values, **kwargs})


def test_a_decision_records_its_letter_and_the_review_deadline_is_21_days_later():
    case = homeless_case()
    decision = decide(case, decided_on=date(2026, 11, 19), letter_sent_on=date(2026, 11, 20))
    assert decision.review_deadline == date(2026, 12, 11)
    assert decision.review_window_open(date(2026, 12, 11))
    assert not decision.review_window_open(date(2026, 12, 12))
    assert decision.history.get().history_user == case.officer


def test_the_letter_cannot_come_before_the_decision():
    exc = refused(decide, case=homeless_case(), decided_on=days_ago(2), letter_sent_on=days_ago(3))
    assert exc.message_dict == {"letter_sent_on": ["The letter cannot be sent before the decision was made."]}
    assert not MainDutyDecision.objects.exists()


def test_a_decision_cannot_be_in_the_future_or_before_the_approach():
    case = homeless_case(approached_on=days_ago(10))
    exc = refused(decide, case=case, decided_on=TODAY + timedelta(days=1), letter_sent_on=TODAY + timedelta(days=1))
    assert exc.message_dict == {"decided_on": ["The decision date cannot be in the future."]}
    exc = refused(decide, case=case, decided_on=days_ago(11), letter_sent_on=days_ago(11))
    assert exc.message_dict == {"decided_on": ["The decision cannot come before the approach."]}


def test_accepting_the_main_duty_needs_the_priority_need():
    case = homeless_case()
    exc = refused(decide, case=case, outcome=MainDutyDecision.Outcome.ACCEPTED)
    assert list(exc.message_dict) == ["priority_need"]
    need = hclic("priority_need", "HOUSEHOLD_INCLUDES_A_PREGNANT_WOMAN")
    assert decide(case, outcome=MainDutyDecision.Outcome.ACCEPTED, priority_need=need).priority_need == need


def request_review(decision, requested_on, note=""):
    return services.review_request(decision=decision, requested_on=requested_on, note=note, by=decision.decided_by)


def test_a_review_can_be_asked_for_up_to_the_21st_day_without_a_note():
    decision = MainDutyDecisionFactory(decided_on=days_ago(21), letter_sent_on=days_ago(21))
    assert request_review(decision, TODAY).review_requested_on == TODAY


def test_a_late_review_request_needs_a_note_saying_why():
    decision = MainDutyDecisionFactory(decided_on=days_ago(22), letter_sent_on=days_ago(22))
    exc = refused(request_review, decision=decision, requested_on=TODAY, note="  ")
    assert "The 21 days ended on 30 November 2026" in exc.message_dict["note"][0]
    decision.refresh_from_db()
    assert decision.review_requested_on is None
    late = request_review(decision, TODAY, note="They were in hospital when the letter came.")
    assert late.review_outcome == "They were in hospital when the letter came."


def test_a_review_request_cannot_come_before_the_letter_or_in_the_future_or_twice():
    decision = MainDutyDecisionFactory(decided_on=days_ago(5), letter_sent_on=days_ago(3))
    exc = refused(request_review, decision=decision, requested_on=days_ago(4))
    assert exc.message_dict == {"requested_on": ["A review cannot be requested before the decision letter."]}
    exc = refused(request_review, decision=decision, requested_on=TODAY + timedelta(days=1))
    assert exc.message_dict == {"requested_on": ["The request date cannot be in the future."]}
    request_review(decision, days_ago(1))
    assert message_of(refused(request_review, decision=decision, requested_on=TODAY)) == (
        "A review has already been requested."
    )


def test_accommodation_secured_records_the_hclic_outcome():
    from casework.models import HclicCategory

    duty = open_duty(K.PREVENTION)
    prs = HclicCategory.objects.get(list_id="accommodation_secured", code="PRIVATE_RENTED_SECTOR")
    dhp = HclicCategory.objects.get(list_id="prevention_main_activity", code="DISCRETIONARY_HOUSING_PAYMENT_TO_REDUCE")
    relief_only = HclicCategory.objects.get(list_id="relief_main_activity", code="NO_ACTIVITY")
    exc = refused(
        end,
        duty=duty,
        reason=R.ACCOMMODATION_SECURED,
        secured="moved",
        accommodation_secured_type=prs,
        main_activity=relief_only,
    )
    assert "main_activity" in exc.message_dict
    ended = end(duty, R.ACCOMMODATION_SECURED, secured="moved", accommodation_secured_type=prs, main_activity=dhp)
    assert (ended.accommodation_secured_type, ended.main_activity) == (prs, dhp)


def test_a_refused_transition_raises_the_named_duty_transition_error():
    duty = end(open_duty(K.PREVENTION), R.WITHDREW)
    with pytest.raises(services.DutyTransitionError, match="This duty has already ended"):
        end(duty, R.CONTACT_LOST)
    with pytest.raises(services.DutyTransitionError) as info:
        end(open_duty(K.PREVENTION, started_days_ago=10), R.DAYS_ELAPSED)
    assert "The 56 days are not up until" in info.value.message_dict["reason"][0]
