from core.clocks import Rule
from tenancies import rules


def test_every_tenancies_rule_cites_its_source():
    named = [value for value in vars(rules).values() if isinstance(value, Rule)]
    for table in (rules.COMPLAINT_ACKNOWLEDGE, rules.COMPLAINT_RESPOND, rules.COMPLAINT_EXTENSION_LIMIT):
        named += table.values()
    assert named and all(rule.source for rule in named)
