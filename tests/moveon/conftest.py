"""Fixtures shared by the move-on tests: a prevention officer, a team leader, an administrator, signed-in
clients, and the frozen clock (Thursday 3 December 2026, 10:00 London)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts import roles
from tests.accounts.factories import UserFactory

NOW = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo("Europe/London"))
TODAY = NOW.date()


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def officer(db):
    return UserFactory(role=roles.PREVENTION_OFFICER)


@pytest.fixture
def leader(db):
    return UserFactory(role=roles.TEAM_LEADER)


@pytest.fixture
def officer_client(client, officer, frozen):
    client.force_login(officer)
    return client
