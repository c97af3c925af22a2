import datetime

from casework import rules
from core.clocks import Rule


def test_every_casework_rule_cites_its_source():
    named = [value for value in vars(rules).values() if isinstance(value, Rule)] + list(rules.DUTY_REMINDERS)
    assert named and all(rule.source for rule in named)


def test_a_s202_review_is_decided_within_eight_weeks_of_the_request():
    assert rules.REVIEW_DECISION.due(datetime.date(2026, 3, 2)) == datetime.date(2026, 4, 27)
    assert rules.days(rules.REVIEW_DECISION) == 56
