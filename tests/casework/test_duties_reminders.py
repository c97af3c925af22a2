"""Duty-clock and review-window reminders, and the duty clocks on "My work"."""

from datetime import date, datetime, timedelta

import pytest
import time_machine

from accounts import roles
from casework.models import Case, Duty
from casework.mywork.duties import clocks
from core import mywork, reminders
from core.clocks import LONDON
from core.models import Notification
from tests.accounts.factories import UserFactory
from tests.casework.factories import CaseFactory, DutyFactory, MainDutyDecisionFactory, PreventionTeamFactory
from tests.casework.scoping import case_for

pytestmark = pytest.mark.django_db
STARTED = date(2026, 10, 1)  # the 56-day point is 26 November 2026
K = Duty.Kind


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 8, 0, tzinfo=LONDON)


def run(job: str, day: date) -> int:
    with time_machine.travel(at(day), tick=False):
        return reminders.run_reminder_jobs(now=at(day), only=[job])[job]


def clock_run(day: date) -> int:
    return run("casework.duty_clocks", day)


def on_day(n: int) -> date:
    """n days after the duty began (the 56-day point is n=56)."""
    return STARTED + timedelta(days=n)


@pytest.fixture
def duty():
    case = CaseFactory(approached_on=STARTED)
    return DutyFactory(case=case, kind=K.PREVENTION, started_on=STARTED)


def keys() -> list[str]:
    return sorted(Notification.objects.values_list("key", flat=True))


# ---------------------------------------------------------------- duty clocks


def test_jobs_are_registered():
    assert {"casework.duty_clocks", "casework.review_window"} <= set(reminders.registered_jobs())


def test_nothing_before_14_days_are_left(duty):
    assert clock_run(on_day(41)) == 0
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("milestone", "subject"),
    [
        (42, "The prevention duty for"),
        (49, "The prevention duty for"),
        (56, "The prevention duty for"),
    ],
)
def test_the_officer_is_told_at_each_milestone_once(duty, milestone, subject, mailoutbox):
    assert clock_run(on_day(milestone)) == 1
    assert clock_run(on_day(milestone)) == 0
    note = Notification.objects.get()
    assert note.recipient == duty.case.officer
    assert note.key == f"duty-clock:{duty.pk}:{milestone}"
    assert note.subject.startswith(subject) and duty.case.person.name in note.subject
    assert "26 November 2026" in note.body
    assert note.url == f"{duty.case.get_absolute_url()}#duties"


@pytest.mark.parametrize("day", [42, 45, 49, 52])
def test_the_reminder_gives_the_date_not_a_count_of_days_that_goes_stale(duty, day):
    """A job catching up on day 45 once said "14 days left" when 11 were."""
    clock_run(on_day(day))
    note = Notification.objects.get()
    assert "reaches its 56-day point on 26 November 2026" in note.subject
    assert "days left" not in note.subject + note.body


def test_each_milestone_is_sent_once_as_the_days_pass(duty):
    sent = [clock_run(on_day(n)) for n in range(40, 60)]
    assert sum(sent) == 3
    assert keys() == [f"duty-clock:{duty.pk}:{m}" for m in (42, 49, 56)]


def test_after_a_gap_only_the_latest_milestone_is_sent(duty):
    assert clock_run(on_day(43)) == 1
    assert clock_run(on_day(57)) == 1  # 49 was missed while the job was off: only 56 now
    assert keys() == [f"duty-clock:{duty.pk}:42", f"duty-clock:{duty.pk}:56"]


def test_a_job_first_run_long_after_the_point_sends_one_message(duty):
    assert clock_run(on_day(80)) == 1
    assert keys() == [f"duty-clock:{duty.pk}:56"]


def test_relief_is_clocked_but_interim_and_main_are_not():
    case = CaseFactory(approached_on=STARTED, homeless_tonight=True, reason_to_believe_priority_need=True)
    relief = DutyFactory(case=case, kind=K.RELIEF, started_on=STARTED)
    DutyFactory(case=case, kind=K.INTERIM, started_on=STARTED)
    DutyFactory(case=CaseFactory(approached_on=STARTED, homeless_tonight=True), kind=K.MAIN, started_on=STARTED)
    assert clock_run(on_day(49)) == 1
    assert keys() == [f"duty-clock:{relief.pk}:49"]
    assert Notification.objects.get().subject.startswith("The relief duty for")


