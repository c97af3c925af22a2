import datetime

import pytest
import time_machine

from accounts.models import Coverage, Team
from tests.accounts.factories import CoverageFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_object_ids_lists_what_a_worker_covers_today():
    worker = UserFactory()
    mine, ended, theirs = TeamFactory(), TeamFactory(), TeamFactory()
    CoverageFactory(user=worker, covered=mine)
    CoverageFactory(user=worker, covered=ended, ends=datetime.date(2026, 1, 31))
    CoverageFactory(covered=theirs)
    with time_machine.travel(datetime.datetime(2026, 11, 26, 12, tzinfo=datetime.UTC)):
        visible = Team.objects.filter(pk__in=Coverage.objects.object_ids(worker, Team))
        assert list(visible) == [mine]
    with time_machine.travel(datetime.datetime(2026, 1, 15, 12, tzinfo=datetime.UTC)):
        assert set(Team.objects.filter(pk__in=Coverage.objects.object_ids(worker, Team))) == {mine, ended}
