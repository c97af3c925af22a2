import pytest
from django.db import connection

from tests.conftest import services_required

pytestmark = pytest.mark.django_db


def test_healthz_is_public_and_ok(client, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}


def test_healthz_is_503_when_the_broker_is_unreachable(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"].startswith("error")


def test_healthz_is_503_when_the_database_fails(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise connection.Database.OperationalError("database is down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "error: OperationalError"


def test_healthz_with_a_real_broker(client, settings):
    if not settings.CELERY_BROKER_URL:
        if services_required():
            pytest.fail("HEARTH_REQUIRE_SERVICES=1 but no broker is configured")
        pytest.skip("No broker configured")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["broker"] == "ok"
