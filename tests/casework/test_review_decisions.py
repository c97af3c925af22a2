"""Recording the outcome of a s202 review, and the reminder that stops when it is decided."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from casework.reminders.duties import review_window
from casework.services import duties as services
from core.models import Notification
from tests.casework.factories import MainDutyDecisionFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def requested():
    return MainDutyDecisionFactory(
        outcome="no_priority",
        decided_on=TODAY - datetime.timedelta(days=60),
        letter_sent_on=TODAY - datetime.timedelta(days=60),
        review_requested_on=TODAY - datetime.timedelta(days=50),
    )


def test_a_review_is_decided_after_it_was_requested(requested):
    officer = requested.case.officer
    with pytest.raises(ValidationError) as error:
        services.review_decide(
            decision=requested,
            decided_on=requested.review_requested_on - datetime.timedelta(days=1),
            result="upheld",
            reasons="x",
            by=officer,
        )
    assert "decided_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.review_decide(decision=requested, decided_on=TODAY, result="upheld", reasons=" ", by=officer)
    assert "reasons" in error.value.message_dict
    decision = services.review_decide(
        decision=requested, decided_on=TODAY, result="changed", reasons="New medical evidence.", by=officer
    )
    assert (decision.review_decided_on, decision.get_review_result_display()) == (
        TODAY,
        "The decision was changed in the applicant's favour",
    )
    with pytest.raises(ValidationError, match="already been decided"):
        services.review_decide(decision=decision, decided_on=TODAY, result="upheld", reasons="x", by=officer)


def test_no_review_decision_without_a_request():
    decision = MainDutyDecisionFactory()
    with pytest.raises(ValidationError, match="review request first"):
        services.review_decide(
            decision=decision, decided_on=TODAY, result="upheld", reasons="x", by=decision.decided_by
        )


def test_the_decide_by_reminder_stops_once_the_review_is_decided(requested):
    now = timezone.now()
    services.review_decide(
        decision=requested, decided_on=TODAY, result="upheld", reasons="Upheld.", by=requested.case.officer
    )
    review_window(now)
    assert not Notification.objects.filter(key=f"review-decision:{requested.pk}").exists()


def test_the_decide_by_reminder_is_sent_while_the_review_waits(requested):
    review_window(timezone.now())
    assert Notification.objects.filter(key=f"review-decision:{requested.pk}").exists()


def test_recording_the_review_decision_through_the_page(client, requested):
    client.force_login(requested.case.officer)
    page = client.get(requested.case.get_absolute_url())
    assert b"Record the review decision" in page.content
    url = reverse("casework:review_decide", args=[requested.pk])
    response = client.post(url, {"decided_on": TODAY.isoformat(), "result": "", "reasons": ""})
    assert response.status_code == 200 and {"result", "reasons"} <= set(response.context["form"].errors)
    requested.refresh_from_db()
    assert requested.review_decided_on is None
    response = client.post(url, {"decided_on": TODAY.isoformat(), "result": "upheld", "reasons": "Upheld."})
    assert response.status_code == 302
    assert response.url == f"{requested.case.get_absolute_url()}#duties"
    assert "The original decision stands" in client.get(requested.case.get_absolute_url()).content.decode()
