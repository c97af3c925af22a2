"""The repairs rules as named data on `core.clocks`, each citing its source.

Awaab's Law is The Hazards in Social Housing (Prescribed Requirements) (England) Regulations 2025
(SI 2025/1042, in force 27 October 2025), made under s10A Landlord and Tenant Act 1985. The
timescales below are those of the regulations as summarised by the government's guidance
("Awaab's Law: guidance for social landlords", 17 October 2025) and by sector summaries that agree
on every figure (see ../shared/reference/statutory-notes.md section 1.3). Day 0 is the day the
landlord became aware; the 24-hour emergency clock is real elapsed time, nights, weekends and clock
changes included.

"Working day". We could not read the text of the regulations' interpretation provision here
(legislation.gov.uk/uksi/2025/1042 is not in our library; statutory-notes 1.4 marks it unverified).
Until someone reads it, Hearth uses the standard statutory form, which every source we could read
agrees with: any day other than a Saturday, a Sunday, Christmas Day, Good Friday or a bank holiday in
England and Wales under the Banking and Financial Dealings Act 1971 (e.g. Freedom of Information Act
2000 s10(6)). `core.clocks.is_working_day` implements exactly that: the `holidays` package's England
calendar lists Christmas Day, Good Friday, every Schedule 1 bank holiday and their substitute days
(27 and 28 December 2027, when Christmas falls at a weekend) and one-off proclaimed holidays.
Christmas Eve and New Year's Eve are working days. If the regulations turn out to define it more
widely, change `core.clocks` in one place; every clock follows.

Repair priorities are Hearth's default policy; admins edit them (`RepairPriority`), and a repair's
target is fixed from its priority when it is reported.
"""

from datetime import date

from core.clocks import Rule, Unit

AWAAB_IN_FORCE = date(2025, 10, 27)  # SI 2025/1042 reg 1

# Default priorities, seeded into `RepairPriority` (code: name, rule, emergency for RP02).
REPAIR_TARGETS = {
    "emergency": Rule(24, Unit.HOURS, source="Hearth repairs policy: make safe within 24 hours", label="Emergency"),
    "urgent": Rule(7, Unit.CALENDAR_DAYS, source="Hearth repairs policy: urgent within 7 days", label="Urgent"),
    "routine": Rule(28, Unit.CALENDAR_DAYS, source="Hearth repairs policy: routine within 28 days", label="Routine"),
    "planned": Rule(90, Unit.CALENDAR_DAYS, source="Hearth repairs policy: planned within 90 days", label="Planned"),
}

RECALL_WITHIN = Rule(30, Unit.CALENDAR_DAYS, source="Hearth repairs policy: the same fault again within 30 days")

# Emergency hazard: investigate and make safe within 24 hours of becoming aware.
AWAAB_EMERGENCY_ACTION = Rule(
    24, Unit.HOURS, source="SI 2025/1042 (emergency hazards); guidance s5", label="Investigate and make safe"
)
# Significant hazard (phase 1: damp and mould).
AWAAB_INVESTIGATE = Rule(
    10, Unit.WORKING_DAYS, source="SI 2025/1042 reg 6 (standard investigation)", label="Investigate"
)
AWAAB_WRITTEN_SUMMARY = Rule(
    3, Unit.WORKING_DAYS, source="SI 2025/1042 reg 9 (written summary)", label="Written summary to the resident"
)
AWAAB_SAFETY_WORK = Rule(
    5, Unit.WORKING_DAYS, source="SI 2025/1042 (relevant safety work); guidance s6", label="Begin safety work"
)
AWAAB_SUPPLEMENTARY_BEGIN = Rule(
    5,
    Unit.WORKING_DAYS,
    source="SI 2025/1042 (supplementary preventative work); guidance s6",
    label="Begin supplementary work",
)
AWAAB_SUPPLEMENTARY_START = Rule(
    12,
    Unit.WEEKS,
    source="SI 2025/1042 (supplementary work physically started within 12 weeks where 5 working days is not possible)",
    label="Physically start supplementary work",
)
AWAAB_ENTRY_NOTICE = Rule(24, Unit.HOURS, source="SI 2025/1042 reg 20 (24 hours' written notice of entry)")
# Which ways of giving notice are "written". The Interpretation Act 1978 (s23 applies it to statutory
# instruments) defines "writing" in Schedule 1 as including "typing, printing, lithography, photography
# and other modes of representing or reproducing words in a visible form", so a letter, an email and a
# text message all count; a phone call or a knock at the door does not. Keep a copy: the notice records
# what was sent and when, which is the evidence if entry is later disputed.
AWAAB_WRITTEN_NOTICE_METHODS = ("letter", "email", "text")
AWAAB_ACCESS_ATTEMPTS = 3  # guidance: at least three attempts, by different methods

# Whether the law applies, by agreement type, before any admin setting. s10A LTA 1985 applies to
# "relevant social housing leases" (leases to which s9A applies). A licence is not a lease; temporary
# and supported accommodation on licences, and landlords that are not registered providers, are not
# yet covered (statutory-notes 1.6). Where it does not apply, the same clocks run as our policy.
AWAAB_LEGAL_DEFAULT = {
    "assured_periodic": (True, "A social housing tenancy is a relevant social housing lease (LTA 1985 s10A, s9A)."),
    "assured_shorthold": (True, "A social housing tenancy is a relevant social housing lease (LTA 1985 s10A, s9A)."),
    "licence": (False, "A licence is not a lease, so s10A LTA 1985 does not apply; we follow the same clocks."),
    "other": (
        False,
        "Not a relevant social housing lease unless an admin records otherwise; we follow the same clocks.",
    ),
}

VOID_TURNAROUND_TARGET = {
    "standard": Rule(28, Unit.CALENDAR_DAYS, source="Hearth voids policy: standard void re-let within 28 days"),
    "major_works": Rule(70, Unit.CALENDAR_DAYS, source="Hearth voids policy: major works void re-let within 70 days"),
}

BUDGET_WARNING_SHARE = 90  # Hearth policy: tell the manager when a budget is 90% committed or spent
PHOTO_MAX_BYTES = 10 * 1024 * 1024  # Hearth policy: 10 MB per photo

# Pre-let safety on the void checklist (until the compliance module feeds these items).
VOID_GAS_CHECK_VALID = Rule(
    12, Unit.MONTHS, source="Gas Safety (Installation and Use) Regulations 1998 reg 36(3): checked every 12 months"
)
VOID_ELECTRICAL_CHECK_VALID = Rule(
    60,
    Unit.MONTHS,
    source="Electrical Safety Standards (England) Regulations 2020 reg 3, extended by SI 2025/1043: every 5 years",
)
# Smoke and CO alarms are checked working on the first day of each new tenancy or licence:
# Smoke and Carbon Monoxide Alarm (England) Regulations 2015 reg 4(1)(b), as amended by SI 2022/707.
