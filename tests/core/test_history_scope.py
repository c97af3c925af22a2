"""A record's history shows what its page shows to that user, and sensitive history reads are logged (issue 8.6)."""

import pytest
from django.apps import apps
from django.urls import reverse

from accounts import roles
from core.history import visible_queryset
from core.models import AccessLog
from tests.accounts.factories import UserFactory
from tests.people.factories import ConsentFactory, PersonFactory, SupportNeedFactory
from tests.rents.factories import account_for

pytestmark = pytest.mark.django_db

# Configuration records with no object scope: their history needs only the model's view permission.
UNSCOPED = {"accounts.Team", "accounts.User", "accounts.Coverage", "rents.ChargeCalendar", "rents.ArrearsStage"}
UNSCOPED |= {"rents.ImportBatch"}
UNSCOPED |= {"repairs.RepairPriority", "repairs.HazardType", "repairs.AwaabApplicability", "repairs.Contractor"}
UNSCOPED |= {"compliance.CheckType", "compliance.ActionPriority"}
UNSCOPED |= {"moveon.IncentiveBudget", "moveon.MoveOnSettings"}
UNSCOPED |= {"register.Band", "register.BandRule", "register.QualificationSettings", "hclic.HclicItem"}


def history_url(obj):
    return reverse("core:history", args=[obj._meta.app_label, obj._meta.model_name, obj.pk])


def resident(manager):
    return account_for(manager).agreement.person


def test_every_audited_record_has_an_object_scope_for_its_history():
    user = UserFactory(role=roles.HOUSING_WORKER)
    unscoped = {
        model._meta.label
        for model in apps.get_models()
        if hasattr(model, "history")
        and model.__module__.split(".")[0] not in {"simple_history", "django"}
        and not model.__name__.startswith("Historical")
        and visible_queryset(model, user) is None
    }
    assert unscoped == UNSCOPED


def test_person_history_masks_the_national_insurance_number(client):
    manager = UserFactory(role=roles.HOUSING_MANAGER)
    person = resident(manager)
    person.ni_number = "QQ123456C"
    person.save()
    person.ni_number = "QQ123456D"
    person.save()
    client.force_login(manager)
    content = client.get(history_url(person)).content.decode()
    assert "QQ123456C" not in content and "QQ123456D" not in content
    assert "•• •• •• 56 C" in content and "•• •• •• 56 D" in content


def test_a_consent_history_is_as_scoped_as_the_person(client):
    manager = UserFactory(role=roles.HOUSING_MANAGER)
    mine = ConsentFactory(person=resident(manager))
    outside = ConsentFactory(person=PersonFactory())  # not a resident anywhere: a prevention applicant, say
    client.force_login(manager)
    assert client.get(history_url(mine)).status_code == 200
    assert client.get(history_url(outside)).status_code == 404


def test_a_charge_line_history_is_as_scoped_as_its_account(client):
    worker = UserFactory(role=roles.SENIOR_HOUSING_WORKER)
    line = account_for(worker).charge_lines.first()
    client.force_login(UserFactory(role=roles.TEAM_LEADER))
    assert client.get(history_url(line)).status_code == 404


def test_reading_a_support_needs_history_is_logged(client):
    manager = UserFactory(role=roles.HOUSING_MANAGER)
    need = SupportNeedFactory(person=resident(manager))
    client.force_login(manager)
    assert client.get(history_url(need)).status_code == 200
    entry = AccessLog.objects.get(user=manager, object_id=need.pk)
    assert entry.what == "support needs and risks (history)"
