"""Read-only casework figures for the managers' dashboards, a fixed number of queries each.

* `bed_and_breakfast_breaches`: families (a child or a pregnancy in the household) in bed and
  breakfast on a day, and how many of them are past the six-week limit, counted as the total of B&B
  nights under the application across placements (SI 2003/3326 art 4(1)(b)). The goal is none.
"""

from dataclasses import dataclass
from datetime import date

from .models.placements import bed_and_breakfast_clock, families_in_bed_and_breakfast


@dataclass(frozen=True)
class BedAndBreakfastFamilies:
    in_bed_and_breakfast: int
    over_six_weeks: int


def bed_and_breakfast_breaches(on: date) -> BedAndBreakfastFamilies:
    """Two queries: the open cases with a family in B&B on `on`, and their placements."""
    clocks = [bed_and_breakfast_clock(case.placements.all(), on) for case in families_in_bed_and_breakfast(on)]
    return BedAndBreakfastFamilies(
        in_bed_and_breakfast=len(clocks), over_six_weeks=sum(clock.in_breach(on) for clock in clocks)
    )
