"""A time zone given by rules instead of a name: Graph's `customTimeZone`.

Exchange and Graph describe it as Windows does: `bias` is minutes to ADD to local time to get
UTC (480 is UTC-8, as in the getSchedule documentation's own example), each transition is "the
n-th weekday of a month at a time of day" (n = 5: the last one), and daylight saving time adds
`daylightBias` (usually -60) to the bias. A zone without transitions is a fixed offset.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True, slots=True)
class Transition:
    """The `occurrence`-th `weekday` (Monday = 0) of `month` at local `at` (5: the last)."""

    month: int
    weekday: int
    occurrence: int
    at: time

    def in_year(self, year: int) -> datetime:
        days = [
            day
            for day in range(1, calendar.monthrange(year, self.month)[1] + 1)
            if calendar.weekday(year, self.month, day) == self.weekday
        ]
        day = days[min(self.occurrence, len(days)) - 1]
        # Naive on purpose: a wall-clock time in the zone being defined.
        return datetime.combine(date(year, self.month, day), self.at)


class CustomZone(tzinfo):
    def __init__(
        self,
        name: str,
        bias: int,
        *,
        daylight_starts: Transition | None = None,
        standard_starts: Transition | None = None,
        daylight_bias: int = 0,
    ) -> None:
        self.name = name
        self._standard = timedelta(minutes=-bias)
        self._daylight = timedelta(minutes=-(bias + daylight_bias))
        has_rules = daylight_starts is not None and standard_starts is not None
        self._rules = (daylight_starts, standard_starts) if has_rules and daylight_bias else None

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return self._daylight if dt is not None and self._in_daylight(dt) else self._standard

    def dst(self, dt: datetime | None) -> timedelta:
        return self.utcoffset(dt) - self._standard

    def tzname(self, dt: datetime | None) -> str:
        return self.name

    def fromutc(self, dt: datetime) -> datetime:
        """Local time for a UTC instant, decided on the UTC side so that the hour skipped in
        spring never appears and the hour repeated in autumn comes twice (fold=1 the second)."""
        if self._rules is None:
            return dt + self._standard
        daylight_starts, standard_starts = self._rules
        assert daylight_starts is not None and standard_starts is not None
        utc = dt.replace(tzinfo=None)
        year = (utc + self._standard).year
        begins = daylight_starts.in_year(year) - self._standard
        ends = standard_starts.in_year(year) - self._daylight
        if _within(utc, begins, ends):
            return dt + self._daylight
        local = dt + self._standard
        repeated = ends <= utc < ends + (self._daylight - self._standard)
        return local.replace(fold=1) if repeated else local

    def _in_daylight(self, dt: datetime) -> bool:
        if self._rules is None:
            return False
        daylight_starts, standard_starts = self._rules
        assert daylight_starts is not None and standard_starts is not None
        local = dt.replace(tzinfo=None, fold=0)
        begins, ends = daylight_starts.in_year(local.year), standard_starts.in_year(local.year)
        if dt.fold and ends - (self._daylight - self._standard) <= local < ends:
            return False  # the second time through the repeated hour: standard time again
        return _within(local, begins, ends)

    def __repr__(self) -> str:
        return f"CustomZone({self.name!r})"


def _within(moment: datetime, begins: datetime, ends: datetime) -> bool:
    """In daylight saving time: between the two transitions, or (south) outside them."""
    if begins < ends:
        return begins <= moment < ends
    return not ends <= moment < begins


def weekday_number(name: str | None) -> int | None:
    """Monday = 0 for Graph's lower-case day names; None for anything else."""
    value = (name or "").strip().lower()
    return _WEEKDAYS.index(value) if value in _WEEKDAYS else None
