"""A form sent twice (double-click, retry after an error, two tabs) saves once."""

import threading
import uuid
from datetime import UTC, datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect
from django.template import Context, Template
from django.test import Client
from django.urls import path, reverse
from django.utils import timezone

from casework.models import Case
from core import services
from core.middleware import ALREADY_SENT
from core.models import ReferenceCounter, SubmissionToken
from tests.accounts.factories import PASSWORD, UserFactory
from tests.casework.factories import PreventionTeamFactory, officer_in


def _approach(team, token, **overrides):
    return {
        "legal_name": "Kai Brown",
        "approached_on": timezone.localdate().isoformat(),
        "source": "self",
        "team": team.pk,
        "_submission": token,
        **overrides,
    }


@pytest.fixture
def team(db):
    return PreventionTeamFactory()


@pytest.fixture
def officer(team):
    return officer_in(team)


@pytest.mark.django_db
def test_the_same_approach_sent_twice_opens_one_case_and_the_repeat_goes_where_the_first_went(client, officer, team):
    client.force_login(officer)
    token = uuid.uuid4().hex
    first = client.post(reverse("casework:approach_create"), _approach(team, token))
    second = client.post(reverse("casework:approach_create"), _approach(team, token))
    case = Case.objects.get()
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"] == reverse("casework:case_triage", args=[case.pk])
    assert [m.message for m in get_messages(second.wsgi_request)][-1] == ALREADY_SENT
    assert SubmissionToken.objects.get().location == first["Location"]


@pytest.mark.django_db
def test_a_fresh_token_is_a_new_submission(client, officer, team):
    client.force_login(officer)
    client.post(reverse("casework:approach_create"), _approach(team, uuid.uuid4().hex))
    client.post(reverse("casework:approach_create"), _approach(team, uuid.uuid4().hex, legal_name="Ade Brown"))
    assert Case.objects.count() == 2


@pytest.mark.django_db
def test_a_form_with_errors_releases_its_token_so_the_corrected_form_saves(client, officer, team):
    client.force_login(officer)
    token = uuid.uuid4().hex
    refused = client.post(reverse("casework:approach_create"), _approach(team, token, source=Case.Source.DUTY_TO_REFER))
    assert refused.status_code == 200 and refused.context["form"].errors
    assert not SubmissionToken.objects.exists()
    corrected = client.post(reverse("casework:approach_create"), _approach(team, token))
    assert corrected.status_code == 302 and Case.objects.count() == 1
    assert corrected.url == reverse("casework:case_triage", args=[Case.objects.get().pk])


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["", "NOT-HEX", "a" * 65])
def test_missing_or_malformed_tokens_are_ignored(client, officer, team, token):
    client.force_login(officer)
    client.post(reverse("casework:approach_create"), _approach(team, token))
    client.post(reverse("casework:approach_create"), _approach(team, token, legal_name="Ade Brown"))
    assert Case.objects.count() == 2 and not SubmissionToken.objects.exists()


@pytest.mark.django_db
def test_anonymous_posts_are_untouched(client):
    user = UserFactory()
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD, "_submission": "ab12"}
    )
    assert response.status_code == 302 and not SubmissionToken.objects.exists()
    assert response.url == reverse("core:home")


_failures = {"left": 0}


def _saves_then_fails_once(request):
    ReferenceCounter.objects.create(key=f"test:{ReferenceCounter.objects.count()}")
    if _failures["left"]:
        _failures["left"] -= 1
        raise RuntimeError("the database went away mid-request")
    return HttpResponseRedirect("/done/")


def _htmx_saves(request):
    ReferenceCounter.objects.create(key=f"test:{ReferenceCounter.objects.count()}")
    return HttpResponse(status=204, headers={"HX-Redirect": "/done/"})


urlpatterns = [path("save/", _saves_then_fails_once), path("htmx/", _htmx_saves)]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_view_that_fails_leaves_no_token_and_the_retry_saves(officer):
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    token = uuid.uuid4().hex
    _failures["left"] = 1
    failed = client.post("/save/", {"_submission": token})
    assert failed.status_code == 500
    assert not ReferenceCounter.objects.exists() and not SubmissionToken.objects.exists()
    retried = client.post("/save/", {"_submission": token})
    assert retried["Location"] == "/done/" and ReferenceCounter.objects.count() == 1
    again = client.post("/save/", {"_submission": token})
    assert again["Location"] == "/done/" and ReferenceCounter.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_an_htmx_redirect_counts_as_saved_and_the_repeat_is_sent_there_too(client, officer):
    client.force_login(officer)
    token = uuid.uuid4().hex
    first = client.post("/htmx/", {"_submission": token}, headers={"HX-Request": "true"})
    again = client.post("/htmx/", {"_submission": token}, headers={"HX-Request": "true"})
    assert first["HX-Redirect"] == again["HX-Redirect"] == "/done/" and again.status_code == 204
    assert ReferenceCounter.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: concurrent inserts on a unique index")
@pytest.mark.django_db(transaction=True)
def test_the_same_form_sent_at_once_from_several_connections_saves_once():
    senders = 4
    team = PreventionTeamFactory()
    officer = officer_in(team)
    clients = [Client() for _ in range(senders)]
    for client in clients:
        client.force_login(officer)
    data = _approach(team, uuid.uuid4().hex)
    barrier = threading.Barrier(senders)
    responses, errors = [], []

    def send(client):
        try:
            barrier.wait(timeout=30)
            responses.append(client.post(reverse("casework:approach_create"), data))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    case = Case.objects.get()
    assert [r.status_code for r in responses] == [302] * senders
    assert {r["Location"] for r in responses} == {reverse("casework:case_triage", args=[case.pk])}


@pytest.mark.django_db
def test_pruning_forgets_only_old_tokens():
    user = UserFactory()
    with time_machine.travel(datetime(2026, 3, 1, 12, 0, tzinfo=UTC), tick=False):
        SubmissionToken.objects.create(user=user, token="01d")
    with time_machine.travel(datetime(2026, 3, 3, 11, 0, tzinfo=UTC), tick=False):
        SubmissionToken.objects.create(user=user, token="0e")
    with time_machine.travel(datetime(2026, 3, 3, 13, 0, tzinfo=UTC), tick=False):
        assert services.prune_submission_tokens() == 1
    assert list(SubmissionToken.objects.values_list("token", flat=True)) == ["0e"]


def test_pruning_runs_daily():
    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "core.tasks.prune_submission_tokens")
    assert entry["schedule"].hour == {3}


def test_each_render_gets_a_fresh_token():
    template = Template("{% submission_token %}")
    first, second = template.render(Context()), template.render(Context())
    assert first.startswith('<input type="hidden" name="_submission" value="') and first != second


def _templates():
    base = settings.BASE_DIR
    return sorted([*base.glob("templates/**/*.html"), *base.glob("*/templates/**/*.html")])


def test_every_form_with_a_csrf_token_carries_a_submission_token():
    templates = _templates()
    assert len(templates) > 50
    missing = [
        str(t.relative_to(settings.BASE_DIR))
        for t in templates
        if (text := t.read_text()).count("{% csrf_token %}") != text.count("{% csrf_token %}{% submission_token %}")
    ]
    assert missing == []
