import pytest
from django.urls import reverse

from accounts import roles
from tests.accounts.factories import UserFactory
from tests.tenancies.factories import AgreementFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model",
    ["scheme", "property", "unit", "agreement", "incident", "letter", "housemeeting", "involvement", "complaint"],
)
def test_admin_pages_load(client, model):
    agreement = AgreementFactory()
    client.force_login(UserFactory(role=roles.ADMINISTRATOR, is_superuser=True))
    assert client.get(reverse(f"admin:tenancies_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:tenancies_{model}_add")).status_code == 200
    assert (
        client.get(reverse("admin:tenancies_scheme_change", args=[agreement.unit.property.scheme.pk])).status_code
        == 200
    )
    assert client.get(reverse("admin:people_person_change", args=[agreement.person.pk])).status_code == 200


def test_administrator_role_can_maintain_stock_without_superuser(client):
    admin = UserFactory(role=roles.ADMINISTRATOR)
    client.force_login(admin)
    assert client.get(reverse("admin:tenancies_unit_add")).status_code == 200
