"""A leader's personal working sessions for the coming weeks, from the onboarding answers.

Pure: a wish, a zone and `now` in, session times out; no I/O and no clock. The planning window
starts at the leader's next local midnight and is cut into 7-day periods counted from there,
so "twice a week" means two sessions in each period and "every other week" one session in
periods 0, 2, 4, ...
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from content.journey import PartOfDay
from scheduling.availability import Availability
from scheduling.holidays import days_off
from scheduling.slots import Slot, SlotQuery, find_slots

_PERIOD_DAYS = 7


@dataclass(frozen=True, slots=True)
class SessionWish:
    """What the leader answered: when they like to work, how often, and for how long."""

    preferred_parts: tuple[PartOfDay, ...]  # empty: no preference
    sessions_per_week: float  # 2.0, 1.0, 0.5 (any positive value)
    duration: timedelta
    weeks: int = 4  # the planning horizon

    def __post_init__(self) -> None:
        if self.sessions_per_week <= 0:
            raise ValueError(f"sessions_per_week must be positive: {self.sessions_per_week}")
        if self.duration <= timedelta(0):
            raise ValueError(f"duration must be positive: {self.duration}")
        if self.weeks < 1:
            raise ValueError(f"weeks must be at least 1: {self.weeks}")


def _cadence(sessions_per_week: float) -> tuple[int, int]:
    """(every how many periods, sessions in each such period)."""
    if sessions_per_week >= 1:
        return 1, round(sessions_per_week)
    return round(1 / sessions_per_week), 1


def _periods(wish: SessionWish, zone: ZoneInfo, now: datetime) -> list[tuple[date, int]]:
    """The first local day and the session count of every period that gets sessions."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"now must be an aware datetime, not {now!r}")
    first = now.astimezone(zone).date() + timedelta(days=1)
    every, count = _cadence(wish.sessions_per_week)
    return [
        (first + timedelta(days=_PERIOD_DAYS * index), count)
        for index in range(0, wish.weeks, every)
    ]


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), zone)


def propose_sessions(
    availability: Availability, wish: SessionWish, *, zone: ZoneInfo, now: datetime
) -> tuple[Slot, ...]:
    """Free times in the leader's own calendar, period by period, sorted by start.

    Each period is one `find_slots` search, which keeps its rules: working hours, no Swedish
    days off, distinct days first, preferred parts of the day before the rest. A period
    without free time gives nothing; the caller compares the count with what was wished.
    """
    found: list[Slot] = []
    for first_day, count in _periods(wish, zone, now):
        query = SlotQuery(
            window_start=_midnight(first_day, zone),
            window_end=_midnight(first_day + timedelta(days=_PERIOD_DAYS), zone),
            duration=wish.duration,
            zone=zone,
            preferred_parts=wish.preferred_parts,
            count=count,
        )
        # Periods do not overlap and slots end inside their window, so neither do sessions.
        found.extend(find_slots([availability], query).slots)
    return tuple(sorted(found, key=lambda slot: slot.start))


def manual_sessions(
    weekdays: Collection[int], at: time, wish: SessionWish, *, zone: ZoneInfo, now: datetime
) -> tuple[tuple[datetime, datetime], ...]:
    """Sessions on chosen weekdays (Monday = 0) at a local clock time, as UTC (start, end).

    For when the calendar cannot be read. Each period takes its first chosen weekdays that
    are not Swedish days off, as many as the wish asks for.
    """
    chosen = frozenset(weekdays)
    if not chosen <= frozenset(range(7)):
        raise ValueError(f"weekdays must be 0 (Monday) to 6 (Sunday): {sorted(chosen)}")
    sessions: list[tuple[datetime, datetime]] = []
    for first_day, count in _periods(wish, zone, now):
        days = [first_day + timedelta(days=n) for n in range(_PERIOD_DAYS)]
        off = days_off({day.year for day in days})
        open_days = [day for day in days if day.weekday() in chosen and day not in off]
        for day in open_days[:count]:
            # Combined per day, so the clock time holds on both sides of a DST change.
            start = datetime.combine(day, at, zone).astimezone(UTC)
            sessions.append((start, start + wish.duration))
    return tuple(sessions)
