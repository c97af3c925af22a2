"""Move-on's statutory and policy rules, as named constants citing their sources.

A rules module holds constants only; the arithmetic that reads them is in `moveon.services.lha` and
`moveon.services.offers`.
"""

from decimal import Decimal

from core.clocks import Rule, Unit

# Local Housing Allowance size criteria (private rented sector). The Housing Benefit Regulations 2006
# (SI 2006/213) reg 13D(3) allows one bedroom for each of these, in the same terms as the social-sector
# size criteria in reg B13(5): each person counts once, in the first group that applies.
SIZE_CRITERIA_SOURCE = "Housing Benefit Regulations 2006 reg 13D(3) (LHA size criteria, as reg B13(5))"
SIZE_CRITERIA = (
    "a couple (the applicant and their partner)",
    "any other person aged 16 or over",
    "two children of the same sex under 16",
    "two children under 10",
    "any other child",
)
CHILDREN_SHARE_ANY_SEX_UNDER = 10  # reg 13D(3)(d): two children under 10 share, whatever their sex
CHILDREN_SHARE_SAME_SEX_UNDER = 16  # reg 13D(3)(c): two children of the same sex under 16 share
ADULT_FROM = 16  # reg 13D(3)(b): a person aged 16 or over has a room of their own

# The shared accommodation rate: a single person under 35 with no non-dependants is entitled only to
# the one-bedroom shared accommodation category (reg 13D(2)(a)(i), "young individual" in reg 2(1),
# aged under 35 since 1 January 2012), unless an exemption applies (care leavers under 25, severe
# disability premium, some hostel residents, MAPPA, qualifying parents or carers).
SHARED_RATE_SOURCE = "Housing Benefit Regulations 2006 reg 13D(2)(a)(i) and reg 2(1) 'young individual'"
SHARED_RATE_UNDER_AGE = 35

# LHA categories stop at four bedrooms: a household needing more is assessed at the four-bedroom rate.
LHA_MAX_BEDROOMS = 4
LHA_MAX_BEDROOMS_SOURCE = "Rent Officers (Housing Benefit Functions) Order 1997 Sch 3B para 1 (categories)"

# Policy: the share of the household's income that the rent may take before we treat a home as
# unaffordable (the default; administrators can change it, moveon.MoveOnSettings).
AFFORDABILITY_SHARE_OF_INCOME = Decimal("0.35")
AFFORDABILITY_SOURCE = "Hearth move-on policy: rent no more than 35% of household income (local policy)"

# A move into the private rented sector is followed up six months on: a tenancy that has lasted six
# months is the "reasonable prospect of being available for at least 6 months" test of the prevention
# and relief duties ending with suitable accommodation (Housing Act 1996 s195(8)(a) and s189B(7)(b)).
SUSTAINMENT_FOLLOW_UP = Rule(
    6, Unit.MONTHS, source="Housing Act 1996 s195(8)(a), s189B(7)(b)", label="Six-month sustainment follow-up"
)
