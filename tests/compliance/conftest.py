"""Fixtures shared by the compliance tests: private files in a temporary folder, a fixed day, a worker."""

import datetime

import pytest
import time_machine

from accounts import roles
from tests.accounts.factories import UserFactory


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def frozen():
    """Thursday 3 December 2026, 10:00 UTC."""
    with time_machine.travel(datetime.datetime(2026, 12, 3, 10, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def worker():
    return UserFactory(role=roles.HOUSING_WORKER)
