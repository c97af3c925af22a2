"""The Awaab's Law rules as data: what counts as written notice of entry."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from repairs import rules
from repairs.models import AccessAttempt, EntryNotice
from repairs.services import hazards as services
from tests.repairs.factories import RepairFactory

LONDON = ZoneInfo("Europe/London")
GIVEN = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=LONDON)
AFTER = time_machine.travel(datetime.datetime(2026, 12, 9, 12, 0, tzinfo=LONDON), tick=False)


def test_written_notice_methods_are_access_methods():
    assert set(rules.AWAAB_WRITTEN_NOTICE_METHODS) <= set(AccessAttempt.Method.values)


@AFTER
@pytest.mark.django_db
@pytest.mark.parametrize("method", ["letter", "email", "text"])
def test_a_letter_an_email_or_a_text_is_written_notice(method):
    repair = RepairFactory(reported_at=GIVEN - datetime.timedelta(days=1))
    notice = services.entry_notice_record(
        repair=repair, given_at=GIVEN, entry_at=GIVEN + datetime.timedelta(hours=24), method=method, by=None
    )
    assert notice.method == method


@AFTER
@pytest.mark.django_db
@pytest.mark.parametrize("method", ["phone", "visit"])
def test_a_phone_call_or_a_knock_is_not_written_notice(method):
    repair = RepairFactory(reported_at=GIVEN - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        services.entry_notice_record(
            repair=repair, given_at=GIVEN, entry_at=GIVEN + datetime.timedelta(hours=48), method=method, by=None
        )
    assert "in writing" in error.value.message_dict["method"][0]
    assert not EntryNotice.objects.exists()
