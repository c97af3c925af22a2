"""The clocks tenancies run on, as data on `core.clocks`, each with its source.

Complaints follow the Housing Ombudsman's Complaint Handling Code (statutory from 1 April 2024),
counted in working days. Warning lifetimes are Hearth policy and count in calendar months.
"""

from datetime import date

from core.clocks import Rule, Unit

# Renters' Rights Act 2025: no new assured shorthold tenancies from this date.
ASSURED_SHORTHOLD_ABOLISHED = date(2026, 5, 1)

COMPLAINT_ACKNOWLEDGE = {
    1: Rule(5, Unit.WORKING_DAYS, source="Complaint Handling Code 6.2"),
    2: Rule(5, Unit.WORKING_DAYS, source="Complaint Handling Code 6.11"),
}
COMPLAINT_RESPOND = {
    1: Rule(10, Unit.WORKING_DAYS, source="Complaint Handling Code 6.3"),
    2: Rule(20, Unit.WORKING_DAYS, source="Complaint Handling Code, stage 2"),
}
COMPLAINT_EXTENSION_LIMIT = {
    1: Rule(10, Unit.WORKING_DAYS, source="Complaint Handling Code 6.4"),
    2: Rule(10, Unit.WORKING_DAYS, source="Hearth policy; the Code allows up to 20"),
}

# Hearth policy: the trauma-informed ladder lets a warning count for a while, then lapse.
FIRST_WARNING_LIVES = Rule(3, Unit.MONTHS, source="Hearth policy: a first written warning counts for 3 months")
FINAL_WARNING_LIVES = Rule(6, Unit.MONTHS, source="Hearth policy: a final written warning counts for 6 months")

LICENCE_NOTICE_MINIMUM = Rule(4, Unit.WEEKS, source="Protection from Eviction Act 1977 s5(1A)")

INCIDENT_REVIEW_AFTER = Rule(14, Unit.CALENDAR_DAYS, source="Hearth policy: look at an incident again within two weeks")
CHECKLIST_GRACE = Rule(7, Unit.CALENDAR_DAYS, source="Hearth policy: a sign-up checklist is finished within a week")

# Tenancy sustainment: the share of agreements still running (or ended in a positive move-on)
# this long after they started. Commissioners of supported housing ask for it at 6 and 12 months.
SUSTAINMENT_MARKS = (
    Rule(6, Unit.MONTHS, source="Hearth outcome measure: tenancy sustained at 6 months"),
    Rule(12, Unit.MONTHS, source="Hearth outcome measure: tenancy sustained at 12 months"),
)
