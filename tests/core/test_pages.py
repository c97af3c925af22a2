import datetime

import pytest
from django.test import override_settings
from django.urls import path, reverse

from core import mywork
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def boom(request):
    raise RuntimeError("unexpected")


urlpatterns = [path("boom/", boom)]


def test_my_work_lists_what_modules_say_is_due(client):
    user = UserFactory(full_name="Hana Worker")

    @mywork.provider("test-provider")
    def due(for_user):
        import datetime

        if for_user != user:
            return []
        return [
            mywork.DueItem("Review incident", datetime.date(2000, 1, 1), "/x", "Incidents"),
            mywork.DueItem("House meeting actions", None, "/y", "Meetings"),
        ]

    try:
        client.force_login(user)
        response = client.get(reverse("core:home"))
    finally:
        mywork._providers.pop("test-provider")
    items = response.context["due_items"]
    assert [item.title for item in items] == ["Review incident", "House meeting actions"]
    assert items[0].overdue
    assert b"overdue" in response.content


def test_my_work_shows_fifty_at_a_time_with_the_count(client):
    """Hundreds of checks can be due for a worker covering many buildings: the page renders a page
    of them, soonest first, and says how many there are."""
    user = UserFactory()

    @mywork.provider("test-many")
    def many(for_user):
        if for_user != user:
            return []
        day = datetime.date(2000, 1, 1)
        return [
            mywork.DueItem(f"Check {n:03d}", day + datetime.timedelta(days=n), "/c", "Compliance") for n in range(120)
        ]

    try:
        client.force_login(user)
        first = client.get(reverse("core:home"))
        third = client.get(reverse("core:home"), {"page": 3})
    finally:
        mywork._providers.pop("test-many")
    assert [item.title for item in first.context["due_items"]][:2] == ["Check 000", "Check 001"]
    assert len(first.context["due_items"]) == 50 and len(third.context["due_items"]) == 20
    assert "120 things due, 120 overdue." in first.content.decode()
    assert "Page 1 of 3" in first.content.decode()


def test_my_work_with_nothing_due(client):
    client.force_login(UserFactory())
    response = client.get(reverse("core:home"))
    assert b"Nothing is due for you right now." in response.content


def test_pages_send_security_headers_and_a_strict_csp(client):
    client.force_login(UserFactory())
    response = client.get(reverse("core:home"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_scripts(client):
    client.force_login(UserFactory())
    content = client.get(reverse("core:home")).content.decode()
    for chunk in content.split("<script")[1:]:
        assert chunk.lstrip().startswith("src=") or " src=" in chunk.split(">", 1)[0], chunk[:80]


def test_forms_carry_csrf_tokens(client):
    client.force_login(UserFactory())
    content = client.get(reverse("core:notifications")).content.decode()
    assert content.count("csrfmiddlewaretoken") >= 1


def test_not_found_page_is_in_hearth_style(client):
    client.force_login(UserFactory())
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"Skip to main content" in response.content


@override_settings(ROOT_URLCONF="tests.core.test_pages")
def test_server_error_page_is_in_hearth_style(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert b"Sorry, something went wrong" in response.content


def test_base_layout_has_landmarks_and_a_skip_link(client):
    client.force_login(UserFactory())
    content = client.get(reverse("core:home")).content.decode()
    assert '<a href="#main-content" class="skip-link">' in content
    assert '<main id="main-content"' in content
    assert '<nav class="site-nav" id="site-nav" aria-label="Main">' in content
    assert '<html lang="en-GB">' in content
    assert 'name="viewport"' in content
