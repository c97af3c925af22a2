"""Housing register rules (Housing Act 1996 Part 6), as named data with their sources.

Sources, checked against the primary text where it could be found:

- Reasonable preference: Housing Act 1996 s166A(3)(a)-(e) (legislation.gov.uk/ukpga/1996/52/section/166A).
  Relief (s189B(2)) is not itself listed in s166A(3)(b); a household owed the relief duty is homeless,
  so it falls within (a). The main duty (s193(2)) gives (a) and (b); the prevention duty (s195(2)) gives (b).
- Additional preference for armed forces applicants in urgent need: s166A(3) as amended by the Housing
  Act 1996 (Additional Preference for Armed Forces) (England) Regulations 2012 (SI 2012/2989), reg 2
  (explanatory note, legislation.gov.uk/ukdsi/2012/9780111529508/note).
- Qualification is for the local scheme: s160ZA(6)-(7); a scheme may not exclude most or all of a
  reasonable-preference group (R (Jakimaviciute) v Hammersmith and Fulham LBC [2014] EWCA Civ 1438).
- Armed forces exemption from any local connection test: the Allocation of Housing (Qualification Criteria
  for Armed Forces) (England) Regulations 2012 (SI 2012/1869), reg 3(3) (legislation.gov.uk/uksi/2012/1869/
  regulation/3/made): serving regular forces; bereaved spouses or civil partners leaving Ministry of Defence
  accommodation; serving or former reserves with a service-attributable serious injury, illness or disability;
  and former regular forces. As made, reg 3(3)(a) covered only those who served within five years of applying;
  the Allocation of Housing (Qualification Criteria for Armed Forces) (England) (Amendment) Regulations 2024,
  in force 18 December 2024, removed the five-year limit, so every veteran of the regular forces is exempt
  (MHCLG answer to written question 76447; statutory guidance "Improving access to social housing for members
  of the Armed Forces", updated 18 December 2024). Applications made before that day keep the five-year test.
- Bedroom need: the bedroom standard, as the Allocation of accommodation: guidance for local housing
  authorities in England (2012) para 4.9 recommends for judging overcrowding under s166A(3)(c). Housing Act
  2004 s216 and s325 give powers to change the statutory overcrowding standard (Housing Act 1985 Part 10),
  which has not been changed; Hearth uses the bedroom standard, not the 1985 room and space standards.
  A bedroom each for: a couple; any other person aged 21 or over; a pair of people aged 10 to 20 of the
  same sex; a pair of children under 10 of either sex. An unpaired person aged 10 to 20 shares with a child
  under 10 of the same sex if there is one, otherwise has their own room, as does an unpaired child under 10.
- Bands and qualification limits are local policy (Part 6 leaves them to the scheme); the defaults here
  follow published schemes (Walsall: income over £50,000, capital of £16,000 or more; two years' residence
  is common) and administrators change them in the admin.
"""

from datetime import date
from decimal import Decimal

from core.clocks import Rule, Unit

BEDROOM_ADULT_AGE = Rule(
    21 * 12,
    Unit.MONTHS,
    label="21 years",
    source="Bedroom standard (Allocation of accommodation guidance 2012 para 4.9)",
)
BEDROOM_PAIRED_CHILD_AGE = Rule(
    10 * 12,
    Unit.MONTHS,
    label="10 years",
    source="Bedroom standard: children under 10 share regardless of sex (guidance 2012 para 4.9)",
)
ARMED_FORCES_RECENT_SERVICE = Rule(
    5 * 12,
    Unit.MONTHS,
    label="5 years",
    source="SI 2012/1869 reg 3(3)(a) as made: served in the regular forces within five years of applying",
)
# From this day every veteran of the regular forces is exempt from local connection (the 2024 amendment).
ARMED_FORCES_ALL_VETERANS_FROM = date(2024, 12, 18)
DEFAULT_LOCAL_CONNECTION = Rule(
    2 * 12, Unit.MONTHS, label="2 years", source="Local scheme (s160ZA(7)); a common published default"
)
DEFAULT_INCOME_LIMIT = Decimal("50000.00")  # local scheme (s160ZA(7)); Walsall's published figure
DEFAULT_SAVINGS_LIMIT = Decimal("16000.00")  # local scheme (s160ZA(7)); Walsall's published figure
DEFAULT_ARREARS_LIMIT = Decimal("500.00")  # local scheme (s160ZA(7))
