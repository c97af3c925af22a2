from functools import cache

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from core.demo import DEMO_PASSWORD, demo_seeder, demo_sign_ins
from core.services import notify

from . import roles
from .models import Team, User

DEMO_USERS = [
    ("housing.worker@example.org", "Hana Worker", roles.HOUSING_WORKER, "Riverside housing team", "Housing worker"),
    (
        "senior.worker@example.org",
        "Sam Senior",
        roles.SENIOR_HOUSING_WORKER,
        "Riverside housing team",
        "Senior housing worker",
    ),
    ("manager@example.org", "Morgan Manager", roles.HOUSING_MANAGER, "Riverside housing team", "Housing manager"),
    ("support.worker@example.org", "Sunita Support", roles.SUPPORT_WORKER, "Recovery support team", "Support worker"),
    (
        "prevention.officer@example.org",
        "Priya Officer",
        roles.PREVENTION_OFFICER,
        "Housing options team",
        "Prevention officer",
    ),
    (
        "team.leader@example.org",
        "Theo Leader",
        roles.TEAM_LEADER,
        "Housing options team",
        "Housing options team leader",
    ),
    ("admin@example.org", "Ada Admin", roles.ADMINISTRATOR, None, "Hearth administrator"),
]

TEAMS = [
    ("Riverside housing team", Team.Kind.HOUSING, "manager@example.org"),
    ("Recovery support team", Team.Kind.SUPPORT, None),
    ("Housing options team", Team.Kind.PREVENTION, "team.leader@example.org"),
]

EXTRA_PER_SCALE = [
    ("housing.worker", roles.HOUSING_WORKER, "Riverside housing team", "Housing worker"),
    ("support.worker", roles.SUPPORT_WORKER, "Recovery support team", "Support worker"),
    ("prevention.officer", roles.PREVENTION_OFFICER, "Housing options team", "Prevention officer"),
]


@cache
def _demo_password_hash() -> str:
    """Hash once: Argon2 is slow on purpose, and scale 10 makes dozens of demo users."""
    return make_password(DEMO_PASSWORD)


def _user(email, name, role, team, title, *, superuser=False):
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "full_name": name,
            "job_title": title,
            # Ofcom's drama range, so a lone-working alert in the demo shows a work phone to call.
            "phone": f"07700 900{sum(map(ord, email)) % 1000:03d}",
            "team": team,
            "is_staff": superuser,
            "is_superuser": superuser,
        },
    )
    if created:
        user.password = _demo_password_hash()
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=role))
    return user, created


@demo_seeder(order=0)
def seed_staff(scale: int) -> str:
    roles.sync_role_permissions()
    teams = {name: Team.objects.get_or_create(name=name, defaults={"kind": kind})[0] for name, kind, _ in TEAMS}
    made = 0
    for email, name, role, team_name, title in DEMO_USERS:
        user, created = _user(email, name, role, teams.get(team_name), title, superuser=email == "admin@example.org")
        made += created
        notify(
            recipient=user,
            key="demo:welcome",
            subject="Welcome to Hearth",
            body=(
                "This is your inbox. Reminders about reviews, deadlines and arrears arrive here, "
                "and by email if you choose."
            ),
            url="/",
            email=False,
        )
    for name, _, leader_email in TEAMS:
        if leader_email:
            Team.objects.filter(name=name, leader__isnull=True).update(leader=User.objects.get(email=leader_email))
    # Larger scales add more workers so caseloads and schemes can be spread realistically.
    for n in range(2, scale + 1):
        for prefix, role, team_name, title in EXTRA_PER_SCALE:
            _, created = _user(f"{prefix}.{n}@example.org", f"{title} {n}", role, teams[team_name], title)
            made += created
    return f"{User.objects.count()} staff accounts ({made} new), {len(teams)} teams"


@demo_sign_ins
def staff_sign_ins():
    return [(email, role) for email, _, role, _, _ in DEMO_USERS]
