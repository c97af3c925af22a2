"""Fixtures shared by the repairs tests. The users come from tests/conftest.py (`housing_worker`,
`manager`, and `worker_client`, the test client signed in as `housing_worker`); this adds the names the
repairs modules use for them, the worker's scheme and unit, media and the frozen clocks.

Nothing here is autouse. A module asks for its clock and media in `pytestmark` with
`pytest.mark.usefixtures(...)`, which pytest sets up before any fixture a test names, so a signed-in
client signs in at the frozen time. A test that travels signs in again inside each travel block:
sessions expire when idle.
"""

import datetime

import pytest
import time_machine

from accounts import roles
from tests.accounts.factories import UserFactory
from tests.repairs.factories import NOW
from tests.tenancies.factories import UnitFactory
from tests.tenancies.scoping import scheme_for


@pytest.fixture
def worker(housing_worker):
    """A housing worker, not signed in (tests/conftest.py's `housing_worker`, under the repairs name)."""
    return housing_worker


@pytest.fixture
def manager_client(client, manager):
    """The test client signed in as `manager` (tests/conftest.py's housing manager)."""
    client.force_login(manager)
    return client


@pytest.fixture
def other_worker(db):
    """A second housing worker, who covers none of `worker`'s schemes."""
    return UserFactory(role=roles.HOUSING_WORKER)


@pytest.fixture
def scheme(worker):
    """A scheme `worker` covers, named so a page can be searched for it (SchemeFactory gets or creates by name)."""
    return scheme_for(worker, name="Riverside House")


@pytest.fixture
def other_scheme(other_worker):
    """A scheme only `other_worker` covers."""
    return scheme_for(other_worker)


@pytest.fixture
def unit(scheme):
    """A unit at `scheme`."""
    return UnitFactory(property__scheme=scheme)


@pytest.fixture
def media(settings, tmp_path):
    """Uploads and generated files go to the test's own directory."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def frozen():
    """The clock stopped at NOW (tests.repairs.factories): Thursday 3 December 2026, 10:00 in London."""
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def frozen_30_november():
    """The clock stopped at Monday 30 November 2026, 10:00 UTC: the voids tests' today."""
    moment = datetime.datetime(2026, 11, 30, 10, 0, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        yield moment
