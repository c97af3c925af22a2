"""Roles are Django groups; this module is the one place that says what each role may do.

Groups are created by a data migration. Their permissions are re-synced after every
`migrate` (post_migrate), because later modules add models whose permissions only exist
once their migrations have run. Object scope (which records) is separate: it lives in
each model's `visible_to(user)` queryset and in the `rules` predicates of each app.
"""

HOUSING_WORKER = "Housing Worker"
SENIOR_HOUSING_WORKER = "Senior Housing Worker"
HOUSING_MANAGER = "Housing Manager"
SUPPORT_WORKER = "Support Worker"
PREVENTION_OFFICER = "Prevention Officer"
TEAM_LEADER = "Housing Options Team Leader"
ADMINISTRATOR = "Administrator"

ALL_ROLES = [
    HOUSING_WORKER,
    SENIOR_HOUSING_WORKER,
    HOUSING_MANAGER,
    SUPPORT_WORKER,
    PREVENTION_OFFICER,
    TEAM_LEADER,
    ADMINISTRATOR,
]

HOUSING_ROLES = [HOUSING_WORKER, SENIOR_HOUSING_WORKER, HOUSING_MANAGER]
PREVENTION_ROLES = [PREVENTION_OFFICER, TEAM_LEADER]
# Roles whose object scope is "everything in their side of the service", not only what they cover.
SEES_ALL_HOUSING = [SENIOR_HOUSING_WORKER, HOUSING_MANAGER, ADMINISTRATOR]
SEES_ALL_PREVENTION_TEAM = [TEAM_LEADER, ADMINISTRATOR]

_MANAGERS_OVERSIGHT = ["core.view_history", "core.view_accesslog"]


def _perms(app_label: str, actions: str, models: str) -> list[str]:
    return [f"{app_label}.{action}_{model}" for model in models.split() for action in actions.split()]


_PEOPLE_READ = _perms("people", "view", "person supportneed riskflag consent supportnote")
_PEOPLE_WRITE = [*_perms("people", "add change", "person supportneed riskflag consent"), "people.add_supportnote"]
_TENANCIES_READ = _perms(
    "tenancies",
    "view",
    "scheme property unit agreement incident incidentparty ladderaction letter housemeeting meetingaction "
    "involvement complaint",
)
_TENANCIES_WRITE = _perms(
    "tenancies",
    "add change",
    "agreement incident incidentparty ladderaction letter housemeeting meetingaction involvement complaint",
)
_RENTS = [
    *_perms("rents", "view", "rentaccount ledgerentry chargeline arrearscase arrearsstage"),
    *_perms("rents", "view add change", "housingbenefitclaim"),
    "rents.add_ledgerentry",
    "rents.change_arrearscase",
    *_perms("rents", "view add change", "paymentplan"),
]
_CASEWORK_MODELS = (
    "case householdmember contactlog servicereferral casedocument duty maindutydecision assessment "
    "personalisedhousingplan planstep homevisit mediation mediationsession safeguardingconcern"
)
_CASEWORK = [
    *_perms("casework", "view add change", _CASEWORK_MODELS),
    "casework.view_referral",
    "casework.change_referral",
    "casework.view_hcliccategory",
    "casework.view_plansteptemplate",
    *_perms("casework", "view add change", "placement"),
    # Temporary accommodation accounts of their cases (object scope: casework.scopes): payment plans,
    # and arrears stage proposals and letters in TA wording. Payments are posted by the rent team.
    "rents.view_rentaccount",
    "rents.view_ledgerentry",
    "rents.view_arrearscase",
    "rents.change_arrearscase",
    "rents.view_arrearsstage",
    *_perms("rents", "view add change", "paymentplan"),
]
_REPAIRS_MODELS = (
    "repair repairphoto hazard hazardclock accessattempt entrynotice controldelay worksorder void voidcheck"
)
_REPAIRS = [
    *_perms("repairs", "view add change", _REPAIRS_MODELS),
    *_perms("repairs", "view", "contractor repairsbudget repairpriority budgetcode hazardtype awaabapplicability"),
]
# Support workers report repairs and see their residents' repairs (scheme scope), nothing more.
_REPAIRS_REPORT = [
    *_perms("repairs", "view add", "repair repairphoto"),
    *_perms("repairs", "view", "hazard hazardclock"),
]
_REPAIRS_MANAGE = [
    *_perms("repairs", "add change", "contractor repairsbudget"),
    "repairs.approve_over_budget",
]
# Housing workers record checks and actions for their schemes (object scope: the scheme).
_COMPLIANCE = [
    *_perms("compliance", "view", "checktype actionpriority asset scheduledcheck"),
    *_perms("compliance", "view add", "checkrecord"),
    *_perms("compliance", "view add change", "action"),
    "compliance.record_certificate",
]
# Support workers record staff checks (a fire alarm test, water temperatures) where they work.
_COMPLIANCE_STAFF_CHECKS = [
    *_perms("compliance", "view", "checktype scheduledcheck"),
    *_perms("compliance", "view add", "checkrecord"),
]
# Private-rented move-on (moveon): landlords, offers, incentives, sustainment follow-ups.
_MOVEON: list[str] = [
    *_perms("moveon", "view add change", "landlord landlordproperty"),
    *_perms("moveon", "view add", "propertydocument"),
    *_perms("moveon", "view", "broadrentalmarketarea lharate moveonsettings"),
    *_perms("moveon", "view add change", "offer viewing incentive move"),
    "moveon.view_incentivebudget",
]
# Team leaders approve incentives above the limit; administrators set the LHA rates, limits and budgets.
_MOVEON_APPROVE: list[str] = ["moveon.approve_incentive"]
_MOVEON_ADMIN: list[str] = [
    *_perms("moveon", "view add change delete", "broadrentalmarketarea lharate"),
    *_perms("moveon", "view add change", "moveonsettings incentivebudget"),
]
# Housing register triage (register): officers and team leaders; administrators keep the banding scheme.
_REGISTER: list[str] = [
    *_perms("register", "view add change", "registerapplication applicationmember signpost"),
    *_perms("register", "view", "qualificationcheck band bandrule qualificationsettings"),
]
_REGISTER_ADMIN: list[str] = _perms("register", "add change delete", "band bandrule qualificationsettings")
# H-CLIC (hclic): officers see what their cases still need; team leaders export and freeze quarters.
_HCLIC_READ: list[str] = _perms("hclic", "view", "hclicitem")
_HCLIC_EXPORT: list[str] = _perms("hclic", "view add", "hclicsubmission")
_HCLIC_ADMIN: list[str] = _perms("hclic", "change", "hclicitem")
_HOUSING = _PEOPLE_READ + _PEOPLE_WRITE + _TENANCIES_READ + _TENANCIES_WRITE + _RENTS + _REPAIRS + _COMPLIANCE

