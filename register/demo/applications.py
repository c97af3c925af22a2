"""Demo housing register applications on the demo caseload's open cases, made through the services.

Each spec goes on one open demo case (DEMO-1-..., in reference order); a case that already has an
application is skipped, so seeding twice adds nothing.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from casework.models import Case
from core.demo import demo_seeder

from ..models import Band, RegisterApplication
from ..services import applications as services

NONE = dict.fromkeys(("pref_homeless", "pref_duty", "pref_conditions", "pref_medical", "pref_locality"), False)
QUALIFYING = {
    "years_in_district": 6,
    "household_income": Decimal("16500.00"),
    "savings": Decimal("250.00"),
    "housing_arrears": Decimal("0.00"),
    "proven_asb": False,
    "bedrooms_now": 2,
}
# label, answers at triage, household to add, override (band code, reason)
SPECS = [
    ("awaiting triage", None, [], None),
    ("band A", {"pref_medical": True, "urgent": True, "vulnerable": True}, [], None),
    ("band B", {"pref_homeless": True}, [], None),
    (
        "overcrowded",
        {"bedrooms_now": 1},
        [("Mia", "child", 14, "female"), ("Leo", "child", 12, "male")],
        None,
    ),
    ("band C", {"pref_locality": True}, [], None),
    ("band D", {}, [], None),
    (
        "override",
        {"pref_medical": True},
        [],
        ("A", "Hospital discharge is waiting on a ground-floor home; the occupational therapist's report says so."),
    ),
    ("does not qualify", {"years_in_district": 0, "pref_homeless": True}, [], None),
]


@demo_seeder(order=75)
def seed_register(scale: int) -> str:
    cases = list(
        Case.objects.filter(previous_reference__startswith="DEMO-1-", status=Case.Status.OPEN)
        .exclude(person__date_of_birth__isnull=True)
        .select_related("person", "team", "officer")
        .order_by("previous_reference")
    )
    if not cases:
        return "Housing register: no demo caseload (seed casework first)"
    today = timezone.localdate()
    made = 0
    for n, ((label, answers, household, override), case) in enumerate(zip(SPECS, cases, strict=False)):
        if case.register_applications.exists():
            continue
        by = case.officer or case.team.leader
        if by is None:
            continue
        application = services.application_open(
            person=case.person,
            team=case.team,
            case=case,
            officer=case.officer,
            applied_on=max(case.approached_on, today - timedelta(days=40 - n * 4)),
            by=by,
        )
        for name, relationship, age, sex in household:
            services.household_add(
                application=application,
                name=name,
                relationship=relationship,
                date_of_birth=today.replace(year=today.year - age, day=min(today.day, 28)) - timedelta(days=30),
                sex=sex,
                by=by,
            )
        if answers is not None:
            application = services.application_triage(
                application=application, by=by, **{**NONE, **QUALIFYING, **answers}
            )
        if override:
            code, reason = override
            services.band_override(application=application, band=Band.objects.get(code=code), reason=reason, by=by)
        services.signpost_add(application=application, to_whom="Citizens Advice", note=f"Demo: {label}.", by=by)
        made += 1
    return f"Housing register: {made} applications created ({RegisterApplication.objects.count()} in all)"
