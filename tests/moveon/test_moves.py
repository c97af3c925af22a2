"""The move, the six-month follow-up (due date, reminder once only), and the landlord's tenancy history."""

import datetime
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import Notification
from core.reminders import run_reminder_jobs
from moveon.models import Move
from moveon.services import moves as services
from moveon.services.offers import offer_decide
from tests.casework.scoping import case_for
from tests.moveon.conftest import TODAY
from tests.moveon.factories import LandlordPropertyFactory, an_offer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
D = datetime.date


def _accepted(officer, **kwargs):
    offer = an_offer(case=case_for(officer), by=officer, **kwargs)
    return offer_decide(offer=offer, outcome="accepted", on=TODAY, by=officer)


def test_a_move_needs_an_accepted_offer_and_is_followed_up_six_months_on(officer):
    pending = an_offer(case=case_for(officer), by=officer)
    with pytest.raises(ValidationError, match=services.NOT_ACCEPTED):
        services.move_record(offer=pending, start_date=TODAY, tenancy_months=12, by=officer)
    offer = _accepted(officer, offered_on=D(2026, 8, 1))
    move = services.move_record(offer=offer, start_date=D(2026, 8, 31), tenancy_months=12, by=officer)
    assert move.follow_up_due == D(2027, 2, 28)  # six calendar months, the month's last day when shorter
    with pytest.raises(ValidationError, match=services.ALREADY_MOVED):
        services.move_record(offer=move.offer, start_date=D(2026, 12, 2), tenancy_months=12, by=officer)


def test_the_follow_up_confirms_six_months_or_records_why_they_left(officer):
    move = services.move_record(offer=_accepted(officer), start_date=D(2026, 12, 1), tenancy_months=12, by=officer)
    with pytest.raises(ValidationError, match=re.escape(services.TOO_EARLY.format(due=D(2027, 6, 1)))):
        services.follow_up_record(move=move, on=D(2027, 5, 31), still_there=True, by=officer)
    with pytest.raises(ValidationError, match=services.WHY_LEFT):
        services.follow_up_record(move=move, on=D(2027, 3, 1), still_there=False, by=officer)
    services.follow_up_record(move=move, on=D(2027, 6, 2), still_there=True, by=officer)
    assert list(Move.objects.sustained()) == [move]
    with pytest.raises(ValidationError, match=services.FOLLOWED_UP):
        services.follow_up_record(move=move, on=D(2027, 6, 3), still_there=True, by=officer)


def test_a_move_that_failed_is_not_sustained(officer):
    move = services.move_record(offer=_accepted(officer), start_date=D(2026, 12, 1), tenancy_months=12, by=officer)
    services.follow_up_record(
        move=move, on=D(2027, 3, 1), still_there=False, left_reason="Landlord sold up", by=officer
    )
    assert not Move.objects.sustained().exists()
    move.refresh_from_db()
    assert move.how_it_went == "Left: Landlord sold up"


def test_the_officer_is_reminded_once_when_the_follow_up_falls_due(officer):
    move = services.move_record(offer=_accepted(officer), start_date=D(2026, 12, 1), tenancy_months=12, by=officer)
    with time_machine.travel(datetime.datetime(2027, 5, 31, 9, 0, tzinfo=datetime.UTC), tick=False):
        run_reminder_jobs(only=["moveon.sustainment_follow_up"])
    assert not Notification.objects.exists()
    with time_machine.travel(datetime.datetime(2027, 6, 1, 9, 0, tzinfo=datetime.UTC), tick=False):
        run_reminder_jobs(only=["moveon.sustainment_follow_up"])
        run_reminder_jobs(only=["moveon.sustainment_follow_up"])
    note = Notification.objects.get()
    assert note.recipient == officer
    assert "six-month follow-up" in note.subject
    services.follow_up_record(move=move, on=D(2027, 6, 1), still_there=True, by=officer)
    with time_machine.travel(datetime.datetime(2027, 6, 8, 9, 0, tzinfo=datetime.UTC), tick=False):
        run_reminder_jobs(only=["moveon.sustainment_follow_up"])
    assert Notification.objects.count() == 1


def test_views_record_the_move_and_follow_up_and_the_landlord_page_shows_how_it_went(officer_client, officer):
    home = LandlordPropertyFactory()
    offer = _accepted(officer, home=home, address="")
    bad = officer_client.post(reverse("moveon:move_create", args=[offer.pk]), {"start_date": "2026-12-02"})
    assert bad.status_code == 200 and not Move.objects.exists()
    response = officer_client.post(
        reverse("moveon:move_create", args=[offer.pk]), {"start_date": "2026-12-02", "tenancy_months": "12"}
    )
    assert response.status_code == 302
    move = Move.objects.get()
    assert move.landlord == home.landlord
    response = officer_client.post(
        reverse("moveon:follow_up", args=[move.pk]), {"on": "2026-12-03", "still_there": "no"}
    )
    assert services.WHY_LEFT in response.content.decode()
    page = officer_client.get(home.landlord.get_absolute_url()).content.decode()
    assert "Follow-up due 2 Jun 2027" in page
