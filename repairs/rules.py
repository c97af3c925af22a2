"""The repairs rules as named data on `core.clocks`, each citing its source.

Repair targets (Hearth policy, per priority) and the Awaab's Law hazard timescales arrive with
this module's issue, as `NAME = Rule(amount, Unit.WORKING_DAYS, source="...")`.
"""
