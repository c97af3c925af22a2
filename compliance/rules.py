"""The compliance rules as named data on `core.clocks`, each citing its source.

Check intervals (the annual gas safety check, Gas Safety (Installation and Use) Regulations
1998 reg 36(3); fire risk assessment reviews; electrical installation checks) arrive with this
module's issue, as `NAME = Rule(amount, Unit.WEEKS, source="...")`.
"""
