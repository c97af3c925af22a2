from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access_matrix import EXEMPT_NAMESPACES, MATRIX, ROLES

pytestmark = pytest.mark.django_db


def url_callbacks(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns not in EXEMPT_NAMESPACES:
                yield from url_callbacks(entry, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry.callback


def named_urls():
    return (name for name, _view in url_callbacks())


def test_every_url_is_in_the_access_matrix():
    missing = sorted(set(named_urls()) - set(MATRIX))
    assert not missing, f"Declare access for these URLs in tests/access_matrix.py: {missing}"
    stale = sorted(set(MATRIX) - set(named_urls()))
    assert not stale, f"These matrix entries no longer exist: {stale}"


def request(client, name, access, user, users):
    kwargs = access.kwargs(user or users["housing_worker"], users) if access.kwargs else {}
    url = reverse(name, kwargs=kwargs)
    response = getattr(client, access.method)(url, access.data)
    if response.streaming:  # read file downloads to the end so the test client closes the file
        b"".join(response.streaming_content)
    return response


def _asks_to_sign_in(url, login_path) -> bool:
    """The sign-in redirect carries ?next=; signing out goes to the sign-in page without it."""
    target = urlparse(url)
    return target.path == login_path and "next=" in target.query


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access(name, client, role_users):
    access = MATRIX[name]
    problems = []
    response = request(client, name, access, None, role_users)
    login_path = resolve_url(settings.LOGIN_URL)
    if access.public:
        if response.status_code not in access.ok:
            problems.append(f"anonymous: {response.status_code}, expected {access.ok}")
    elif response.status_code != 302 or urlparse(response.url).path != login_path:
        problems.append(f"anonymous: {response.status_code}, expected a redirect to sign in")
    for slug in ROLES:
        user = role_users[slug]
        client.force_login(user)
        response = request(client, name, access, user, role_users)
        expected = access.ok if slug in access.allowed else (403, 404)
        if response.status_code not in expected:
            problems.append(f"{slug}: {response.status_code}, expected {expected}")
        elif response.status_code == 302 and _asks_to_sign_in(response.url, login_path):
            problems.append(f"{slug}: sent to sign in while signed in")
        client.logout()
    assert not problems, f"{name}: " + "; ".join(problems)


def test_only_the_public_pages_are_open_without_signing_in():
    """LoginRequiredMiddleware guards every view; only views marked `login_not_required` are open."""
    open_views = {name for name, view in url_callbacks() if not getattr(view, "login_required", True)}
    assert open_views == {name for name, access in MATRIX.items() if access.public}


def test_admin_is_for_staff_only(client, role_users):
    admin_index = reverse("admin:index")
    response = client.get(admin_index)
    assert response.status_code == 302
    assert response.url == f"{reverse('admin:login')}?next={admin_index}"
    for slug in ROLES:
        client.force_login(role_users[slug])
        response = client.get(admin_index)
        if slug == "administrator":
            assert response.status_code == 200
        else:
            assert response.status_code == 302, slug
            assert response.url == f"{reverse('admin:login')}?next={admin_index}", slug
        client.logout()


def test_administrator_can_see_the_beat_schedule_in_admin(client, role_users):
    client.force_login(role_users["administrator"])
    response = client.get(reverse("admin:django_celery_beat_periodictask_changelist"))
    assert response.status_code == 200
