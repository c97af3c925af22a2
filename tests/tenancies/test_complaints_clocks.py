"""The Complaint Handling Code's clocks, worked out by hand against a calendar."""

from datetime import date

import pytest

from tenancies.models import Complaint
from tenancies.services.complaints import complaint_clocks, extension_limit, next_steps


def complaint(**fields) -> Complaint:
    """An unsaved complaint: the clocks need no database."""
    return Complaint(**{"received_on": date(2025, 6, 2), "summary": "Heating", **fields})


def test_stage1_acknowledgement_is_due_five_working_days_after_receipt():
    clocks = complaint_clocks(complaint(received_on=date(2025, 6, 2)))  # a Monday
    assert clocks.get(1, "acknowledge").due == date(2025, 6, 9)


def test_bank_holidays_do_not_count_as_working_days():
    # Thursday 22 May 2025; Monday 26 May is the spring bank holiday.
    clocks = complaint_clocks(complaint(received_on=date(2025, 5, 22)))
    assert clocks.get(1, "acknowledge").due == date(2025, 5, 30)


def test_stage1_response_counts_ten_working_days_from_the_acknowledgement_not_from_receipt():
    clocks = complaint_clocks(complaint(received_on=date(2025, 6, 2), stage1_acknowledged_on=date(2025, 6, 4)))
    response = clocks.get(1, "respond")
    assert response.due == date(2025, 6, 18)
    assert not response.provisional


def test_before_acknowledgement_the_response_date_is_provisional_from_the_acknowledgement_deadline():
    response = complaint_clocks(complaint(received_on=date(2025, 6, 2))).get(1, "respond")
    assert response.provisional
    assert response.due == date(2025, 6, 23)  # 9 June + 10 working days


def test_an_extension_moves_the_response_date_and_remembers_the_original():
    clocks = complaint_clocks(complaint(stage1_acknowledged_on=date(2025, 6, 4), stage1_extended_to=date(2025, 6, 25)))
    response = clocks.get(1, "respond")
    assert response.due == date(2025, 6, 25)
    assert response.original_due == date(2025, 6, 18)
    assert response.extended


def test_extension_limit_is_ten_working_days_after_the_original_response_date():
    assert extension_limit(complaint(stage1_acknowledged_on=date(2025, 6, 4))) == date(2025, 7, 2)
    assert extension_limit(complaint()) is None  # not acknowledged yet


def test_stage2_clocks_start_from_the_request_to_escalate():
    clocks = complaint_clocks(
        complaint(
            stage=2,
            stage1_acknowledged_on=date(2025, 6, 4),
            stage1_responded_on=date(2025, 6, 16),
            escalated_on=date(2025, 7, 7),
            stage2_acknowledged_on=date(2025, 7, 9),
        )
    )
    assert clocks.get(2, "acknowledge").due == date(2025, 7, 14)
    assert clocks.get(2, "respond").due == date(2025, 8, 6)  # 20 working days after 9 July
    assert [d.key for d in clocks.deadlines] == [
        "stage1-acknowledge",
        "stage1-respond",
        "stage2-acknowledge",
        "stage2-respond",
    ]
    assert clocks.next.key == "stage2-respond"


def test_no_stage2_clocks_until_escalated():
    assert complaint_clocks(complaint()).get(2, "acknowledge") is None


@pytest.mark.parametrize(
    ("done_on", "today", "status", "state"),
    [
        (None, date(2025, 6, 5), "2 working days left", "open"),
        (None, date(2025, 6, 6), "1 working day left", "open"),
        (None, date(2025, 6, 9), "Due today", "due"),
        (None, date(2025, 6, 11), "Overdue by 2 working days", "overdue"),
        (date(2025, 6, 9), date(2025, 6, 20), "Met", "met"),
        (date(2025, 6, 10), date(2025, 6, 20), "Missed by 1 working day", "missed"),
    ],
)
def test_deadline_status_in_plain_words(done_on, today, status, state):
    deadline = complaint_clocks(complaint(stage1_acknowledged_on=done_on)).get(1, "acknowledge")
    assert deadline.due == date(2025, 6, 9)
    assert deadline.status(today) == status
    assert deadline.state(today) == state


def test_met_and_missed():
    late = complaint_clocks(complaint(stage1_acknowledged_on=date(2025, 6, 10))).get(1, "acknowledge")
    assert not late.met
    assert late.missed(date(2025, 6, 10))
    waiting = complaint_clocks(complaint()).get(1, "acknowledge")
    assert not waiting.missed(date(2025, 6, 9))
    assert waiting.missed(date(2025, 6, 10))


def test_next_deadline_is_none_when_closed_or_waiting_for_the_resident():
    answered = complaint(stage1_acknowledged_on=date(2025, 6, 4), stage1_responded_on=date(2025, 6, 10))
    assert complaint_clocks(answered).next is None
    closed = complaint(closed_on=date(2025, 6, 5))
    assert complaint_clocks(closed).next is None


@pytest.mark.parametrize(
    ("fields", "steps"),
    [
        ({}, ["acknowledge"]),
        ({"stage1_acknowledged_on": date(2025, 6, 4)}, ["respond", "extend"]),
        (
            {"stage1_acknowledged_on": date(2025, 6, 4), "stage1_responded_on": date(2025, 6, 10)},
            ["escalate", "close"],
        ),
        (
            {
                "stage1_acknowledged_on": date(2025, 6, 4),
                "stage1_responded_on": date(2025, 6, 10),
                "closed_on": date(2025, 6, 11),
            },
            ["escalate"],
        ),
        ({"stage": 2, "escalated_on": date(2025, 7, 7)}, ["acknowledge"]),
        (
            {
                "stage": 2,
                "escalated_on": date(2025, 7, 7),
                "stage2_acknowledged_on": date(2025, 7, 8),
                "stage2_responded_on": date(2025, 7, 20),
                "closed_on": date(2025, 7, 21),
            },
            [],
        ),
    ],
)
def test_next_steps_follow_the_two_stages(fields, steps):
    assert next_steps(complaint(**fields)) == steps
