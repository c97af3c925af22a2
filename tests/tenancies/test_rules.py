from core.clocks import rules_of
from tenancies import rules


def test_every_tenancies_rule_cites_its_source():
    named = rules_of(rules)
    assert "LICENCE_NOTICE_MINIMUM" in named and "COMPLAINT_RESPOND[2]" in named
    assert all(rule.source for rule in named.values())
