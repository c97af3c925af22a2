"""The H-CLIC lists and the plan-step menu survive the flush that ends a live-server (transactional) test."""

import pytest

from casework.models import HclicCategory, PlanStepTemplate


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_sees_the_code_lists():
    assert HclicCategory.objects.of("reason_loss_settled_home").count() == 13
    assert PlanStepTemplate.objects.filter(scenario="family_friends").exists()


@pytest.mark.django_db(transaction=True)
def test_and_so_does_the_next_one_after_the_flush():
    assert HclicCategory.objects.of("support_needs").exists()
    assert PlanStepTemplate.objects.exists()


@pytest.mark.django_db
def test_and_an_ordinary_test_after_them():
    assert HclicCategory.objects.filter(list_id="prevention_duty_end_reason").count() == 9
