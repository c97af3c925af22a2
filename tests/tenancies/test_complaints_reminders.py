"""Complaint deadline reminders (two working days before, and on the day) and "My work"."""

from datetime import date, datetime

import pytest
import time_machine

from accounts import roles
from accounts.models import User
from core import mywork, reminders
from core.clocks import LONDON
from core.models import Notification
from tenancies.mywork.complaints import complaint_deadlines
from tests.accounts.factories import UserFactory
from tests.tenancies.factories import ComplaintFactory, SchemeFactory, cover
from tests.tenancies.scoping import scheme_for

pytestmark = pytest.mark.django_db
JOB = "tenancies.complaint_deadlines"


def run_on(day: date) -> int:
    now = datetime(day.year, day.month, day.day, 9, 0, tzinfo=LONDON)
    with time_machine.travel(now, tick=False):
        return reminders.run_reminder_jobs(now=now, only=[JOB])[JOB]


@pytest.fixture
def worker():
    return UserFactory(role=roles.HOUSING_WORKER)


@pytest.fixture
def complaint(worker):
    """Received Monday 2 June 2025: acknowledgement due Monday 9 June."""
    return ComplaintFactory(scheme=scheme_for(worker), received_on=date(2025, 6, 2), stage1_handler=worker)


def test_handler_is_reminded_two_working_days_before_and_on_the_day(complaint, worker):
    assert run_on(date(2025, 6, 4)) == 0  # three working days before
    assert run_on(date(2025, 6, 5)) == 1  # Friday 6 and Monday 9 are left
    assert run_on(date(2025, 6, 5)) == 0
    assert run_on(date(2025, 6, 6)) == 0
    assert run_on(date(2025, 6, 9)) == 1
    assert run_on(date(2025, 6, 10)) == 0
    soon, today = Notification.objects.order_by("pk")
    assert soon.recipient == worker
    assert soon.subject == "Complaint stage 1 acknowledgement due 9 June"
    assert today.subject == "Complaint stage 1 acknowledgement due today"
    assert today.url == complaint.get_absolute_url()


def test_a_missed_day_is_still_reported_once_as_overdue(complaint):
    assert run_on(date(2025, 6, 11)) == 1
    assert Notification.objects.get().subject == "Complaint stage 1 acknowledgement overdue (was due 9 June)"
    assert run_on(date(2025, 6, 12)) == 0


def test_after_acknowledgement_the_response_deadline_is_reminded(complaint):
    complaint.stage1_acknowledged_on = date(2025, 6, 4)  # response due 18 June
    complaint.save()
    assert run_on(date(2025, 6, 13)) == 0
    assert run_on(date(2025, 6, 16)) == 1
    assert Notification.objects.get().subject == "Complaint stage 1 response due 18 June"


def test_an_extension_brings_reminders_for_the_new_date(complaint):
    complaint.stage1_acknowledged_on = date(2025, 6, 4)
    complaint.save()
    assert run_on(date(2025, 6, 16)) == 1
    complaint.stage1_extended_to = date(2025, 6, 25)
    complaint.save()
    assert run_on(date(2025, 6, 16)) == 0
    assert run_on(date(2025, 6, 23)) == 1
    assert run_on(date(2025, 6, 25)) == 1


def test_stage2_reminders_go_to_the_stage2_handler(worker):
    manager = UserFactory(role=roles.HOUSING_MANAGER)
    ComplaintFactory(
        received_on=date(2025, 5, 1),
        stage1_handler=worker,
        stage1_acknowledged_on=date(2025, 5, 2),
        stage1_responded_on=date(2025, 5, 9),
        stage=2,
        escalated_on=date(2025, 6, 2),
        stage2_handler=manager,
    )
    assert run_on(date(2025, 6, 9)) == 1
    assert Notification.objects.get().recipient == manager


def test_without_a_handler_whoever_logged_it_is_reminded():
    logger = UserFactory(role=roles.HOUSING_WORKER)
    ComplaintFactory(scheme=scheme_for(logger), received_on=date(2025, 6, 2), recorded_by=logger)
    assert run_on(date(2025, 6, 9)) == 1
    assert Notification.objects.get().recipient == logger


def test_closed_complaints_and_those_waiting_for_the_resident_are_not_reminded(worker):
    scheme = scheme_for(worker)
    ComplaintFactory(scheme=scheme, received_on=date(2025, 6, 2), stage1_handler=worker, closed_on=date(2025, 6, 3))
    ComplaintFactory(
        scheme=scheme,
        received_on=date(2025, 6, 2),
        stage1_handler=worker,
        stage1_acknowledged_on=date(2025, 6, 2),
        stage1_responded_on=date(2025, 6, 3),
    )
    assert run_on(date(2025, 6, 9)) == 0


# ---------------------------------------------------------------- My work


