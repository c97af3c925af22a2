import pytest
from django.core.management import CommandError, call_command

from accounts.demo import DEMO_USERS
from accounts.models import User
from core.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_seed_demo_makes_one_user_per_role_and_is_idempotent(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert User.objects.count() == len(DEMO_USERS)
    for email, _, role, _, _ in DEMO_USERS:
        user = User.objects.get(email=email)
        assert user.check_password(DEMO_PASSWORD)
        assert role in user.role_names
        assert email in out
    assert User.objects.get(email="admin@example.org").is_superuser
    assert "hearth-demo" in out


def test_seed_demo_scale_multiplies_volumes(settings, capsys):
    call_command("seed_demo", scale=3, force=True)
    assert User.objects.count() == len(DEMO_USERS) + 2 * 3
    assert "Demo data ready at scale 3" in capsys.readouterr().out


def test_seed_demo_rejects_silly_scales(settings):
    with pytest.raises(CommandError, match="between 1 and 200"):
        call_command("seed_demo", scale=0, force=True)
    with pytest.raises(CommandError, match="between 1 and 200"):
        call_command("seed_demo", scale=201, force=True)
