"""Admins edit check types and set schedules by hand; a schedule for stock it cannot apply to is
refused with the reason, and records are read-only."""

import pytest
from django.urls import reverse

from compliance.models import CheckType, ScheduledCheck
from tests.compliance.factories import check_type
from tests.tenancies.factories import PropertyFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_an_administrator_changes_a_check_types_frequency(client, role_users):
    client.force_login(role_users["administrator"])
    walkround = check_type("health_safety_walkround")
    url = reverse("admin:compliance_checktype_change", args=[walkround.pk])
    assert client.get(url).status_code == 200
    form = {
        field: getattr(walkround, field)
        for field in [
            "code",
            "name",
            "applies_to",
            "asset_kind",
            "condition",
            "frequency_unit",
            "early_window_months",
            "recorded_by",
            "registration_label",
            "repair_category",
            "source",
            "warning_days",
            "measure",
            "order",
        ]
    }
    response = client.post(url, {**form, "frequency_amount": "2", "active": "on"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert CheckType.objects.get(pk=walkround.pk).frequency_amount == 2


def test_a_schedule_set_by_hand_for_the_wrong_stock_is_refused(client, role_users):
    client.force_login(role_users["administrator"])
    building = PropertyFactory(has_gas_supply=False)
    unit = UnitFactory(property=building)
    before = ScheduledCheck.objects.count()
    url = reverse("admin:compliance_scheduledcheck_add")
    data = {"check_type": check_type("gas_safety").pk, "scheme": building.scheme.pk, "unit": unit.pk, "active": "on"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "applies to a building, not a unit" in response.content.decode()
    response = client.post(url, {**data, "unit": "", "building": building.pk})
    assert "Say why it applies here" in response.content.decode()
    assert ScheduledCheck.objects.count() == before
    response = client.post(url, {**data, "unit": "", "building": building.pk, "basis": "New boiler in the basement"})
    assert response.status_code == 302, response.content.decode()[:3000]
    made = ScheduledCheck.objects.get(check_type__code="gas_safety", building=building)
    assert not made.made_by_rule and made.basis == "New boiler in the basement"


def test_records_and_actions_are_read_only_in_admin(client, role_users):
    client.force_login(role_users["administrator"])
    assert client.get(reverse("admin:compliance_checkrecord_add")).status_code == 403
    assert client.get(reverse("admin:compliance_action_add")).status_code == 403
