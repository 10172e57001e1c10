"""Times for two leaders in different municipalities to talk, from their preferred parts of day.

Calendars across tenants cannot be read, so this only proposes: on the next working days (no
weekends, no Swedish days off), the first stretch of at least `minutes` where every person's
preferred parts of day overlap, each part read in that person's own zone. One time a day, so
the suggestions spread over several days. Pure: no I/O, no sentences.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from scheduling.holidays import days_off
from scheduling.intervals import Span, intersect, union

HORIZON_DAYS = 14  # look this far ahead, then give up (the card says to agree directly)


@dataclass(frozen=True, slots=True)
class Preference:
    """One person's zone and their preferred parts of day as local (start, end) clock times."""

    zone: ZoneInfo
    parts: tuple[tuple[time, time], ...]


def suggest_times(
    now: datetime, people: Sequence[Preference], *, count: int = 3, minutes: int = 30
) -> list[tuple[datetime, datetime]]:
    """Up to `count` (start, end) in UTC, one a working day from tomorrow (in the first
    person's zone), where everyone's parts of day overlap for at least `minutes`."""
    if not people or any(not p.parts for p in people):
        return []
    first_day = now.astimezone(people[0].zone).date() + timedelta(days=1)
    off = days_off({first_day.year, (first_day + timedelta(days=HORIZON_DAYS)).year})
    length = int(timedelta(minutes=minutes).total_seconds())
    found: list[tuple[datetime, datetime]] = []
    for offset in range(HORIZON_DAYS):
        day = first_day + timedelta(days=offset)
        if day.weekday() >= 5 or day in off:
            continue
        common = _windows(day, people[0])
        for person in people[1:]:
            common = intersect(common, _windows(day, person))
        start = next((s for s, e in common if e - s >= length), None)
        if start is not None:
            found.append((_instant(start), _instant(start + length)))
            if len(found) == count:
                break
    return found


def _windows(day: date, person: Preference) -> list[Span]:
    return union(
        [
            (
                _seconds(datetime.combine(day, start, person.zone)),
                _seconds(datetime.combine(day, end, person.zone)),
            )
            for start, end in person.parts
        ]
    )


def _seconds(moment: datetime) -> int:
    return int(moment.timestamp())


def _instant(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)
