"""Put casework test objects inside a user's object scope (or outside it)."""

from accounts import roles
from tests.casework.factories import CaseFactory, PreventionTeamFactory, officer_in


def team_of(user):
    """The user's prevention team (made, and led by them if they are a team leader, when they have none)."""
    if user.team_id is None:
        user.team = PreventionTeamFactory()
        user.save(update_fields=["team"])
    if user.has_role(roles.TEAM_LEADER) and user.team.leader_id is None:
        user.team.leader = user
        user.team.save(update_fields=["leader"])
    return user.team


def case_for(user, **kwargs):
    """A case this user may see: their own (officers), their team's (leaders), one naming them (support)."""
    if user is None or user.has_role(roles.ADMINISTRATOR) or user.is_superuser:
        return CaseFactory(**kwargs)
    if user.has_role(roles.PREVENTION_OFFICER):
        kwargs.setdefault("team", team_of(user))
        kwargs.setdefault("officer", user)
        return CaseFactory(**kwargs)
    if user.has_role(roles.TEAM_LEADER):
        team = kwargs.setdefault("team", team_of(user))
        kwargs.setdefault("officer", officer_in(team))
        return CaseFactory(**kwargs)
    case = CaseFactory(**kwargs)
    if user.has_role(roles.SUPPORT_WORKER):
        case.named_workers.add(user)
    return case
