"""The slot finder: common free times for a group, or a reason a person can act on.

Pure: calendars and a query in, a `SlotSearch` out, no I/O and no clock. Instants are whole
seconds since the epoch (see scheduling.intervals), so the arithmetic is the same on both sides
of a daylight-saving change; local wall-clock times (working hours, parts of the day, midnights)
are built with zoneinfo once per day and converted.

How a search goes:
1. Everyone's working time in the window, each in their own zone, minus Swedish days off
   (whole local days in the organisation's zone); the common working time is the intersection.
2. Busy, out-of-office and (unless allowed) tentative intervals of everyone are merged into one
   sorted list and subtracted: what is left is the common free time. Free, working elsewhere
   and (when allowed) tentative do not block; intervals are half-open, so back-to-back fits.
3. Free spans long enough for the meeting become spans of possible start instants, split into
   groups (everyone free, then "tentative if needed") and tiers (preferred parts of the day,
   then the rest), then cut at local midnights and put on the local wall-clock grid.
4. Proposals are picked group by group: at most one per day until every day with a possible
   start has one (preferred tiers first, earlier days first), then filled in the same order;
   they never overlap one another.
5. No proposal: the first of the reasons in `ReasonKind` that holds, checked in that order.

Cost is about linear in the number of calendar intervals: one pass to collect them, one sort,
then single passes over merged spans.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from functools import reduce
from operator import itemgetter
from zoneinfo import ZoneInfo

from content.journey import PartOfDay
from scheduling.availability import Attendee, Availability, Status, WorkingHours
from scheduling.holidays import days_off
from scheduling.intervals import Span, intersect, merged, subtract, union, without

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_DAY = 86_400
_SECOND = timedelta(seconds=1)
# How far past an absence to look for the day someone is back.
_BACK_HORIZON = timedelta(days=400)


@dataclass(frozen=True, slots=True)
class SlotQuery:
    """What to look for. Datetimes are aware; results are given in `zone`."""

    window_start: datetime  # inclusive
    window_end: datetime  # exclusive
    duration: timedelta
    zone: ZoneInfo  # the organisation's zone: days off, the grid, days and parts of the day
    granularity: timedelta = timedelta(minutes=15)  # starts lie on this grid from local midnight
    not_before: datetime | None = None  # now + the minimum notice
    preferred_parts: tuple[PartOfDay, ...] = ()
    count: int = 3
    allow_tentative: bool = False  # tentative then does not block; such slots rank lower
    working_hours: WorkingHours | None = None  # for calendars without their own

    def __post_init__(self) -> None:
        for name in ("window_start", "window_end", "not_before"):
            value = getattr(self, name)
            if value is not None and (value.tzinfo is None or value.utcoffset() is None):
                raise ValueError(f"{name} must be an aware datetime, not {value!r}")
        for name in ("duration", "granularity"):
            value = getattr(self, name)
            if value <= timedelta(0) or value % _SECOND:
                raise ValueError(f"{name} must be a positive whole number of seconds: {value}")
        if self.count < 1:
            raise ValueError(f"count must be at least 1, not {self.count}")

    @property
    def default_working_hours(self) -> WorkingHours:
        """The working hours of calendars that give none: the query's, or Mon–Fri 08–17."""
        return self.working_hours or WorkingHours(zone=self.zone)


@dataclass(frozen=True, slots=True)
class Slot:
    """A proposed time. Rank 1 is the best; `tentative` attend "if needed"."""

    start: datetime
    end: datetime
    rank: int
    free: tuple[Attendee, ...] = ()
    tentative: tuple[Attendee, ...] = ()


