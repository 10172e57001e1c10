"""Milliseconds per slot search: scheduling.slots.find_slots against a naive per-minute grid.

Seeded random calendars: N people, a 41-day window (16 March – 26 April 2026, so a change to
summer time and the Easter holidays are in it), 8 events per person and working day (15–90
minutes on a quarter-hour grid between 07:00 and 18:00; mostly busy, some tentative, free,
out of office or working elsewhere), default working hours Mon–Fri 08–17 in Europe/Stockholm.
The naive baseline marks every minute of the window free or not (working hours, days off,
blocking events) and then tests every grid start minute by minute; both pick with the same
rules, and the run checks that they propose the same times.

Events are given in UTC, as Microsoft Graph returns them, and again in Europe/Stockholm, as the
iCalendar reader returns them (converting a zoneinfo datetime costs more than a UTC one).

    .venv/bin/python benchmarks/slots.py [--repeat 15] [--seed 1] [--people 4 20 50]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scheduling.availability import (  # noqa: E402
    Attendee,
    Availability,
    Interval,
    Status,
)
from scheduling.holidays import days_off  # noqa: E402
from scheduling.slots import SlotQuery, find_slots  # noqa: E402

ZONE = ZoneInfo("Europe/Stockholm")
FIRST_DAY = date(2026, 3, 16)
DAYS = 41
EVENTS_PER_DAY = 8
STATUSES = (
    [Status.BUSY] * 14
    + [Status.TENTATIVE] * 2
    + [Status.FREE, Status.OUT_OF_OFFICE, Status.WORKING_ELSEWHERE]
)


def calendars(people: int, seed: int, zone: ZoneInfo | None) -> list[Availability]:
    """Seeded random calendars; event times in `zone`, or UTC when None."""
    rng = random.Random(seed)
    result = []
    for number in range(people):
        intervals = []
        for offset in range(DAYS):
            day = FIRST_DAY + timedelta(days=offset)
            if day.weekday() >= 5:
                continue
            for _ in range(EVENTS_PER_DAY):
                quarter = rng.randrange(7 * 4, 18 * 4)
                start = datetime(day.year, day.month, day.day, tzinfo=ZONE) + timedelta(
                    minutes=15 * quarter
                )
                # Wall-clock arithmetic above; fix the instant, then show it in the zone.
                start = start.astimezone(UTC).astimezone(zone or UTC)
                end = start + timedelta(minutes=15 * rng.randint(1, 6))
                intervals.append(Interval(start, end, rng.choice(STATUSES)))
        intervals.sort(key=lambda interval: interval.start)
        attendee = Attendee(f"person{number}@example.se", f"Person {number}")
        result.append(Availability(attendee, tuple(intervals)))
    return result


def query() -> SlotQuery:
    start = datetime(FIRST_DAY.year, FIRST_DAY.month, FIRST_DAY.day, tzinfo=ZONE)
    return SlotQuery(
        window_start=start,
        window_end=start + timedelta(days=DAYS),  # wall-clock days: midnight to midnight
        duration=timedelta(minutes=60),
        zone=ZONE,
        count=3,
    )


# --- the naive baseline ------------------------------------------------------------------------


def naive_find_slots(people: list[Availability], q: SlotQuery) -> list[datetime]:
    """Start times of up to q.count slots, from a per-minute grid; same rules, no reasons."""
    minute = timedelta(minutes=1)
    start = q.window_start.astimezone(UTC)  # minutes of real time, also across clock changes
    total = (q.window_end.astimezone(UTC) - start) // minute
    hours = [p.working_hours or q.default_working_hours for p in people] or [
        q.default_working_hours
    ]
    off = days_off(range(start.year - 1, q.window_end.year + 2))
    free = [True] * total
    for i in range(total):
        moment = start + i * minute
        if moment.astimezone(q.zone).date() in off:
            free[i] = False
            continue
        for h in hours:
            local = moment.astimezone(h.zone)
            if local.weekday() not in h.days or not h.start <= local.time() < h.end:
                free[i] = False
                break
    blocking = {Status.BUSY, Status.OUT_OF_OFFICE, Status.TENTATIVE}
    for person in people:
        for interval in person.intervals:
            if interval.status not in blocking:
                continue
            first = max(0, (interval.start - start) // minute)
            last = min(total, -((start - interval.end) // minute))
            for i in range(first, last):
                free[i] = False
    length = q.duration // minute
    step = q.granularity // minute
    candidates: list[tuple[date, int]] = []
    for i in range(total - length + 1):
        local = (start + i * minute).astimezone(q.zone)
        if (local.hour * 60 + local.minute) % step:
            continue
        if all(free[i : i + length]):
            candidates.append((local.date(), i))
    picked: list[int] = []
    used: set[date] = set()

    def fits(i: int) -> bool:
        return all(i + length <= j or j + length <= i for j in picked)

    for day, i in candidates:  # one per day, earliest first
        if len(picked) < q.count and day not in used and fits(i):
            picked.append(i)
            used.add(day)
    for _day, i in candidates:  # then fill
        if len(picked) < q.count and fits(i):
            picked.append(i)
    return [(start + i * minute).astimezone(q.zone) for i in picked]


# --- measuring ---------------------------------------------------------------------------------


def median_ms(function: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        timings.append((time.perf_counter() - began) * 1000)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--people", type=int, nargs="+", default=[4, 20, 50])
    args = parser.parse_args()
    q = query()
    print(f"{DAYS} days, {EVENTS_PER_DAY} events per person and working day, 60-minute meeting")
    print(f"median of {args.repeat} searches; naive: median of 3")
    header = (
        f"{'people':>6} {'events':>7} {'events in':>16} {'find_slots ms':>14} "
        f"{'naive ms':>9} {'ratio':>6}  result"
    )
    print(header)
    for people in args.people:
        for zone in (None, ZONE):
            calendar = calendars(people, args.seed, zone)
            events = sum(len(person.intervals) for person in calendar)
            search = find_slots(calendar, q)
            fast = median_ms(lambda c=calendar: find_slots(c, q), args.repeat)
            naive = median_ms(lambda c=calendar: naive_find_slots(c, q), 3)
            same = [slot.start for slot in search.slots] == naive_find_slots(calendar, q)
            if search.slots:
                result = f"{len(search.slots)} slots, first {search.slots[0].start:%a %d %b %H:%M}"
            else:
                assert search.reason is not None
                result = f"no slot: {search.reason.kind}"
            result += ", same as naive" if same else ", DIFFERENT FROM NAIVE"
            print(
                f"{people:>6} {events:>7} {zone or 'UTC'!s:>16} {fast:>14.2f} "
                f"{naive:>9.1f} {naive / fast:>5.0f}×  {result}"
            )


if __name__ == "__main__":
    main()
