"""The shared view kit: scope gives 404, role gives 403, and a rule break is shown, never saved."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import RequestFactory

from accounts import roles
from casework.models import Case
from core.forms import HearthForm
from core.viewkit import form_view, get_visible, post_action
from tests.accounts.factories import UserFactory
from tests.casework.factories import CaseFactory, officer_in

pytestmark = pytest.mark.django_db


def a_request(user, method="get", data=None):
    request = getattr(RequestFactory(), method)("/somewhere/", data or {})
    request.user = user
    request._messages = CookieStorage(request)
    return request


def test_get_visible_returns_a_record_in_scope():
    case = CaseFactory()
    assert get_visible(Case, case.officer, pk=case.pk) == case
    assert get_visible(Case.objects.select_related("person"), case.officer, pk=case.pk) == case


def test_get_visible_is_404_outside_scope_and_403_without_the_role_permission():
    case = CaseFactory()
    stranger = officer_in(CaseFactory().team)
    with pytest.raises(Http404):
        get_visible(Case, stranger, pk=case.pk)
    support_worker = UserFactory(role=roles.SUPPORT_WORKER)
    case.named_workers.add(support_worker)
    assert get_visible(Case, support_worker, pk=case.pk) == case
    with pytest.raises(PermissionDenied):
        get_visible(Case, support_worker, perm="casework.delete_case", pk=case.pk)


class NameForm(HearthForm):
    name = forms.CharField()


def test_form_view_shows_a_rule_break_on_the_form_and_does_not_redirect():
    user = UserFactory()
    request = a_request(user, "post", {"name": "Refused"})

    def save(form):
        raise ValidationError({"name": "That name is taken."})

    response = form_view(request, NameForm(request.POST), template="accounts/profile.html", save=save, success="Saved.")
    assert response.status_code == 200
    assert b"That name is taken." in response.content
    assert not list(get_messages(request))


def test_form_view_says_so_and_redirects_on_success():
    user = UserFactory()
    request = a_request(user, "post", {"name": "Ann"})
    saved = []
    response = form_view(
        request,
        NameForm(request.POST),
        template="accounts/profile.html",
        save=lambda form: saved.append(form.cleaned_data["name"]) or "/done/",
        success=lambda result: f"Saved, going to {result}",
    )
    assert (response.status_code, response.url) == (302, "/done/")
    assert saved == ["Ann"]
    assert [str(m) for m in get_messages(request)] == ["Saved, going to /done/"]


def test_form_view_on_get_renders_without_calling_the_service():
    request = a_request(UserFactory())
    response = form_view(
        request, NameForm(None), template="accounts/profile.html", save=lambda form: 1 / 0, success="x"
    )
    assert response.status_code == 200 and b'name="name"' in response.content


def test_post_action_turns_a_rule_break_into_an_error_message():
    request = a_request(UserFactory(), "post")

    def refuse():
        raise ValidationError("This case is closed.")

    response = post_action(request, refuse, success="Done.", then="/case/")
    assert (response.status_code, response.url) == (302, "/case/")
    assert [(m.level_tag, str(m)) for m in get_messages(request)] == [("error", "This case is closed.")]


def test_post_action_success_message_can_use_the_result():
    request = a_request(UserFactory(), "post")
    response = post_action(request, lambda: 3, success=lambda n: f"{n} marked read.", then="/inbox/")
    assert response.url == "/inbox/"
    assert [(m.level_tag, str(m)) for m in get_messages(request)] == [("success", "3 marked read.")]


def test_form_view_builds_a_callable_context_only_when_it_renders():
    built = []

    def context():
        built.append(True)
        return {"extra": "here"}

    request = a_request(UserFactory(), "post", {"name": "Ann"})
    form_view(
        request,
        NameForm(request.POST),
        template="accounts/profile.html",
        save=lambda f: "/done/",
        success="x",
        context=context,
    )
    assert built == []
    request = a_request(UserFactory(), "post", {"name": ""})
    response = form_view(
        request,
        NameForm(request.POST),
        template="accounts/profile.html",
        save=lambda f: 1 / 0,
        success="x",
        context=context,
    )
    assert response.status_code == 200 and built == [True]
