import datetime

from casework import rules
from core.clocks import rules_of


def test_every_casework_rule_cites_its_source():
    named = rules_of(rules)
    assert "RELIEF_DUTY" in named and "DUTY_REMINDERS[2]" in named
    assert all(rule.source for rule in named.values())


def test_the_duty_clock_is_the_56_days_of_both_prevention_and_relief():
    start = datetime.date(2026, 3, 2)
    assert rules.DUTY_CLOCK.due(start) == rules.PREVENTION_DUTY.due(start) == rules.RELIEF_DUTY.due(start)
    assert rules.DUTY_CLOCK.days == 56


def test_a_s202_review_is_decided_within_eight_weeks_of_the_request():
    assert rules.REVIEW_DECISION.due(datetime.date(2026, 3, 2)) == datetime.date(2026, 4, 27)
    assert rules.REVIEW_DECISION.days == 56
