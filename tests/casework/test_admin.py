import pytest
from django.urls import reverse

from accounts import roles
from tests.accounts.factories import UserFactory
from tests.casework.factories import DutyFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model",
    [
        "case",
        "duty",
        "maindutydecision",
        "personalisedhousingplan",
        "homevisit",
        "mediation",
        "safeguardingconcern",
        "hcliccategory",
        "plansteptemplate",
        "referral",
    ],
)
def test_admin_pages_load(client, model):
    duty = DutyFactory()
    client.force_login(UserFactory(role=roles.ADMINISTRATOR, is_superuser=True))
    assert client.get(reverse(f"admin:casework_{model}_changelist")).status_code == 200
    assert client.get(reverse("admin:casework_case_change", args=[duty.case.pk])).status_code == 200


def test_hclic_codes_are_seeded_as_data():
    from casework.models import HclicCategory

    lists = set(HclicCategory.objects.values_list("list_id", flat=True))
    assert {"reason_loss_settled_home", "support_needs", "accommodation_at_application"} <= lists
    needs = HclicCategory.objects.of("support_needs")
    assert needs.filter(label="History of mental health problems").exists()
    assert not needs.filter(label__contains="retired option").exists()
