"""Role predicates for django-rules. Object scope lives in each queryset's `visible_to(user)`; other
apps' `rules.py` hold their statutory and policy clocks (docs/architecture.md)."""

import rules

from . import roles


def has_role(*names):
    @rules.predicate(name=f"has_role({', '.join(names)})")
    def predicate(user):
        return user.is_authenticated and user.has_role(*names)

    return predicate


is_housing_worker = has_role(roles.HOUSING_WORKER)
is_senior_housing_worker = has_role(roles.SENIOR_HOUSING_WORKER)
is_housing_manager = has_role(roles.HOUSING_MANAGER)
is_support_worker = has_role(roles.SUPPORT_WORKER)
is_prevention_officer = has_role(roles.PREVENTION_OFFICER)
is_team_leader = has_role(roles.TEAM_LEADER)
is_administrator = rules.is_superuser | has_role(roles.ADMINISTRATOR)

is_housing_staff = has_role(*roles.HOUSING_ROLES) | is_administrator
is_prevention_staff = has_role(*roles.PREVENTION_ROLES) | is_administrator
is_manager = has_role(roles.HOUSING_MANAGER, roles.TEAM_LEADER) | is_administrator
