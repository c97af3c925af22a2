"""History reads like the record's page: labels for choices and names for linked records, never raw ids."""

import pytest
from django.urls import reverse

from accounts import roles
from accounts.models import Team
from core.history import history_entries
from tests.accounts.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_linked_record_and_a_choice_show_their_names():
    leader = UserFactory(full_name="Lee Leader")
    team = TeamFactory(kind=Team.Kind.HOUSING)
    team.leader = leader
    team.kind = Team.Kind.PREVENTION
    team.save()
    changes = {c.field: (c.old, c.new) for c in history_entries(team)[0].changes}
    assert changes["leader"] == (None, str(leader))
    assert changes["kind"] == ("Supported housing", "Homelessness prevention")


def test_a_linked_record_since_deleted_is_named_as_gone():
    leader = UserFactory()
    team = TeamFactory()
    team.leader = leader
    team.save()
    team.history.filter(leader_id=leader.pk).update(leader_id=leader.pk + 1000)
    change = history_entries(team)[0].changes[0]
    assert change.new == "user no longer held"


def test_the_history_page_shows_no_raw_id(client):
    leader = UserFactory(full_name="Lee Leader")
    team = TeamFactory()
    team.leader = leader
    team.save()
    client.force_login(UserFactory(role=roles.HOUSING_MANAGER))
    html = client.get(reverse("core:history", args=["accounts", "team", team.pk])).content.decode()
    assert "Lee Leader" in html
    assert f"now</span> {leader.pk}<" not in html
