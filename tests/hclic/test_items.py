"""The item mapping table, seeded from hclic/data/hclic-items.csv and correctable by administrators."""

import pytest

from hclic.items import load_items
from hclic.models import HclicItem

pytestmark = pytest.mark.django_db


def test_every_section_is_seeded_with_numbered_items():
    sections = set(HclicItem.objects.values_list("section", flat=True))
    assert sections == {value for value, _ in HclicItem.Section.choices}
    item = HclicItem.objects.get(number="1.5")
    assert item.element == "AssessmentDate" and item.source == "Assessment.completed_on"
    assert HclicItem.objects.get(number="4.6").list_id == "prevention_duty_end_reason"
    assert set(HclicItem.objects.filter(personal=True).values_list("element", flat=True)) == {
        "Name",
        "DateOfBirth",
        "NINumber",
    }


def test_reloading_keeps_an_administrators_correction():
    HclicItem.objects.filter(number="1.13").update(element="CURRENTACCOM")
    assert load_items(HclicItem) == 0
    assert HclicItem.objects.get(number="1.13").element == "CURRENTACCOM"


def test_administrators_correct_items_in_admin(admin_client):
    item = HclicItem.objects.get(number="1.13")
    assert admin_client.get("/admin/hclic/hclicitem/").status_code == 200
    response = admin_client.get(f"/admin/hclic/hclicitem/{item.pk}/change/")
    assert response.status_code == 200
    assert admin_client.get("/admin/hclic/hclicsubmission/").status_code == 200
