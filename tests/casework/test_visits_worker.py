"""The lone-working sweep on a real Celery worker: a missed check-out reaches the team leader, escalates,
and stops once acknowledged."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import roles
from casework import tasks
from casework.models import HomeVisit
from casework.rules import LONE_WORKING_ESCALATE_EVERY
from casework.services import visits as services
from core.models import Notification
from tests.accounts.factories import UserFactory
from tests.casework.factories import CaseFactory, PreventionTeamFactory, officer_in
from tests.casework.factories_visits import OverdueVisitFactory

pytestmark = pytest.mark.worker

ESCALATE_EVERY = LONE_WORKING_ESCALATE_EVERY.as_timedelta()


def wait_for(predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def alerts_at(visit, level):
    return Notification.objects.filter(key=f"lone-working:{visit.pk}:{level}")


def test_missed_check_out_alerts_then_escalates_then_stops_when_acknowledged(celery_worker):
    from config.celery import app

    assert app.conf.task_always_eager is False
    team = PreventionTeamFactory()
    team.leader = UserFactory(role=roles.TEAM_LEADER, team=team, full_name="Lee Leader")
    team.save()
    other_leader = UserFactory(role=roles.TEAM_LEADER, team=PreventionTeamFactory(), full_name="Nia Other")
    officer = officer_in(team, full_name="Olu Officer")
    visit = OverdueVisitFactory(case=CaseFactory(team=team, officer=officer), officer=officer)

    # Beat's run: no time given, the worker uses its own clock. The visit finished 6 minutes ago.
    tasks.lone_working_sweep.delay()
    assert wait_for(lambda: alerts_at(visit, 1).exists())
    alert = alerts_at(visit, 1).get()
    assert alert.recipient == team.leader
    assert alert.subject == "Lone working: Olu Officer has not checked out"

    # Fifteen minutes pass without an answer: move the visit's clock back rather than wait.
    visit.refresh_from_db()
    HomeVisit.objects.filter(pk=visit.pk).update(
        expected_end=visit.expected_end - ESCALATE_EVERY, last_alert_at=visit.last_alert_at - ESCALATE_EVERY
    )
    tasks.lone_working_sweep.delay()
    assert wait_for(lambda: alerts_at(visit, 2).count() == 2)
    assert {n.recipient for n in alerts_at(visit, 2)} == {team.leader, other_leader}

    services.visit_acknowledge_alert(visit=visit, by=team.leader, note="Called Olu: safe, the visit ran long.")
    before = Notification.objects.filter(key__startswith=f"lone-working:{visit.pk}:").count()

    # A further run, an hour on (the `now` argument replays the sweep at that moment). Another officer's
    # missed check-out in the same run shows the sweep has run; the acknowledged visit gets nothing more.
    marker = OverdueVisitFactory(case=CaseFactory(team=team), officer=officer_in(team))
    later = timezone.now() + timedelta(hours=1)
    tasks.lone_working_sweep.delay(later.isoformat())
    assert wait_for(lambda: alerts_at(marker, 1).exists())
    visit.refresh_from_db()
    assert visit.alert_level == 2
    assert Notification.objects.filter(key__startswith=f"lone-working:{visit.pk}:").count() == before
