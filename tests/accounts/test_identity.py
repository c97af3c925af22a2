"""One email, one identity: case and spaces neither open a second account nor dodge the lockout (issue 8.1)."""

import pytest
from django.conf import settings
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse

from accounts.models import User
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def login(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_emails_are_stored_trimmed_and_lower_case():
    user = UserFactory(email="  Hana.Ali@Example.ORG ")
    user.refresh_from_db()
    assert user.email == "hana.ali@example.org"


def test_a_second_account_differing_only_in_case_is_refused_by_the_database():
    UserFactory(email="hana@example.org")
    user = User(email="placeholder@example.org", full_name="Other")
    user.save()
    with pytest.raises(IntegrityError):
        User.objects.filter(pk=user.pk).update(email="HANA@example.org")


@pytest.mark.parametrize("variant", ["X@EXAMPLE.ORG", "x@example.org ", " X@Example.org"])
def test_a_lockout_holds_whatever_the_case_or_spaces_of_the_email(client, variant):
    UserFactory(email="x@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "x@example.org", "wrong-password")
    response = login(client, variant, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_failures_in_different_case_variants_add_up_to_a_lockout(client):
    UserFactory(email="x@example.org")
    variants = ["x@example.org", "X@example.org", "x@EXAMPLE.org", "X@EXAMPLE.ORG", " x@example.org"]
    for variant in variants[: settings.AXES_FAILURE_LIMIT]:
        login(client, variant, "wrong-password")
    response = login(client, "x@example.org", PASSWORD)
    assert response.status_code == 429


def test_signing_in_writes_no_empty_row_into_the_users_history(client):
    user = UserFactory(email="hana@example.org")
    before = user.history.count()
    response = login(client, "hana@example.org", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    user.refresh_from_db()
    assert user.last_login is not None
    assert user.history.count() == before


def test_password_reset_is_rate_limited_per_address(client, settings):
    settings.PASSWORD_RESET_RATE_PER_EMAIL = "2/h"
    UserFactory(email="reset@example.org")
    for variant in ["reset@example.org", "RESET@example.org"]:
        assert client.post(reverse("accounts:password_reset"), {"email": variant}).status_code == 302
    response = client.post(reverse("accounts:password_reset"), {"email": " Reset@Example.org"})
    assert response.status_code == 429
    assert "Too many reset requests" in response.content.decode()
    assert len(mail.outbox) == 2


def test_password_reset_is_rate_limited_per_client_whatever_the_address(client, settings):
    settings.PASSWORD_RESET_RATE_PER_CLIENT = "3/h"
    for n in range(3):
        assert client.post(reverse("accounts:password_reset"), {"email": f"n{n}@example.org"}).status_code == 302
    response = client.post(reverse("accounts:password_reset"), {"email": "someone.else@example.org"})
    assert response.status_code == 429
    other_client = client.__class__(REMOTE_ADDR="10.9.9.9")
    assert other_client.post(reverse("accounts:password_reset"), {"email": "n9@example.org"}).status_code == 302
