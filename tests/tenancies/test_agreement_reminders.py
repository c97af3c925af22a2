import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts import roles
from core.models import Notification
from core.reminders import run_reminder_jobs
from tests.accounts.factories import UserFactory
from tests.tenancies.factories import OfferedAgreementFactory
from tests.tenancies.scoping import scheme_for

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 26, 9, tzinfo=datetime.UTC)


@time_machine.travel(NOW)
def test_workers_are_reminded_once_about_unfinished_checklists(django_capture_on_commit_callbacks):
    worker = UserFactory(role=roles.HOUSING_WORKER)
    scheme = scheme_for(worker)
    late = OfferedAgreementFactory(unit__property__scheme=scheme, start_date=datetime.date(2026, 11, 18))
    OfferedAgreementFactory(unit__property__scheme=scheme, start_date=datetime.date(2026, 11, 20))  # 6 days: not yet
    first = run_reminder_jobs(only=["tenancies.signup_checklists"])
    second = run_reminder_jobs(only=["tenancies.signup_checklists"])
    assert first == {"tenancies.signup_checklists": 1}
    assert second == {"tenancies.signup_checklists": 0}
    note = Notification.objects.get()
    assert (note.recipient, note.url) == (worker, late.get_absolute_url())


@time_machine.travel(NOW)
def test_my_work_lists_unfinished_checklists(client):
    worker = UserFactory(role=roles.HOUSING_WORKER)
    agreement = OfferedAgreementFactory(
        unit__property__scheme=scheme_for(worker), start_date=datetime.date(2026, 11, 10)
    )
    OfferedAgreementFactory()  # someone else's scheme
    client.force_login(worker)
    items = client.get(reverse("core:home")).context["due_items"]
    mine = [item for item in items if item.category == "Sign-up"]
    assert [(item.url, item.due, item.overdue) for item in mine] == [
        (agreement.get_absolute_url(), datetime.date(2026, 11, 17), True)
    ]


@time_machine.travel(NOW)
def test_whoever_signed_them_up_is_not_reminded_once_they_no_longer_cover_the_scheme():
    """The reminder names the resident and links to the agreement: only someone who can open it gets it."""
    worker, moved_on = UserFactory(role=roles.HOUSING_WORKER), UserFactory(role=roles.HOUSING_WORKER)
    scheme_for(moved_on), scheme_for(moved_on)
    OfferedAgreementFactory(
        unit__property__scheme=scheme_for(worker), start_date=datetime.date(2026, 11, 18), created_by=moved_on
    )
    assert run_reminder_jobs(only=["tenancies.signup_checklists"]) == {"tenancies.signup_checklists": 1}
    assert Notification.objects.get().recipient == worker
