import pytest
from django.urls import reverse

from accounts import roles
from core.models import AccessLog
from core.services import record_access
from tests.accounts.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_changes_are_recorded_with_who_and_what(client):
    manager = UserFactory(role=roles.HOUSING_MANAGER, full_name="Morgan Manager")
    worker = UserFactory(full_name="Hana Worker", job_title="Housing worker")
    worker.job_title = "Senior housing worker"
    worker._history_user = manager
    worker.save()
    client.force_login(manager)
    response = client.get(reverse("core:history", args=["accounts", "user", worker.pk]))
    assert response.status_code == 200
    entries = response.context["entries"]
    assert [entry.action for entry in entries] == ["Changed", "Created"]
    assert entries[0].who == "Morgan Manager"
    assert [(c.field, c.old, c.new) for c in entries[0].changes] == [
        ("job title", "Housing worker", "Senior housing worker")
    ]
    assert b"Senior housing worker" in response.content


def test_history_of_an_unknown_model_is_not_found(client):
    client.force_login(UserFactory(role=roles.HOUSING_MANAGER))
    assert client.get(reverse("core:history", args=["accounts", "nothing", 1])).status_code == 404
    assert client.get(reverse("core:history", args=["core", "notification", 1])).status_code == 404


def test_history_page_queries_do_not_grow_with_changes(client, django_assert_max_num_queries):
    manager = UserFactory(role=roles.HOUSING_MANAGER)
    team = TeamFactory()
    for n in range(30):
        team.name = f"Renamed {n}"
        team._history_user = UserFactory()
        team.save()
    client.force_login(manager)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("core:history", args=["accounts", "team", team.pk]))
    assert response.status_code == 200
    assert len(response.context["entries"]) == 25


def test_viewing_sensitive_data_is_logged_and_shown_to_managers(client, rf):
    worker = UserFactory(full_name="Hana Worker")
    subject = TeamFactory(name="Sensitive team")
    request = rf.get("/", REMOTE_ADDR="10.0.0.7")
    record_access(user=worker, obj=subject, what="risk flags", request=request)
    entry = AccessLog.objects.for_object(subject).get()
    assert (entry.user, entry.what, entry.ip_address) == (worker, "risk flags", "10.0.0.7")
    client.force_login(UserFactory(role=roles.HOUSING_MANAGER))
    response = client.get(reverse("core:access_log"))
    assert b"risk flags" in response.content
    assert b"Hana Worker" in response.content


def test_the_access_log_cannot_be_edited_in_admin(client):
    admin = UserFactory(role=roles.ADMINISTRATOR, is_superuser=True)
    entry = record_access(user=admin, obj=TeamFactory(), what="support needs")
    client.force_login(admin)
    assert client.get(reverse("admin:core_accesslog_change", args=[entry.pk])).status_code == 200
    response = client.post(reverse("admin:core_accesslog_delete", args=[entry.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert AccessLog.objects.filter(pk=entry.pk).exists()
