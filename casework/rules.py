"""The Part 7 clocks casework runs on, as data on `core.clocks`, each with its source.

Housing Act 1996 Part 7 as amended by the Homelessness Reduction Act 2017; the review
deadline is in the Homelessness (Review Procedure etc.) Regulations 2018 (SI 2018/223) and the
bed and breakfast limit in the Homelessness (Suitability of Accommodation) (England) Order 2003
(SI 2003/3326). Reminder points are Hearth policy.
"""

from core.clocks import Rule, Unit

THREATENED_WITH_HOMELESSNESS = Rule(
    56, Unit.CALENDAR_DAYS, source="Housing Act 1996 s175(4); a valid s21 notice expiring within it, s175(5)"
)
PREVENTION_DUTY = Rule(56, Unit.CALENDAR_DAYS, source="Housing Act 1996 s195(8)(b)")
RELIEF_DUTY = Rule(56, Unit.CALENDAR_DAYS, source="Housing Act 1996 s189B(7)(b)")
DUTY_REMINDERS = (
    Rule(42, Unit.CALENDAR_DAYS, source="Hearth policy: two weeks before the 56-day point"),
    Rule(49, Unit.CALENDAR_DAYS, source="Hearth policy: one week before the 56-day point"),
    Rule(56, Unit.CALENDAR_DAYS, source="Hearth policy: on the 56-day point"),
)
REVIEW_REQUEST = Rule(21, Unit.CALENDAR_DAYS, source="Housing Act 1996 s202(3)")
REVIEW_REQUEST_WARNING = Rule(3, Unit.CALENDAR_DAYS, source="Hearth policy: before the s202(3) window closes")
REVIEW_DECISION = Rule(8, Unit.WEEKS, source="SI 2018/223 reg 9(1)(a)")
REVIEW_DECISION_REMINDER = Rule(49, Unit.CALENDAR_DAYS, source="Hearth policy: a week before the review is due")
# "a period, or a total of periods, exceeding 6 weeks": the nights of every B&B placement add up.
BED_AND_BREAKFAST_LIMIT = Rule(6, Unit.WEEKS, source="SI 2003/3326 art 4(1)(b)")
BED_AND_BREAKFAST_REMINDERS = (
    Rule(4, Unit.WEEKS, source="Hearth policy: two weeks before the six-week B&B limit", label="4 weeks"),
    Rule(5, Unit.WEEKS, source="Hearth policy: a week before the six-week B&B limit", label="5 weeks"),
)
PLAN_REVIEW_AFTER = Rule(14, Unit.CALENDAR_DAYS, source="Hearth policy: review a new housing plan within two weeks")

# Lone working (Health and Safety at Work etc. Act 1974 s2 and the employer's lone-working policy): how
# long past the expected finish before the first alert, how often it escalates, and how long an alerted
# leader outside the case's team may open the visit.
LONE_WORKING_ALERT_GRACE = Rule(5, Unit.MINUTES, source="Hearth lone-working policy: alert 5 minutes past the finish")
LONE_WORKING_ESCALATE_EVERY = Rule(15, Unit.MINUTES, source="Hearth lone-working policy: escalate every 15 minutes")
LONE_WORKING_SWEEP_EVERY = Rule(
    1, Unit.MINUTES, source="config/settings.py CELERY_BEAT_SCHEDULE: the lone-working sweep runs every minute"
)
LONE_WORKING_ALERTED_LOOKBACK = Rule(
    2, Unit.CALENDAR_DAYS, source="Hearth lone-working policy: an alerted leader may open the visit for 2 days"
)

# Where either clocked duty may be meant (the case list, reminders): both run 56 days.
DUTY_CLOCK = PREVENTION_DUTY