def complaint_items(user):
    with time_machine.travel(datetime(2025, 6, 5, 9, 0, tzinfo=LONDON), tick=False):
        return [item for item in mywork.due_for(user) if item.category == "Complaint"]


def test_my_work_shows_deadlines_for_complaints_i_handle_or_in_schemes_i_cover(worker):
    covered = scheme_for(worker, name="Elm Court")
    # Handling a complaint in a scheme they no longer cover does not show it: they could not open it.
    ComplaintFactory(scheme=SchemeFactory(), received_on=date(2025, 6, 2), stage1_handler=worker)
    in_my_scheme = ComplaintFactory(scheme=covered, received_on=date(2025, 5, 20), person__legal_name="Alex Khan")
    ComplaintFactory(scheme=covered, received_on=date(2025, 6, 2), closed_on=date(2025, 6, 3))
    ComplaintFactory(scheme=SchemeFactory(), received_on=date(2025, 6, 2))  # not mine at all
    items = complaint_items(worker)
    assert [(item.title, item.due) for item in items] == [
        ("Stage 1 acknowledgement for the complaint from Alex Khan", date(2025, 5, 28))
    ]
    assert items[0].overdue
    assert items[0].url == in_my_scheme.get_absolute_url()


def test_managers_see_deadlines_of_complaints_they_handle_at_stage2():
    manager = UserFactory(role=roles.HOUSING_MANAGER)
    ComplaintFactory(
        received_on=date(2025, 5, 1),
        stage1_acknowledged_on=date(2025, 5, 2),
        stage1_responded_on=date(2025, 5, 9),
        stage=2,
        escalated_on=date(2025, 6, 2),
        stage2_handler=manager,
    )
    ComplaintFactory(received_on=date(2025, 6, 2))  # visible to a manager, but not theirs
    items = complaint_items(manager)
    assert len(items) == 1
    assert items[0].title.startswith("Stage 2 acknowledgement for the complaint from ")
    assert items[0].due == date(2025, 6, 9)


def test_my_work_leaves_out_deadlines_more_than_two_weeks_away(worker):
    scheme = scheme_for(worker)
    ComplaintFactory(
        scheme=scheme,
        received_on=date(2025, 6, 2),
        stage=1,
        stage1_acknowledged_on=date(2025, 6, 3),
        stage1_extended_to=date(2025, 6, 30),
    )
    assert complaint_items(worker) == []


def test_my_work_complaint_queries_are_fixed(worker, django_assert_num_queries):
    scheme = scheme_for(worker)
    ComplaintFactory(scheme=scheme, received_on=date(2025, 6, 2))
    fresh = User.objects.get(pk=worker.pk)
    with django_assert_num_queries(4):  # the user's permissions (two), their roles, then the complaints
        assert len(complaint_deadlines(fresh)) == 1
    for _ in range(10):
        ComplaintFactory(scheme=scheme, received_on=date(2025, 6, 2))
    fresh = User.objects.get(pk=worker.pk)
    with django_assert_num_queries(4):
        assert len(complaint_deadlines(fresh)) == 11


def test_if_the_handler_has_left_whoever_logged_it_is_reminded(worker):
    logger = UserFactory(role=roles.HOUSING_WORKER)
    scheme = scheme_for(worker)
    cover(logger, scheme)
    ComplaintFactory(scheme=scheme, received_on=date(2025, 6, 2), stage1_handler=worker, recorded_by=logger)
    worker.is_active = False
    worker.save()
    assert run_on(date(2025, 6, 9)) == 1
    assert Notification.objects.get().recipient == logger


def test_a_handler_who_no_longer_covers_the_scheme_is_not_reminded_and_whoever_can_open_it_is(worker):
    """A reminder names the scheme and links to the complaint: only someone who can open it gets it."""
    elsewhere = SchemeFactory(name="Birch House")
    logger = UserFactory(role=roles.HOUSING_WORKER)
    cover(logger, elsewhere)
    cover(worker, SchemeFactory(name="Elm Court"))
    complaint = ComplaintFactory(scheme=elsewhere, received_on=date(2025, 6, 2), stage1_handler=worker)
    assert run_on(date(2025, 6, 9)) == 0
    assert not Notification.objects.filter(recipient=worker).exists()
    complaint.recorded_by = logger
    complaint.save()
    assert run_on(date(2025, 6, 9)) == 1
    assert Notification.objects.get().recipient == logger


def test_my_work_shows_no_complaints_to_someone_who_cannot_open_them():
    """The demo's support worker covers a scheme with an open complaint; its My work link gave a 403."""
    support = UserFactory(role=roles.SUPPORT_WORKER)
    ComplaintFactory(scheme=scheme_for(support), received_on=date(2025, 6, 2))
    assert not support.has_perm("tenancies.view_complaint")
    assert complaint_items(support) == []