class ReasonKind(StrEnum):
    """Why nothing was found, in the order they are checked."""

    WINDOW_TOO_SHORT = "window_too_short"  # the window is shorter than the meeting
    WINDOW_IN_PAST = "window_in_past"  # too little of it is left after the minimum notice
    NO_WORKING_TIME = "no_working_time"  # weekends and days off only (attendees: whose)
    NO_SHARED_WORKING_HOURS = "no_shared_working_hours"  # working hours do not overlap
    AWAY_WHOLE_WINDOW = "away_whole_window"  # out of office all of the common working time
    BUSY_WHOLE_WINDOW = "busy_whole_window"  # busy all of it (with meetings, not absence)
    NO_COMMON_TIME = "no_common_time"  # everyone has time, but never at the same time


@dataclass(frozen=True, slots=True)
class NoSlotReason:
    """The reason, the people it is about, and (when away) the first day they are all back."""

    kind: ReasonKind
    attendees: tuple[Attendee, ...] = ()
    until: date | None = None


@dataclass(frozen=True, slots=True)
class SlotSearch:
    """The proposals, best first; when there are none, why."""

    slots: tuple[Slot, ...] = ()
    reason: NoSlotReason | None = field(default=None)


# --- time as whole seconds ------------------------------------------------------------------


def _floor(moment: datetime) -> int:
    delta = moment - _EPOCH
    return delta.days * _DAY + delta.seconds


def _ceil(moment: datetime) -> int:
    delta = moment - _EPOCH
    return delta.days * _DAY + delta.seconds + (delta.microseconds > 0)


def _local(seconds: int, zone: tzinfo) -> datetime:
    return datetime.fromtimestamp(seconds, zone)


def _offset(seconds: int, zone: tzinfo) -> int:
    offset = _local(seconds, zone).utcoffset()
    assert offset is not None
    return offset // _SECOND


@dataclass(frozen=True, slots=True)
class _Piece:
    """Part of a local day with one UTC offset (a day changing clocks has two)."""

    start: int
    end: int
    offset: int
    day: int  # index of the local day in the window


class _Days:
    """The local days of [low, high) in `zone`: midnights, pieces, days off as spans."""

    def __init__(self, zone: ZoneInfo, low: int, high: int) -> None:
        first = _local(low, zone).date()
        last = _local(high - 1, zone).date()
        self.dates = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        bounds = [*self.dates, last + timedelta(days=1)]
        self.midnights = [_floor(datetime(d.year, d.month, d.day, tzinfo=zone)) for d in bounds]
        offsets = [_offset(midnight, zone) for midnight in self.midnights]
        self.pieces: list[_Piece] = []
        for index in range(len(self.dates)):
            start, end = self.midnights[index], self.midnights[index + 1]
            before, after = offsets[index], offsets[index + 1]
            change = end if before == after else _clock_change(zone, start, end, after)
            self.pieces.append(_Piece(start, change, before, index))
            if change < end:
                self.pieces.append(_Piece(change, end, after, index))
        off = days_off({d.year for d in self.dates})
        self.days_off = [
            (self.midnights[index], self.midnights[index + 1])
            for index, day in enumerate(self.dates)
            if day in off
        ]

    def at(self, day: int, clock: time, zone: ZoneInfo) -> int:
        """The instant of a local wall-clock time on a day of the window."""
        return _floor(datetime.combine(self.dates[day], clock, zone))


def _clock_change(zone: ZoneInfo, low: int, high: int, new_offset: int) -> int:
    """The first second in (low, high] with the new UTC offset (a binary search)."""
    while high - low > 1:
        middle = (low + high) // 2
        if _offset(middle, zone) == new_offset:
            high = middle
        else:
            low = middle
    return high


# --- working time and candidate starts ------------------------------------------------------


def _working_spans(hours: WorkingHours, low: int, high: int) -> list[Span]:
    """When someone works within [low, high), built day by day in their own zone."""
    zone = hours.zone
    first = _local(low, zone).date() - timedelta(days=1)
    last = _local(high, zone).date()
    overnight = hours.end <= hours.start  # e.g. 22:00–06:00; equal times mean all day
    spans: list[Span] = []
    day = first
    while day <= last:
        if day.weekday() in hours.days:
            start = _floor(datetime.combine(day, hours.start, zone))
            end_day = day + timedelta(days=1) if overnight else day
            end = _floor(datetime.combine(end_day, hours.end, zone))
            start, end = max(start, low), min(end, high)
            if start < end:
                spans.append((start, end))
        day += timedelta(days=1)
    return union(spans)