ROLE_PERMISSIONS: dict[str, list[str]] = {
    HOUSING_WORKER: [*_HOUSING],
    SENIOR_HOUSING_WORKER: [*_HOUSING, "core.view_history"],
    HOUSING_MANAGER: [
        *_HOUSING,
        *_MANAGERS_OVERSIGHT,
        "accounts.view_user",
        "accounts.view_team",
        "tenancies.approve_ladder_skip",
        "rents.approve_writeoff",
        *_REPAIRS_MANAGE,
        "compliance.override_action",
    ],
    # Read-mostly: residents they support, and support notes.
    SUPPORT_WORKER: [
        *_PEOPLE_READ,
        "people.add_supportnote",
        *_perms("tenancies", "view", "scheme unit incident letter housemeeting"),
        *_REPAIRS_REPORT,
        *_COMPLIANCE_STAFF_CHECKS,
        # Homelessness cases only where they are named on the case (object scope), read-only.
        "casework.view_case",
    ],
    PREVENTION_OFFICER: [*_CASEWORK, *_MOVEON, *_REGISTER, *_HCLIC_READ],
    TEAM_LEADER: [
        *_CASEWORK,
        *_MOVEON,
        *_MOVEON_APPROVE,
        *_REGISTER,
        *_HCLIC_READ,
        *_HCLIC_EXPORT,
        *_MANAGERS_OVERSIGHT,
        "accounts.view_user",
        "accounts.view_team",
        "casework.reassign_case",
    ],
    ADMINISTRATOR: [
        *_MANAGERS_OVERSIGHT,
        *_HOUSING,
        *_perms("tenancies", "add change", "scheme property unit"),
        *_perms("rents", "add change view", "chargecalendar rentfreeweek arrearsstage"),
        "rents.approve_writeoff",
        *_REPAIRS_MANAGE,
        *_perms("repairs", "add change", "repairpriority budgetcode hazardtype awaabapplicability"),
        *_perms("compliance", "add change", "checktype actionpriority asset scheduledcheck"),
        "compliance.override_action",
        *_CASEWORK,
        "casework.reassign_case",
        *_MOVEON,
        *_MOVEON_APPROVE,
        *_MOVEON_ADMIN,
        *_REGISTER,
        *_REGISTER_ADMIN,
        *_HCLIC_READ,
        *_HCLIC_EXPORT,
        *_HCLIC_ADMIN,
        *_perms("casework", "view change", "hcliccategory plansteptemplate"),
        "casework.add_plansteptemplate",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_user",
        "accounts.add_team",
        "accounts.change_team",
        "accounts.view_team",
        "accounts.add_coverage",
        "accounts.change_coverage",
        "accounts.delete_coverage",
        "accounts.view_coverage",
        "auth.view_group",
        "django_celery_beat.view_periodictask",
        "django_celery_beat.change_periodictask",
        "django_celery_beat.add_periodictask",
        "django_celery_beat.view_crontabschedule",
        "django_celery_beat.add_crontabschedule",
        "django_celery_beat.view_intervalschedule",
        "django_celery_beat.add_intervalschedule",
    ],
}


def create_role_groups(apps, schema_editor):
    """Data-migration step: one group per role."""
    Group = apps.get_model("auth", "Group")
    for name in ALL_ROLES:
        Group.objects.get_or_create(name=name)


def sync_role_permissions():
    """Give each role exactly the permissions listed above (those that exist yet)."""
    from django.contrib.auth.models import Group, Permission

    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".", 1)
            wanted.extend(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)


def sync_role_permissions_after_migrate(sender, **kwargs):
    """post_migrate fires once per app; permissions exist only after the last app's turn."""
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is with_models[-1]:  # post_migrate is sent only for apps that have a models module
        sync_role_permissions()
