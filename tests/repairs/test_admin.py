"""Admins keep priorities, hazard types and Awaab's Law applicability; records are read-only there."""

import pytest
from django.urls import reverse

from repairs.models import AwaabApplicability, RepairPriority
from tests.repairs.factories import RepairFactory
from tests.tenancies.factories import SchemeFactory

pytestmark = pytest.mark.django_db


def test_an_administrator_changes_a_priority_and_records_where_the_law_applies(client, role_users):
    client.force_login(role_users["administrator"])
    routine = RepairPriority.objects.get(code="routine")
    assert client.get(reverse("admin:repairs_repairpriority_change", args=[routine.pk])).status_code == 200
    scheme = SchemeFactory()
    response = client.post(
        reverse("admin:repairs_awaabapplicability_add"),
        {
            "scheme": scheme.pk,
            "agreement_kind": "licence",
            "applies": "on",
            "reason": "Our board applies it to licences.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert AwaabApplicability.objects.get(scheme=scheme).applies


def test_a_priority_target_of_nought_is_refused_in_admin(client, role_users):
    client.force_login(role_users["administrator"])
    routine = RepairPriority.objects.get(code="routine")
    url = reverse("admin:repairs_repairpriority_change", args=[routine.pk])
    form = {
        "code": routine.code,
        "name": routine.name,
        "target_amount": "0",
        "target_unit": routine.target_unit,
        "description": routine.description,
        "order": routine.order,
        "active": "on",
    }
    response = client.post(url, form)
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 1." in response.content.decode()
    routine.refresh_from_db()
    assert routine.target_amount == 28
    response = client.post(url, {**form, "target_amount": "21"})
    assert response.status_code == 302, response.content.decode()[:2000]
    routine.refresh_from_db()
    assert routine.target_amount == 21


def test_repairs_are_read_only_in_admin(client, role_users):
    client.force_login(role_users["administrator"])
    repair = RepairFactory()
    assert client.get(reverse("admin:repairs_repair_changelist")).status_code == 200
    response = client.post(reverse("admin:repairs_repair_change", args=[repair.pk]), {"description": "Changed"})
    assert response.status_code in (302, 403)
    repair.refresh_from_db()
    assert repair.description != "Changed"
