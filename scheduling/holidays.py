"""Swedish days off: the public holidays, and the three "aftons" treated as holidays.

The `holidays` package gives the public holidays (Kristi himmelsfärdsdag, midsommardagen, ...).
Midsommarafton, julafton and nyårsafton are not public holidays by law, but the Annual Leave
Act (semesterlagen 1977:480, 7 §) treats them as Sundays, and nobody books a team meeting on
them. Recent versions of `holidays` list them in the DE_FACTO category; older ones do not, so
they are also added here by their rule, never from a list of dates.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays

_COUNTRY = "SE"
_CATEGORIES = ("public", "de_facto")


def midsummer_eve(year: int) -> date:
    """Midsommarafton: the Friday between 19 and 25 June (the day before midsommardagen)."""
    june_19 = date(year, 6, 19)
    return june_19 + timedelta(days=(4 - june_19.weekday()) % 7)


def eves(year: int) -> frozenset[date]:
    """Midsommarafton, julafton and nyårsafton of a year."""
    return frozenset({midsummer_eve(year), date(year, 12, 24), date(year, 12, 31)})


@lru_cache(maxsize=64)
def _days_off_in(year: int) -> frozenset[date]:
    supported = holidays.country_holidays(_COUNTRY).supported_categories
    categories = tuple(category for category in _CATEGORIES if category in supported)
    public = holidays.country_holidays(_COUNTRY, years=year, categories=categories)
    return frozenset(public.keys()) | eves(year)


def days_off(years: Iterable[int]) -> frozenset[date]:
    """Every Swedish public holiday and "afton" in the given years (weekends not included)."""
    found: frozenset[date] = frozenset()
    for year in sorted(set(years)):
        found |= _days_off_in(year)
    return found