def _starts(free: list[Span], duration: int) -> list[Span]:
    """The instants a meeting of `duration` seconds may start so that it fits in `free`."""
    return [(start, end - duration + 1) for start, end in free if end - start >= duration]


@dataclass(frozen=True, slots=True)
class _Run:
    """Grid starts first, first + step, ... below stop, all on one local day."""

    day: int
    first: int
    stop: int


def _grid(starts: list[Span], days: _Days, step: int) -> list[_Run]:
    """Possible starts on the local grid: multiples of `step` after each local midnight."""
    runs: list[_Run] = []
    pieces = days.pieces
    j = 0
    for start, stop in starts:
        while pieces[j].end <= start:
            j += 1
        k = j
        while k < len(pieces) and pieces[k].start < stop:
            piece = pieces[k]
            first = max(start, piece.start)
            end = min(stop, piece.end)
            late = (first + piece.offset) % _DAY % step  # wall-clock seconds past the grid
            if late:
                first += step - late
            if first < end:
                runs.append(_Run(piece.day, first, end))
            k += 1
    return runs


def _preferred(parts: Sequence[PartOfDay], days: _Days, zone: ZoneInfo) -> list[Span]:
    """The instants within a preferred part of a day (a slot belongs where it starts)."""
    spans: list[Span] = []
    for index in range(len(days.dates)):
        midnight, next_midnight = days.midnights[index], days.midnights[index + 1]
        for part in parts:
            start = max(days.at(index, part.start, zone), midnight)
            end = min(days.at(index, part.end, zone), next_midnight)
            if start < end:
                spans.append((start, end))
    return union(spans)


def _prefer(starts: list[Span], preferred: list[Span] | None) -> list[list[Span]]:
    """The starts within a preferred part of the day, then the others."""
    if preferred is None:
        return [starts]
    return [intersect(starts, preferred), subtract(starts, preferred)]


# --- picking --------------------------------------------------------------------------------


