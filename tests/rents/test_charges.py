"""The weekly charge arithmetic (no database)."""

from datetime import date, timedelta
from decimal import Decimal

from rents.services.charges import (
    AccountTerms,
    Line,
    charge_for_week,
    has_53_weeks,
    rent_year_mondays,
    week_commencing,
    weekly_rate,
)

D = Decimal


def terms(lines, start=date(2026, 4, 6), until=None, rent_free=frozenset()):
    return AccountTerms(1, start, until, tuple(lines), frozenset(rent_free))


def test_rent_years_have_52_or_53_mondays():
    assert len(rent_year_mondays(2026)) == 52  # 6 Apr 2026 .. 29 Mar 2027
    assert rent_year_mondays(2026)[0] == date(2026, 4, 6)
    assert len(rent_year_mondays(2030)) == 53  # 1 Apr 2030 is a Monday; 31 Mar 2031 is a Monday
    assert has_53_weeks(date(2030, 4, 1)) and not has_53_weeks(date(2026, 4, 6))


def test_weekly_rate_takes_the_latest_line_of_each_kind():
    lines = [
        Line("core_rent", D("100.00"), date(2025, 4, 7)),
        Line("core_rent", D("108.00"), date(2026, 4, 6)),  # April increase
        Line("eligible_service", D("30.00"), date(2025, 4, 7)),
    ]
    assert weekly_rate(lines, date(2026, 3, 30)) == D("130.00")
    assert weekly_rate(lines, date(2026, 4, 6)) == D("138.00")


def test_part_weeks_are_charged_by_the_day():
    lines = [Line("core_rent", D("70.00"), date(2026, 4, 1))]
    # Starts Thursday 9 April: Thu-Sun is 4 days of 7.
    assert charge_for_week(terms(lines, start=date(2026, 4, 9)), date(2026, 4, 6)) == D("40.00")
    # Ends Tuesday 14 April: Mon-Tue is 2 days.
    assert charge_for_week(terms(lines, until=date(2026, 4, 14)), date(2026, 4, 13)) == D("20.00")
    assert charge_for_week(terms(lines, until=date(2026, 4, 12)), date(2026, 4, 13)) is None


def test_rent_free_weeks_spread_the_year_over_the_charged_weeks_to_the_penny():
    year = rent_year_mondays(2026)
    free = frozenset(year[i] for i in (37, 38, 50, 51))  # 48 charged weeks of 52
    account = terms([Line("core_rent", D("100.00"), date(2026, 4, 1))], rent_free=free)
    charges = [charge_for_week(account, monday) for monday in year]
    charged = [c for c in charges if c is not None]
    assert len(charged) == 48
    assert sum(charged) == D("5200.00")
    assert charged[0] == D("108.33")
    assert charged[-1] == D("5200.00") - D("108.33") * 47
    assert charge_for_week(account, year[37]) is None


def test_53_week_year_with_rent_free_weeks_charges_49_of_53():
    year = rent_year_mondays(2030)
    free = frozenset(year[i] for i in (36, 37, 50, 51))
    account = terms([Line("core_rent", D("98.00"), date(2030, 4, 1))], start=date(2030, 4, 1), rent_free=free)
    charged = [c for c in (charge_for_week(account, m) for m in year) if c is not None]
    assert len(charged) == 49
    assert sum(charged) == D("98.00") * 53


def test_week_commencing_is_monday():
    for offset in range(7):
        assert week_commencing(date(2026, 11, 23) + timedelta(days=offset)) == date(2026, 11, 23)
