"""Shared fixtures. Browser fixtures live in tests/browser/conftest.py."""

import os
import zlib

import factory.random
import pytest

from accounts import roles
from tests.accounts.factories import UserFactory

ROLE_SLUGS = {
    "housing_worker": roles.HOUSING_WORKER,
    "senior_worker": roles.SENIOR_HOUSING_WORKER,
    "manager": roles.HOUSING_MANAGER,
    "support_worker": roles.SUPPORT_WORKER,
    "prevention_officer": roles.PREVENTION_OFFICER,
    "team_leader": roles.TEAM_LEADER,
    "administrator": roles.ADMINISTRATOR,
}


@pytest.fixture(autouse=True)
def _same_fake_data_every_run(request):
    """Factories draw names and addresses from Faker; seeding it from the test's id gives each test
    the same people every run, whatever runs before it, so a layout or sort that breaks on one
    name breaks every time, not once in a while."""
    factory.random.reseed_random(zlib.crc32(request.node.nodeid.encode()))


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def make_user(db):
    def make(role=None, **kwargs):
        return UserFactory(role=role, **kwargs)

    return make


@pytest.fixture
def role_users(db):
    """One user per role, keyed by slug (see ROLE_SLUGS), made as the demo makes them: its administrator
    is a superuser, so the access matrix proves superuser flags open no special-category records."""
    users = {slug: UserFactory(role=role, email=f"{slug}@example.org") for slug, role in ROLE_SLUGS.items()}
    admin = users["administrator"]
    admin.is_staff = admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    return users


@pytest.fixture
def housing_worker(db):
    return UserFactory(role=roles.HOUSING_WORKER)


@pytest.fixture
def manager(db):
    return UserFactory(role=roles.HOUSING_MANAGER)


@pytest.fixture
def worker_client(client, housing_worker):
    client.force_login(housing_worker)
    return client


def services_required() -> bool:
    """CI sets HEARTH_REQUIRE_SERVICES=1 so that worker tests fail rather than skip."""
    return os.environ.get("HEARTH_REQUIRE_SERVICES") == "1"


@pytest.fixture
def celery_worker(transactional_db, settings):
    """A real Celery worker thread consuming from the configured broker (Redis in CI)."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    if not settings.CELERY_BROKER_URL:
        if services_required():
            pytest.fail("HEARTH_REQUIRE_SERVICES=1 but CELERY_BROKER_URL is not set")
        pytest.skip("No Celery broker configured (set CELERY_BROKER_URL to run worker tests)")
    app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.control.purge()
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
            yield worker
    finally:
        app.conf.task_always_eager = True
