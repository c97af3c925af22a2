"""Home visit rules and the lone-working sweep."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts import roles
from casework.models import HomeVisit
from casework.rules import LONE_WORKING_ALERT_GRACE, LONE_WORKING_ESCALATE_EVERY
from casework.services import visits as services
from core.models import Notification
from tests.accounts.factories import UserFactory
from tests.casework.factories import CaseFactory, HomeVisitFactory, PreventionTeamFactory, officer_in
from tests.casework.factories_visits import AlertedVisitFactory, OnVisitFactory, OverdueVisitFactory

pytestmark = pytest.mark.django_db

ALERT_GRACE = LONE_WORKING_ALERT_GRACE.as_timedelta()
ESCALATE_EVERY = LONE_WORKING_ESCALATE_EVERY.as_timedelta()


def alerts(visit):
    return Notification.objects.filter(key__startswith=f"lone-working:{visit.pk}:")


def alerted_names(visit, level):
    return sorted(n.recipient.full_name for n in alerts(visit).filter(key=f"lone-working:{visit.pk}:{level}"))


@pytest.fixture
def team():
    """A prevention team with its leader, an officer, and a leader and an admin elsewhere."""
    team = PreventionTeamFactory()
    team.leader = UserFactory(role=roles.TEAM_LEADER, team=team, full_name="Lee Leader")
    team.save()
    team.officer = officer_in(team, full_name="Olu Officer")
    team.other_leader = UserFactory(role=roles.TEAM_LEADER, team=PreventionTeamFactory(), full_name="Nia Other")
    team.admin = UserFactory(role=roles.ADMINISTRATOR, full_name="Ada Admin")
    return team


def overdue(team, **kwargs):
    return OverdueVisitFactory(case=CaseFactory(team=team, officer=team.officer), officer=team.officer, **kwargs)


# ---------------------------------------------------------------------------------------------- planning


def test_plan_a_visit_with_the_planner_as_the_visiting_officer():
    case = CaseFactory()
    start = timezone.now() + timedelta(days=1)
    visit = services.visit_plan(
        case=case, by=case.officer, address=" 3 Hill St ", planned_start=start, expected_end=start + timedelta(hours=1)
    )
    assert (visit.officer, visit.address, visit.kind) == (case.officer, "3 Hill St", "planned")
    assert visit.history.get().history_user == case.officer


def test_the_expected_finish_must_be_after_the_start():
    case = CaseFactory()
    start = timezone.now()
    with pytest.raises(ValidationError) as caught:
        services.visit_plan(case=case, by=case.officer, address="3 Hill St", planned_start=start, expected_end=start)
    assert "expected_end" in caught.value.message_dict
    assert not HomeVisit.objects.exists()


def test_no_visit_is_planned_on_a_closed_case():
    case = CaseFactory(status="closed")
    start = timezone.now()
    with pytest.raises(ValidationError, match="closed"):
        services.visit_plan(
            case=case, by=case.officer, address="3 Hill St", planned_start=start, expected_end=start + ALERT_GRACE
        )


# ------------------------------------------------------------------------------------- check in and out


def test_check_in_records_now_and_can_move_the_expected_finish():
    visit = HomeVisitFactory(planned_start=timezone.now() - timedelta(minutes=5))
    later = timezone.now() + timedelta(hours=2)
    before = timezone.now()
    visit = services.visit_check_in(visit=visit, by=visit.officer, expected_end=later)
    assert before <= visit.checked_in_at <= timezone.now()
    assert visit.expected_end == later
    assert visit.on_visit


def test_checking_in_early_starts_the_visit_at_the_check_in():
    visit = HomeVisitFactory(planned_start=timezone.now() + timedelta(hours=1))
    visit = services.visit_check_in(visit=visit, by=visit.officer, expected_end=timezone.now() + timedelta(minutes=20))
    visit.refresh_from_db()
    assert visit.planned_start == visit.checked_in_at


def test_the_expected_finish_at_check_in_must_be_later_than_now():
    visit = HomeVisitFactory()
    with pytest.raises(ValidationError) as caught:
        services.visit_check_in(visit=visit, by=visit.officer, expected_end=timezone.now() - timedelta(minutes=1))
    assert "expected_end" in caught.value.message_dict
    visit.refresh_from_db()
    assert visit.checked_in_at is None


def test_only_the_visiting_officer_checks_in_or_out():
    visit = OnVisitFactory()
    colleague = officer_in(visit.case.team)
    with pytest.raises(ValidationError, match="Only"):
        services.visit_check_out(visit=visit, by=colleague)
    with pytest.raises(ValidationError, match="Only"):
        services.visit_check_in(visit=HomeVisitFactory(case=visit.case), by=colleague)


def test_cannot_check_in_twice():
    visit = OnVisitFactory()
    with pytest.raises(ValidationError, match="already checked in"):
        services.visit_check_in(visit=visit, by=visit.officer)


def test_check_out_before_check_in_is_refused():
    visit = HomeVisitFactory()
    with pytest.raises(ValidationError, match="not checked in"):
        services.visit_check_out(visit=visit, by=visit.officer)
    visit.refresh_from_db()
    assert visit.checked_out_at is None


def test_check_out_twice_is_refused_and_keeps_the_first_time():
    visit = OnVisitFactory()
    first = services.visit_check_out(visit=visit, by=visit.officer).checked_out_at
    with pytest.raises(ValidationError, match="already checked out"):
        services.visit_check_out(visit=visit, by=visit.officer)
    visit.refresh_from_db()
    assert visit.checked_out_at == first


def test_a_check_out_time_before_the_check_in_is_refused():
    visit = OnVisitFactory()
    with pytest.raises(ValidationError) as caught:
        services.visit_check_out(visit=visit, by=visit.officer, at=visit.checked_in_at - timedelta(minutes=1))
    assert "checked_out_at" in caught.value.message_dict
    visit.refresh_from_db()
    assert visit.checked_out_at is None


def test_a_check_out_time_in_the_future_is_refused():
    visit = OnVisitFactory()
    with pytest.raises(ValidationError, match="future"):
        services.visit_check_out(visit=visit, by=visit.officer, at=timezone.now() + timedelta(minutes=10))


def test_checking_out_late_with_the_time_you_left():
    visit = OnVisitFactory()
    left = visit.checked_in_at + timedelta(minutes=20)
    assert services.visit_check_out(visit=visit, by=visit.officer, at=left).checked_out_at == left


def test_findings_can_be_recorded_during_the_visit():
    visit = OnVisitFactory()
    services.visit_record_findings(
        visit=visit, by=visit.officer, present="Sam and their mum", applicant_lives_there=True, staff_risks="A dog"
    )
    visit.refresh_from_db()
    assert (visit.present, visit.applicant_lives_there, visit.staff_risks) == ("Sam and their mum", True, "A dog")
    assert visit.on_visit
    with pytest.raises(TypeError):
        services.visit_record_findings(visit=visit, by=visit.officer, checked_out_at=timezone.now())


# ------------------------------------------------------------------------------------------ lone working


def test_nothing_happens_within_the_grace_period(team):
    visit = overdue(team, expected_end=timezone.now() - ALERT_GRACE + timedelta(seconds=30))
    assert services.lone_working_sweep(now=timezone.now()) == 0
    visit.refresh_from_db()
    assert visit.alert_level == 0


def test_first_alert_goes_to_the_case_teams_leader_only(team):
    visit = overdue(team)
    assert services.lone_working_sweep(now=timezone.now()) == 1
    visit.refresh_from_db()
    assert visit.alert_level == 1
    assert alerted_names(visit, 1) == ["Lee Leader"]
    note = alerts(visit).get()
    assert note.subject == "Lone working: Olu Officer has not checked out"
    assert "14 Mill Lane" in note.body
    assert f"{timezone.localtime(visit.expected_end):%H:%M}" in note.body
    assert note.url == visit.get_absolute_url()


def test_the_alert_gives_the_officers_work_phone_or_else_their_email(team):
    visit = overdue(team)
    services.lone_working_sweep(now=timezone.now())
    assert team.officer.email in alerts(visit).get().body
    team.officer.phone = "07700 900456"
    team.officer.save()
    second = overdue(team)
    services.lone_working_sweep(now=timezone.now())
    assert "phone 07700 900456" in alerts(second).get().body


def test_without_a_team_leader_on_the_team_every_leader_in_the_officers_team_is_told(team):
    team.leader = None
    team.save()
    second = UserFactory(role=roles.TEAM_LEADER, team=team, full_name="Sol Second")
    UserFactory(role=roles.TEAM_LEADER, team=team, full_name="Gone Away", is_active=False)
    visit = overdue(team)
    services.lone_working_sweep(now=timezone.now())
    assert alerted_names(visit, 1) == sorted(["Lee Leader", second.full_name])


def test_a_sweep_that_runs_twice_sends_nothing_twice(team):
    visit = overdue(team)
    now = timezone.now()
    assert services.lone_working_sweep(now=now) == 1
    assert services.lone_working_sweep(now=now + timedelta(minutes=1)) == 0
    assert services.lone_working_sweep(now=now + ESCALATE_EVERY - timedelta(seconds=1)) == 0
    visit.refresh_from_db()
    assert visit.alert_level == 1
    assert alerts(visit).count() == 1


def test_escalation_widens_every_fifteen_minutes_until_acknowledged(team):
    visit = overdue(team)
    now = timezone.now()
    services.lone_working_sweep(now=now)
    assert services.lone_working_sweep(now=now + ESCALATE_EVERY) == 2
    assert alerted_names(visit, 2) == ["Lee Leader", "Nia Other"]
    assert "escalated, level 2" in alerts(visit).filter(key__endswith=":2").first().subject
    assert services.lone_working_sweep(now=now + 2 * ESCALATE_EVERY) == 3
    assert alerted_names(visit, 3) == ["Ada Admin", "Lee Leader", "Nia Other"]
    assert services.lone_working_sweep(now=now + 3 * ESCALATE_EVERY) == 3  # and on, until someone answers
    visit.refresh_from_db()
    assert visit.alert_level == 4
    assert Notification.objects.filter(recipient=team.officer).count() == 0

    services.visit_acknowledge_alert(visit=visit, by=team.leader, note="Called Olu: safe, with the family still.")
    assert services.lone_working_sweep(now=now + 5 * ESCALATE_EVERY) == 0
    visit.refresh_from_db()
    assert visit.alert_level == 4
    assert visit.alert_acknowledged_by == team.leader
    # Everyone else who was alerted hears it is in hand.
    handled = Notification.objects.filter(key=f"lone-working-acknowledged:{visit.pk}")
    assert sorted(n.recipient.full_name for n in handled) == ["Ada Admin", "Nia Other"]


def test_when_nobody_is_found_at_a_level_the_next_is_told_at_once(team):
    team.leader.groups.clear()
    team.leader = None
    team.save()
    team.other_leader.is_active = False
    team.other_leader.save()
    visit = overdue(team)
    services.lone_working_sweep(now=timezone.now())
    assert alerted_names(visit, 1) == ["Ada Admin"]


def test_the_missing_officer_is_never_alerted_about_themselves(team):
    team.leader = team.officer
    team.save()
    team.officer.groups.add(*team.other_leader.groups.all())
    visit = overdue(team)
    services.lone_working_sweep(now=timezone.now())
    assert team.officer.full_name not in alerted_names(visit, 1)
    assert alerted_names(visit, 1) == ["Lee Leader"]  # still a leader in the officer's team


def test_checked_out_or_acknowledged_visits_are_not_swept(team):
    out = overdue(team)
    services.visit_check_out(visit=out, by=team.officer)
    acknowledged = AlertedVisitFactory(
        case=CaseFactory(team=team, officer=team.officer), officer=team.officer, alert_acknowledged_at=timezone.now()
    )
    assert services.lone_working_sweep(now=timezone.now() + ESCALATE_EVERY) == 0
    acknowledged.refresh_from_db()
    assert acknowledged.alert_level == 1


def test_checking_out_tells_everyone_alerted_that_the_officer_is_safe(team):
    visit = overdue(team)
    now = timezone.now()
    services.lone_working_sweep(now=now)
    services.lone_working_sweep(now=now + ESCALATE_EVERY)
    services.visit_check_out(visit=visit, by=team.officer)
    safe = Notification.objects.filter(key=f"lone-working-safe:{visit.pk}")
    assert sorted(n.recipient.full_name for n in safe) == ["Lee Leader", "Nia Other"]
    assert safe.first().subject == "Lone working: Olu Officer is safe and has checked out"
    assert services.lone_working_sweep(now=now + 2 * ESCALATE_EVERY) == 0


def test_checking_out_without_an_alert_tells_nobody():
    visit = OnVisitFactory()
    services.visit_check_out(visit=visit, by=visit.officer)
    assert not Notification.objects.exists()


def test_only_leaders_and_admins_acknowledge_with_a_note(team):
    visit = AlertedVisitFactory(case=CaseFactory(team=team, officer=team.officer), officer=team.officer)
    with pytest.raises(ValidationError, match="team leader"):
        services.visit_acknowledge_alert(visit=visit, by=officer_in(team), note="Fine")
    with pytest.raises(ValidationError) as caught:
        services.visit_acknowledge_alert(visit=visit, by=team.leader, note="  ")
    assert "note" in caught.value.message_dict
    services.visit_acknowledge_alert(visit=visit, by=team.admin, note="Rang the police at 15:20.")
    with pytest.raises(ValidationError, match="no open"):
        services.visit_acknowledge_alert(visit=visit, by=team.leader, note="Again")


def test_the_task_replays_the_sweep_at_a_given_local_time(team):
    from casework import tasks

    visit = overdue(team, expected_end=timezone.now() + timedelta(hours=1))
    assert tasks.lone_working_sweep.delay().get() == 0  # not overdue yet
    later = timezone.localtime() + timedelta(hours=1, minutes=6)
    assert tasks.lone_working_sweep.delay(later.replace(tzinfo=None).isoformat()).get() == 1
    visit.refresh_from_db()
    assert visit.alert_level == 1


def test_beat_runs_the_sweep_every_minute(settings):
    from config.celery import app

    app.loader.import_default_modules()  # what a worker does at start: autodiscover each app's tasks
    entry = settings.CELERY_BEAT_SCHEDULE["lone-working-sweep-every-minute"]
    assert entry["task"] == "casework.tasks.lone_working_sweep"
    assert entry["task"] in app.tasks
    assert entry["schedule"].minute == set(range(60)) and entry["schedule"].hour == set(range(24))


def test_the_sweep_command_runs_without_a_worker(team):
    from io import StringIO

    from django.core.management import call_command

    visit = overdue(team)
    out = StringIO()
    call_command("lone_working_sweep", stdout=out)
    call_command("lone_working_sweep", stdout=out)
    assert out.getvalue().splitlines() == ["Lone working: 1 alert sent", "Lone working: 0 alerts sent"]
    assert alerted_names(visit, 1) == ["Lee Leader"]
