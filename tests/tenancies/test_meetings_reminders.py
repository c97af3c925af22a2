"""Overdue meeting actions: reminders to their owners, and "My work"."""

from datetime import date, datetime

import pytest
import time_machine

from accounts import roles
from accounts.models import User
from core import mywork, reminders
from core.clocks import LONDON
from core.models import Notification
from tenancies.mywork.meetings import meeting_actions
from tests.accounts.factories import UserFactory
from tests.tenancies.factories import MeetingActionFactory, SchemeFactory, cover
from tests.tenancies.scoping import scheme_for

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 6, 20, 9, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def on_20_june_2025():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def worker():
    return UserFactory(role=roles.HOUSING_WORKER)


def run():
    return reminders.run_reminder_jobs(now=NOW, only=["tenancies.meeting_actions_overdue"])[
        "tenancies.meeting_actions_overdue"
    ]


def test_owner_is_told_once_about_an_overdue_action(worker, mailoutbox, django_capture_on_commit_callbacks):
    action = MeetingActionFactory(
        meeting__scheme=scheme_for(worker), owner=worker, due_on=date(2025, 6, 19), description="Fix the gate"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert run() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert run() == 0
    notification = Notification.objects.get()
    assert notification.recipient == worker
    assert notification.subject == "Overdue house meeting action: Fix the gate"
    assert notification.url == f"{action.meeting.get_absolute_url()}#actions"
    assert len(mailoutbox) == 1


def test_no_reminder_on_the_due_day_or_once_done(worker):
    scheme = scheme_for(worker)
    MeetingActionFactory(meeting__scheme=scheme, owner=worker, due_on=date(2025, 6, 20))
    MeetingActionFactory(meeting__scheme=scheme, owner=worker, due_on=date(2025, 6, 1), done_on=date(2025, 6, 2))
    assert run() == 0


def test_a_new_due_date_brings_a_new_reminder(worker):
    action = MeetingActionFactory(meeting__scheme=scheme_for(worker), owner=worker, due_on=date(2025, 6, 10))
    assert run() == 1
    action.due_on = date(2025, 6, 18)
    action.save()
    assert run() == 1
    assert Notification.objects.count() == 2


def test_an_owner_who_no_longer_covers_the_scheme_is_not_reminded(worker):
    """Its link would 404 and its text names the scheme and the action: nothing is sent."""
    cover(worker, SchemeFactory(name="Elm Court"))
    MeetingActionFactory(meeting__scheme=SchemeFactory(name="Birch House"), owner=worker, due_on=date(2025, 6, 10))
    covered = MeetingActionFactory(meeting__scheme=scheme_for(worker), owner=worker, due_on=date(2025, 6, 10))
    assert run() == 1
    assert Notification.objects.get().url == f"{covered.meeting.get_absolute_url()}#actions"


def test_inactive_owners_are_not_reminded(worker):
    worker.is_active = False
    worker.save()
    MeetingActionFactory(meeting__scheme=scheme_for(worker), owner=worker, due_on=date(2025, 6, 10))
    assert run() == 0


# ---------------------------------------------------------------- My work


def test_my_work_lists_my_actions_due_within_two_weeks_or_overdue(worker):
    scheme = scheme_for(worker, name="Elm Court")
    overdue = MeetingActionFactory(meeting__scheme=scheme, owner=worker, due_on=date(2025, 6, 1), description="A")
    soon = MeetingActionFactory(meeting__scheme=scheme, owner=worker, due_on=date(2025, 7, 4), description="B")
    MeetingActionFactory(meeting__scheme=scheme, owner=worker, due_on=date(2025, 7, 5), description="Later")
    MeetingActionFactory(meeting__scheme=scheme, owner=worker, due_on=date(2025, 6, 1), done_on=date(2025, 6, 2))
    MeetingActionFactory(meeting__scheme=scheme, due_on=date(2025, 6, 1), description="Someone else's")
    items = [item for item in mywork.due_for(worker) if item.category == "House meeting action"]
    assert [(item.title, item.due) for item in items] == [("A", overdue.due_on), ("B", soon.due_on)]
    assert items[0].overdue
    assert items[0].url == f"{overdue.meeting.get_absolute_url()}#actions"
    assert "Elm Court" in items[0].detail


def test_my_work_leaves_out_actions_in_schemes_i_no_longer_cover(worker):
    MeetingActionFactory(meeting__scheme=SchemeFactory(), owner=worker, due_on=date(2025, 6, 1))
    assert not [item for item in mywork.due_for(worker) if item.category == "House meeting action"]


def test_my_work_provider_queries_are_fixed(worker, django_assert_num_queries):
    scheme = scheme_for(worker)
    MeetingActionFactory(meeting__scheme=scheme, owner=worker, due_on=date(2025, 6, 1))
    fresh = User.objects.get(pk=worker.pk)
    with django_assert_num_queries(2):  # the user's roles, then one query for the actions
        assert len(meeting_actions(fresh)) == 1
    for _ in range(10):
        MeetingActionFactory(meeting__scheme=scheme, owner=worker, due_on=date(2025, 6, 25))
    fresh = User.objects.get(pk=worker.pk)
    with django_assert_num_queries(2):
        assert len(meeting_actions(fresh)) == 11
