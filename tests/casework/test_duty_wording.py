"""The duty pages explain a running notice in a sentence that reads (issue 10.8)."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from accounts import roles
from casework.models import Case, Duty
from core.clocks import LONDON
from tests.accounts.factories import UserFactory
from tests.casework.factories import DutyFactory
from tests.casework.scoping import case_for

pytestmark = pytest.mark.django_db


def test_the_end_form_explains_what_a_running_notice_stops(client):
    officer = UserFactory(role=roles.PREVENTION_OFFICER)
    with time_machine.travel(datetime(2026, 12, 1, 10, 0, tzinfo=LONDON), tick=False):
        today = datetime(2026, 12, 1).date()
        case = case_for(
            officer,
            approached_on=today - timedelta(days=70),
            notice_type=Case.Notice.SECTION_21,
            notice_expires_on=today + timedelta(days=20),
            notice_valid=True,
        )
        duty = DutyFactory(case=case, kind=Duty.Kind.PREVENTION, started_on=today - timedelta(days=60))

        client.force_login(officer)
        html = " ".join(client.get(reverse("casework:duty_end", args=[duty.pk])).content.decode().split())
    assert "have passed until" not in html
    assert "cannot be ended on the ground that 56 days have passed" in html
