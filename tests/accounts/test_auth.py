import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from accounts import roles
from accounts.models import User
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def login(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_every_role_exists_as_a_group():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL_ROLES)


def test_roles_get_the_permissions_listed_for_them():
    manager = UserFactory(role=roles.HOUSING_MANAGER)
    worker = UserFactory(role=roles.HOUSING_WORKER)
    assert manager.has_perm("core.view_accesslog")
    assert manager.has_perm("core.view_history")
    assert not worker.has_perm("core.view_accesslog")


def test_sign_in_with_email_case_insensitively(client):
    UserFactory(email="hana@example.org")
    response = login(client, "Hana@Example.org", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("core:home")


def test_wrong_password_shows_a_clear_message_and_error_summary(client):
    UserFactory(email="hana@example.org")
    response = login(client, "hana@example.org", "wrong-password")
    assert response.status_code == 200
    content = response.content.decode()
    assert "The email address or password is not right" in content
    assert "data-error-summary" in content
    assert "_auth_user_id" not in client.session


def test_sign_in_is_paused_after_repeated_failures(client):
    UserFactory(email="hana@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "hana@example.org", "wrong-password")
    response = login(client, "hana@example.org", PASSWORD)
    assert response.status_code == 429
    assert b"Sign-in is paused" in response.content
    assert "_auth_user_id" not in client.session


def test_empty_login_form_rerenders_with_field_errors(client):
    response = client.post(reverse("accounts:login"), {"username": "", "password": ""})
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="id_username_error"' in content
    assert 'aria-invalid="true"' in content


def test_logout_is_post_only_and_ends_the_session(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:login")
    home = client.get(reverse("core:home"))
    assert home.status_code == 302
    assert home.url == f"{reverse('accounts:login')}?next=/"


def test_session_expires_after_inactivity():
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from config import settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_password_change(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "a-new-long-passphrase", "new_password2": "a-new-long-passphrase"},
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change_done")
    user.refresh_from_db()
    assert user.check_password("a-new-long-passphrase")


def test_password_reset_emails_a_working_link(client):
    user = UserFactory(email="reset@example.org")
    client.post(reverse("accounts:password_reset"), {"email": "reset@example.org"})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/password/reset/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    assert response.status_code == 200
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "another-long-passphrase", "new_password2": "another-long-passphrase"},
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("another-long-passphrase")


def test_password_reset_for_unknown_email_looks_the_same_and_sends_nothing(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_profile_preferences_are_saved_and_audited(client):
    user = UserFactory(email_notifications=True)
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {})
    assert response.status_code == 302
    assert response.url == reverse("accounts:profile")
    user.refresh_from_db()
    assert user.email_notifications is False
    latest = user.history.latest()
    assert latest.history_user == user
    assert latest.diff_against(latest.prev_record).changed_fields == ["email_notifications"]


def test_users_need_an_email():
    with pytest.raises(ValueError, match="email address is required"):
        User.objects.create_user(email="")