def _first_fit(run: _Run, begin: int, step: int, length: int, taken: list[Span]) -> int | None:
    """The first grid start in the run from `begin` that overlaps nothing taken."""
    start = begin
    while start < run.stop:
        for taken_start, taken_end in taken:
            if taken_start < start + length and start < taken_end:
                start += -(-(taken_end - start) // step) * step
                break
        else:
            return start
    return None


def _pick(groups: list[list[list[_Run]]], count: int, step: int, length: int) -> list[int]:
    """The starts of up to `count` proposals, in rank order.

    Groups rank strictly: every proposal of the first group (everyone free) before any of the
    second ("tentative if needed"). Within a group, a day without a proposal yet beats a second
    time on a day that has one; then come preferred parts of the day, then earlier days.
    """
    picked: list[int] = []
    taken: list[Span] = []
    used_days: set[int] = set()
    for tiers in groups:
        for runs in tiers:  # one per day
            for run in runs:
                if len(picked) == count:
                    return picked
                if run.day in used_days:
                    continue
                start = _first_fit(run, run.first, step, length, taken)
                if start is not None:
                    picked.append(start)
                    taken.append((start, start + length))
                    used_days.add(run.day)
        for runs in tiers:  # then fill
            for run in runs:
                start = _first_fit(run, run.first, step, length, taken)
                while start is not None:
                    if len(picked) == count:
                        return picked
                    picked.append(start)
                    taken.append((start, start + length))
                    start = _first_fit(run, start, step, length, taken)
    return picked


# --- the search -----------------------------------------------------------------------------

_BUSY, _AWAY, _TENTATIVE = Status.BUSY, Status.OUT_OF_OFFICE, Status.TENTATIVE

# Calendar intervals are collected as (start - epoch, end - epoch) timedeltas: for UTC
# datetimes (what Graph returns) that subtraction is the cheapest exact conversion there is, and
# timedeltas sort and compare in C. Only the merged spans, far fewer, become whole seconds.
_Raw = tuple[timedelta, timedelta]


def _seconds(spans: list[_Raw]) -> list[Span]:
    """Merged timedelta spans as whole seconds, rounded outwards (blocking never shrinks)."""
    return [(start // _SECOND, -(-end // _SECOND)) for start, end in union(spans)]


def _collect(
    calendars: Sequence[Availability],
    first: Status,
    second: Status | None = None,
    third: Status | None = None,
) -> list[list[_Raw]]:
    """Per calendar: its intervals with one of the statuses given."""
    epoch = _EPOCH
    # One comprehension per calendar, identity tests on the status: this is the loop that
    # sees every event of everyone, so it does nothing else (window cuts come later).
    return [
        [
            (interval.start - epoch, interval.end - epoch)
            for interval in calendar.intervals
            if (status := interval.status) is first or status is second or status is third
        ]
        for calendar in calendars
    ]


def _everyone(spans_of: list[list[_Raw]]) -> list[Span]:
    flat: list[_Raw] = []
    for spans in spans_of:
        flat += spans
    return _seconds(flat)


def _person_spans(calendar: Availability, status: Status) -> list[Span]:
    """One person's intervals of one status, merged, not cut to the window."""
    return union(
        [
            (_floor(interval.start), _ceil(interval.end))
            for interval in calendar.intervals
            if interval.status is status
        ]
    )


class _Search:
    """One search: the window in seconds, the days, and everyone's working time."""

    def __init__(self, calendars: Sequence[Availability], query: SlotQuery) -> None:
        self.calendars = calendars
        self.query = query
        self.zone = query.zone
        self.length = query.duration // _SECOND
        self.step = query.granularity // _SECOND
        self.window_start = _ceil(query.window_start)
        self.window_end = _floor(query.window_end)
        self.low = self.window_start
        if query.not_before is not None:
            self.low = max(self.low, _ceil(query.not_before))
        self.high = self.window_end

    def run(self) -> SlotSearch:
        if self.window_end - self.window_start < self.length:
            return _nothing(ReasonKind.WINDOW_TOO_SHORT)
        if self.high - self.low < self.length:
            return _nothing(ReasonKind.WINDOW_IN_PAST)
        self.days = _Days(self.zone, self.low, self.high)
        default_hours = self.query.default_working_hours
        self.hours = [calendar.working_hours or default_hours for calendar in self.calendars]
        self.working = {
            hours: subtract(_working_spans(hours, self.low, self.high), self.days.days_off)
            for hours in dict.fromkeys(self.hours or [default_hours])
        }
        self.common = reduce(intersect, self.working.values())

        allow = self.query.allow_tentative
        self.blocks_of = _collect(self.calendars, _BUSY, _AWAY, None if allow else _TENTATIVE)
        self.tentative_of = _collect(self.calendars, _TENTATIVE) if allow else []
        loose = subtract(self.common, _everyone(self.blocks_of))
        strict = subtract(loose, _everyone(self.tentative_of)) if allow else loose
        starts = _starts(strict, self.length)
        groups = [starts]
        if allow:
            groups.append(subtract(_starts(loose, self.length), starts))
        preferred = None
        if self.query.preferred_parts:
            preferred = _preferred(self.query.preferred_parts, self.days, self.zone)
        tiers = [
            [_grid(tier, self.days, self.step) for tier in _prefer(group, preferred)]
            for group in groups
        ]
        picked = _pick(tiers, self.query.count, self.step, self.length)
        if picked:
            return SlotSearch(slots=self._slots(picked))
        return SlotSearch(reason=self._explain())

    def _slots(self, picked: list[int]) -> tuple[Slot, ...]:
        maybes: list[tuple[Attendee, list[Span], list[int]]] = []
        # tentative_of is empty unless tentative is allowed
        for calendar, raw in zip(self.calendars, self.tentative_of, strict=False):
            if raw:
                spans = _seconds(list(raw))
                maybes.append((calendar.attendee, spans, [start for start, _ in spans]))
        slots = []
        for rank, start in enumerate(picked, start=1):
            end = start + self.length
            maybe = {
                attendee
                for attendee, spans, starts in maybes
                if (i := bisect_right(starts, end - 1) - 1) >= 0 and spans[i][1] > start
            }
            slots.append(
                Slot(
                    start=_local(start, self.zone),
                    end=_local(end, self.zone),
                    rank=rank,
                    free=tuple(c.attendee for c in self.calendars if c.attendee not in maybe),
                    tentative=tuple(c.attendee for c in self.calendars if c.attendee in maybe),
                )
            )
        return tuple(slots)

    # --- why nothing was found (only when nothing was) ---

    def _fits(self, free: Iterable[Span]) -> bool:
        """Whether a meeting fits anywhere in `free`, on the grid (stops at the first)."""
        length = self.length
        return any(
            _grid([(start, end - length + 1)], self.days, self.step)
            for start, end in free
            if end - start >= length
        )

    def _explain(self) -> NoSlotReason:
        if not self.calendars:
            return NoSlotReason(ReasonKind.NO_WORKING_TIME)
        idle = [
            calendar.attendee
            for calendar, hours in zip(self.calendars, self.hours, strict=True)
            if not self._fits(self.working[hours])
        ]
        if idle:
            named = tuple(idle) if len(idle) < len(self.calendars) else ()
            return NoSlotReason(ReasonKind.NO_WORKING_TIME, named)
        if not self._fits(self.common):
            return NoSlotReason(ReasonKind.NO_SHARED_WORKING_HOURS)
        away: list[tuple[Attendee, WorkingHours, list[Span]]] = []
        busy: list[Attendee] = []
        for calendar, hours, raw in zip(self.calendars, self.hours, self.blocks_of, strict=True):
            raw.sort(key=itemgetter(0))
            blocks = ((s // _SECOND, -(-e // _SECOND)) for s, e in merged(raw))
            if self._fits(without(self.common, blocks)):
                continue
            absent = _person_spans(calendar, _AWAY)
            if self._fits(subtract(self.common, absent)):
                busy.append(calendar.attendee)
            else:
                away.append((calendar.attendee, hours, absent))
        if away:
            backs = [self._back(hours, absent) for _, hours, absent in away]
            until = None if None in backs else max(b for b in backs if b is not None)
            names = tuple(attendee for attendee, _, _ in away)
            return NoSlotReason(ReasonKind.AWAY_WHOLE_WINDOW, names, until)
        if busy:
            return NoSlotReason(ReasonKind.BUSY_WHOLE_WINDOW, tuple(busy))
        return NoSlotReason(ReasonKind.NO_COMMON_TIME)

    def _back(self, hours: WorkingHours, absent: list[Span]) -> date | None:
        """The local day someone away is first at work again, if their calendar tells."""
        last = bisect_right([start for start, _ in absent], self.high - 1) - 1
        if last < 0 or absent[last][1] <= self.low:
            return None
        back_from = absent[last][1]  # the end of the absence the window ends in or after
        if back_from == self.high:
            return None  # the absence may go on past the window: what was read does not say
        horizon = back_from + _BACK_HORIZON // _SECOND
        days = _Days(self.zone, back_from, horizon)
        working = subtract(_working_spans(hours, back_from, horizon), days.days_off)
        present = subtract(working, absent)
        return _local(present[0][0], self.zone).date() if present else None


def _nothing(kind: ReasonKind) -> SlotSearch:
    return SlotSearch(reason=NoSlotReason(kind))


def find_slots(calendars: Sequence[Availability], query: SlotQuery) -> SlotSearch:
    """Up to `query.count` times when everyone can meet, best first; or why there are none."""
    return _Search(calendars, query).run()