def test_ended_duties_and_closed_cases_are_not_reminded(duty):
    duty.ended_on, duty.end_reason = on_day(30), "withdrew"
    duty.save()
    other = DutyFactory(case=CaseFactory(approached_on=STARTED), started_on=STARTED)
    Case.objects.filter(pk=other.case_id).update(status=Case.Status.CLOSED)
    assert clock_run(on_day(56)) == 0


def test_an_unassigned_case_goes_to_the_team_leader():
    leader = UserFactory(role=roles.TEAM_LEADER)
    team = PreventionTeamFactory(leader=leader)
    case = CaseFactory(team=team, officer=None, approached_on=STARTED)
    duty = DutyFactory(case=case, started_on=STARTED, started_by=leader)
    assert clock_run(on_day(42)) == 1
    assert Notification.objects.get(key=f"duty-clock:{duty.pk}:42").recipient == leader


def test_when_the_officer_has_left_the_team_leader_is_told(duty):
    leader = UserFactory(role=roles.TEAM_LEADER)
    team = duty.case.team
    team.leader = leader
    team.save()
    officer = duty.case.officer
    officer.is_active = False
    officer.save()
    assert clock_run(on_day(42)) == 1
    assert Notification.objects.get().recipient == leader


def test_an_unassigned_case_in_a_team_without_a_leader_sends_nothing():
    DutyFactory(case=CaseFactory(officer=None, approached_on=STARTED), started_on=STARTED, started_by=UserFactory())
    assert clock_run(on_day(42)) == 0


def test_a_new_relief_duty_has_its_own_clock(duty):
    clock_run(on_day(56))
    duty.ended_on, duty.end_reason = on_day(57), "became_homeless"
    duty.save()
    relief = DutyFactory(case=duty.case, kind=K.RELIEF, started_on=on_day(57))
    assert clock_run(on_day(57 + 42)) == 1
    assert f"duty-clock:{relief.pk}:42" in keys()


def test_an_officer_who_cannot_open_the_case_is_not_told(duty):
    """A housing worker named as officer (say, after a role change) cannot open the case: the reminder would 404."""
    housing_worker = UserFactory(role=roles.HOUSING_WORKER)
    DutyFactory(case=CaseFactory(approached_on=STARTED, officer=housing_worker), started_on=STARTED)
    assert clock_run(on_day(42)) == 1
    assert not Notification.objects.filter(recipient=housing_worker).exists()
    assert Notification.objects.get().recipient == duty.case.officer


# ---------------------------------------------------------------- s202 review window


def test_review_window_reminders_go_only_to_an_officer_who_can_open_the_case():
    letter = date(2026, 11, 1)
    housing_worker = UserFactory(role=roles.HOUSING_WORKER)
    MainDutyDecisionFactory(
        case__officer=housing_worker, decided_on=letter, letter_sent_on=letter, outcome="no_priority"
    )
    mine = MainDutyDecisionFactory(decided_on=letter, letter_sent_on=letter, outcome="no_priority")
    assert run("casework.review_window", date(2026, 11, 19)) == 1
    assert Notification.objects.get().recipient == mine.case.officer


def test_the_officer_is_told_when_3_days_are_left_to_ask_for_a_review():
    letter = date(2026, 11, 1)  # the last day to ask is 22 November
    decision = MainDutyDecisionFactory(decided_on=letter, letter_sent_on=letter, outcome="no_priority")
    assert run("casework.review_window", date(2026, 11, 18)) == 0
    assert run("casework.review_window", date(2026, 11, 19)) == 1
    assert run("casework.review_window", date(2026, 11, 20)) == 0
    note = Notification.objects.get()
    assert (note.key, note.recipient) == (f"review-window:{decision.pk}", decision.case.officer)
    assert "until 22 November 2026" in note.body


