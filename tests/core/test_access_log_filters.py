"""The access log can be narrowed to one person, kind of record and range of days (issue 10.8)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from core.models import AccessLog
from core.services import record_access
from tests.accounts.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client):
    client.force_login(UserFactory(role=roles.HOUSING_MANAGER))
    return client


def _read(user, obj, what, days_ago=0):
    entry = record_access(user=user, obj=obj, what=what)
    AccessLog.objects.filter(pk=entry.pk).update(accessed_at=timezone.now() - timedelta(days=days_ago))
    return entry


def _whats(response):
    return sorted(entry.what for entry in response.context["entries"])


def test_filter_by_person_kind_of_record_and_days(manager_client):
    hana, omar = UserFactory(full_name="Hana Worker"), UserFactory(full_name="Omar Worker")
    team = TeamFactory()
    _read(hana, team, "hana today")
    _read(hana, team, "hana last month", days_ago=30)
    _read(omar, team, "omar today")
    _read(omar, omar, "omar profile")
    url = reverse("core:access_log")

    assert _whats(manager_client.get(url, {"user": hana.pk})) == ["hana last month", "hana today"]
    team_type = AccessLog.objects.get(what="hana today").content_type_id
    assert _whats(manager_client.get(url, {"content_type": team_type, "user": omar.pk})) == ["omar today"]
    week_ago = (timezone.localdate() - timedelta(days=7)).isoformat()
    assert _whats(manager_client.get(url, {"date_from": week_ago, "user": hana.pk})) == ["hana today"]
    month_ago = (timezone.localdate() - timedelta(days=29)).isoformat()
    assert _whats(manager_client.get(url, {"date_to": month_ago})) == ["hana last month"]
    assert len(manager_client.get(url).context["entries"]) == 4


def test_page_links_keep_the_filters(manager_client):
    hana = UserFactory()
    team = TeamFactory()
    for n in range(51):
        _read(hana, team, f"read {n}")
    response = manager_client.get(reverse("core:access_log"), {"user": hana.pk})
    assert f'href="?user={hana.pk}&amp;page=2"'.encode() in response.content
    second = manager_client.get(reverse("core:access_log"), {"user": hana.pk, "page": 2})
    assert len(second.context["entries"]) == 1


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "2026-02-30"},
        {"date_from": "9999-12-31"},
        {"date_from": "2026-06-02", "date_to": "2026-06-01"},
        {"user": "999999"},
        {"content_type": "not a number"},
    ],
)
def test_invalid_filters_re_render_with_an_error(manager_client, params):
    _read(UserFactory(), TeamFactory(), "risk flags")
    response = manager_client.get(reverse("core:access_log"), params)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert list(response.context["entries"]) == []
    assert b"Correct the filters above" in response.content


def test_a_support_worker_still_cannot_see_the_log(client):
    client.force_login(UserFactory(role=roles.SUPPORT_WORKER))
    assert client.get(reverse("core:access_log"), {"date_from": "2026-01-01"}).status_code == 403


@pytest.mark.parametrize("rows", [1, 30])
def test_filtered_page_queries_do_not_grow_with_entries(manager_client, django_assert_num_queries, rows):
    hana = UserFactory()
    for n in range(rows):
        _read(hana, TeamFactory(), f"read {n}")
    with django_assert_num_queries(QUERIES):
        response = manager_client.get(
            reverse("core:access_log"), {"user": hana.pk, "date_to": timezone.localdate().isoformat()}
        )
    assert len(response.context["entries"]) == rows


QUERIES = 16
