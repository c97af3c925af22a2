"""Home visits on My work."""

from datetime import timedelta

import pytest
from django.utils import timezone

from casework.mywork.visits import visits
from tests.casework.factories import HomeVisitFactory

pytestmark = pytest.mark.django_db


def test_my_work_lists_todays_and_tomorrows_visits_and_the_one_i_am_on(django_assert_num_queries):
    soon = HomeVisitFactory(planned_start=timezone.now() + timedelta(hours=1))
    officer = soon.officer
    on_now = HomeVisitFactory(
        case=soon.case,
        officer=officer,
        planned_start=timezone.now() - timedelta(hours=1),
        checked_in_at=timezone.now() - timedelta(minutes=50),
    )
    HomeVisitFactory(case=soon.case, officer=officer, planned_start=timezone.now() + timedelta(days=5))
    HomeVisitFactory(
        case=soon.case,
        officer=officer,
        planned_start=timezone.now() - timedelta(hours=3),
        checked_in_at=timezone.now() - timedelta(hours=3),
        checked_out_at=timezone.now() - timedelta(hours=2),
    )
    HomeVisitFactory(planned_start=timezone.now() + timedelta(hours=2))  # someone else's
    with django_assert_num_queries(1):
        items = visits(officer)
    assert [item.url for item in items] == [on_now.get_absolute_url(), soon.get_absolute_url()]
    assert items[0].title.startswith("Check out of") and "you are checked in" in items[0].detail