def test_no_review_window_reminder_once_a_review_is_asked_for_or_the_window_closed():
    letter = date(2026, 11, 1)
    MainDutyDecisionFactory(decided_on=letter, letter_sent_on=letter, review_requested_on=date(2026, 11, 10))
    MainDutyDecisionFactory(decided_on=date(2026, 10, 1), letter_sent_on=date(2026, 10, 1))
    assert run("casework.review_window", date(2026, 11, 20)) == 0


def test_a_requested_review_is_reminded_a_week_before_its_8_weeks_are_up():
    requested = date(2026, 10, 1)  # to be decided by 26 November (SI 2018/223 reg 9)
    decision = MainDutyDecisionFactory(
        decided_on=date(2026, 9, 20), letter_sent_on=date(2026, 9, 20), review_requested_on=requested
    )
    assert run("casework.review_window", requested + timedelta(days=48)) == 0
    assert run("casework.review_window", requested + timedelta(days=49)) == 1
    assert run("casework.review_window", requested + timedelta(days=50)) == 0
    assert run("casework.review_window", requested + timedelta(days=60)) == 0
    note = Notification.objects.get()
    assert note.key == f"review-decision:{decision.pk}"
    assert "by 26 November 2026" in note.subject


# ---------------------------------------------------------------- My work


TODAY = date(2026, 12, 1)


@pytest.fixture
def officer():
    return UserFactory(role=roles.PREVENTION_OFFICER)


def my_work(user):
    with time_machine.travel(at(TODAY), tick=False):
        return clocks(user)


def test_my_work_lists_my_duties_reaching_56_days_within_two_weeks_or_past_it(officer):
    soon = DutyFactory(case=case_for(officer, approached_on=TODAY - timedelta(days=42)))
    past = DutyFactory(case=case_for(officer, approached_on=TODAY - timedelta(days=70)))
    DutyFactory(case=case_for(officer, approached_on=TODAY - timedelta(days=41)))  # 15 days left
    ended = DutyFactory(case=case_for(officer, approached_on=TODAY - timedelta(days=70)))
    ended.ended_on, ended.end_reason = TODAY, "withdrew"
    ended.save()
    DutyFactory(case=CaseFactory(approached_on=TODAY - timedelta(days=60)))  # someone else's case
    items = my_work(officer)
    assert sorted(item.due for item in items) == [past.day_56, soon.day_56]
    item = next(i for i in items if i.due == soon.day_56)
    assert item.category == "Duty clock"
    assert item.url == f"{soon.case.get_absolute_url()}#duties"
    assert soon.case.person.name in item.title and soon.case.reference in item.detail


def test_my_work_lists_my_cases_waiting_for_triage(officer):
    case = case_for(officer, triage_outcome=Case.TriageOutcome.PENDING, triaged_on=None)
    case_for(officer)  # triaged
    CaseFactory(triage_outcome=Case.TriageOutcome.PENDING)  # not mine
    items = my_work(officer)
    assert [(i.category, i.url, i.due) for i in items] == [("Triage", case.get_absolute_url(), case.approached_on)]


def test_my_work_queries_do_not_grow_with_more_cases(officer, django_assert_max_num_queries):
    for _ in range(2):
        DutyFactory(case=case_for(officer, approached_on=TODAY - timedelta(days=50)))
        case_for(officer, triage_outcome=Case.TriageOutcome.PENDING, triaged_on=None)
    with django_assert_max_num_queries(2):
        assert len(my_work(officer)) == 4
    for _ in range(5):
        DutyFactory(case=case_for(officer, approached_on=TODAY - timedelta(days=50)))
        case_for(officer, triage_outcome=Case.TriageOutcome.PENDING, triaged_on=None)
    with django_assert_max_num_queries(2):
        assert len(my_work(officer)) == 14


def test_my_work_page_shows_the_clock(client, officer):
    DutyFactory(case=case_for(officer, approached_on=TODAY - timedelta(days=50)))
    with time_machine.travel(at(TODAY), tick=False):
        client.force_login(officer)
        assert any(item.category == "Duty clock" for item in mywork.due_for(officer))
        response = client.get("/")
    assert "56 days of the prevention duty" in response.content.decode()
