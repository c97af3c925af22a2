"""Housing register triage (Housing Act 1996 Part 6): reasonable preference, qualification, a calculated band
with a reasoned override, bedroom need, and the team's triage queue.
"""
