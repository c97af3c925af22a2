"""The rents policy rules, as data on `core.clocks`, each with its source.

Arrears follow the Pre-Action Protocol for Possession Claims by Social Landlords (Civil
Procedure Rules): contact and support first, rent statements with the letters, a payment
plan offered before anything else, and possession only as a last resort (in Hearth, only
through the tenancy's incident ladder). The numbers themselves are Hearth policy.
"""

from dataclasses import dataclass
from decimal import Decimal

from core.clocks import Rule, Unit

ARREARS_POLICY = "Hearth arrears policy, after the Pre-Action Protocol for Possession Claims by Social Landlords"

ARREARS_MEANING = (
    f"{ARREARS_POLICY}: rent is charged weekly in advance on Monday, so the current rent week's charge is "
    "not yet late; Housing Benefit is paid by the council four-weekly in arrears (Housing Benefit "
    "Regulations 2006, reg 92), so HB still expected is not the resident's debt either"
)


def arrears(*, balance: Decimal, hb_pending: Decimal, this_week: Decimal, hb_this_week: Decimal) -> Decimal:
    """What is late (`ARREARS_MEANING`): the balance less Housing Benefit still expected, less the part
    of the current week's charge (posted in advance) that this week's expected HB does not already cover."""
    zero = Decimal("0.00")
    return max(zero, balance - hb_pending - max(zero, this_week - hb_this_week))


@dataclass(frozen=True)
class StageThreshold:
    """When a stage is proposed: the resident owes at least `min_balance` and at least
    `min_weeks_of_charge` weeks of their charge (Housing Benefit still expected not counted)."""

    order: int
    name: str
    min_balance: Decimal
    min_weeks_of_charge: Decimal
    source: str = ARREARS_POLICY


# The stages migration 0004 seeds; admins then keep them on `ArrearsStage` (the database is the truth).
ARREARS_STAGE_DEFAULTS = (
    StageThreshold(1, "Supportive contact", Decimal("50.00"), Decimal("1.00")),
    StageThreshold(2, "First letter", Decimal("100.00"), Decimal("2.00")),
    StageThreshold(3, "Second letter and payment plan offer", Decimal("250.00"), Decimal("4.00")),
    StageThreshold(4, "Final letter and manager review", Decimal("500.00"), Decimal("6.00")),
    StageThreshold(5, "Notice", Decimal("750.00"), Decimal("8.00")),
)
ARREARS_LETTER_STATEMENT = Rule(
    13, Unit.WEEKS, source=f"{ARREARS_POLICY}: a rent statement goes with every letter; 13 weeks is Hearth policy"
)
ARREARS_PROPOSAL_REMINDER = Rule(
    7, Unit.CALENDAR_DAYS, source="Hearth policy: a proposal nobody has decided is raised again after a week"
)

# A payment plan breaks when PLAN_BREAK_MISSED_WEEKS of the last PLAN_BREAK_WINDOW complete rent
# weeks were missed: 2 in 4 unless the worker agreed other terms with the resident.
PLAN_BREAK_WINDOW = Rule(4, Unit.WEEKS, source="Hearth policy: the last 4 complete rent weeks are checked")
PLAN_BREAK_MISSED_WEEKS = Rule(2, Unit.WEEKS, source="Hearth policy: 2 missed weeks in the window break the plan")
PLAN_LONGEST_WINDOW = Rule(52, Unit.WEEKS, source="Hearth policy: a plan is judged over at most a rent year")
BROKEN_PLAN_RENOTIFY = Rule(
    7,
    Unit.CALENDAR_DAYS,
    source="Hearth policy: a broken plan is announced again (once per key) for a week, in case a run "
    "stopped between marking it and notifying",
)

# Hearth policy: an HB schedule row more than 10% away from the award for its period is held for
# a worker to check with the council before it is posted.
HB_SCHEDULE_AMOUNT_TOLERANCE = Decimal("0.10")

# A Housing Benefit payment keyed by hand says what date it pays up to ("HB paid up to", from the
# council's remittance): HB is paid in arrears, so that date is rarely after the day it arrives,
# and never more than four weeks ahead.
HB_PAID_UP_TO_AHEAD = Rule(
    28,
    Unit.CALENDAR_DAYS,
    source="Hearth policy; Housing Benefit is paid in arrears (Housing Benefit Regulations 2006, reg 92)",
)

STATEMENT_DEFAULT_MONTHS = 3  # Hearth policy: a statement covers the last 3 months unless asked otherwise

# Corrections (rents ledger policy): an entry is corrected by one equal and opposite REVERSAL,
# and a reversal is final (post a new entry instead).
REVERSAL_IS_FINAL = "This entry is itself a reversal, so it cannot be reversed. Post a new entry instead."
ALREADY_REVERSED = "This entry has already been reversed."
