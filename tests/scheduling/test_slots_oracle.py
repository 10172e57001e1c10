"""find_slots against a brute-force oracle that checks every minute, on random calendars.

The window spans the change to summer time and Easter; people work in Stockholm and New York;
events are in either zone, some all day. With a large count, the proposals must be exactly what
the rules allow: each one possible, none overlapping, no possible start left out that would not
overlap one of them, the first of each day the earliest possible on that day.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from scheduling.availability import Attendee, Availability, Interval, Status, WorkingHours
from scheduling.holidays import days_off
from scheduling.slots import SlotQuery, find_slots

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NEW_YORK = ZoneInfo("America/New_York")
MINUTE = timedelta(minutes=1)
FIRST = date(2026, 3, 26)
DAYS = 13  # to Tuesday 7 April: summer time from 29 March, Easter 3–6 April


def random_calendar(rng: random.Random, number: int, tentative: float = 0.0) -> Availability:
    """Random events in random zones; `tentative` is the share of extra tentative ones."""
    hours = None
    if rng.random() < 0.3:
        hours = WorkingHours(NEW_YORK, start=time(rng.choice([6, 7, 9])), end=time(15))
    intervals = []
    for _ in range(rng.randrange(5, 40)):
        zone = rng.choice([STOCKHOLM, NEW_YORK, UTC])
        day = FIRST + timedelta(days=rng.randrange(DAYS))
        if rng.random() < 0.05:  # all day, midnight to midnight in that zone
            start = datetime.combine(day, time(0), zone)
            end = datetime.combine(day + timedelta(days=1), time(0), zone)
        else:
            start = datetime.combine(
                day, time(rng.randrange(24), rng.choice([0, 10, 15, 30])), zone
            )
            end = start + timedelta(minutes=rng.choice([15, 30, 45, 60, 90, 240]))
        status = Status.TENTATIVE if rng.random() < tentative else rng.choice(list(Status))
        intervals.append(Interval(start, end, status))
    return Availability(Attendee(f"p{number}@kommun.se"), tuple(intervals), hours)


def possible_starts(calendars: list[Availability], q: SlotQuery) -> list[datetime]:
    """Every start the rules allow, minute by minute, in UTC."""
    start = q.window_start.astimezone(UTC)
    total = (q.window_end.astimezone(UTC) - start) // MINUTE
    off = days_off(range(2025, 2028))
    hours = [c.working_hours or q.default_working_hours for c in calendars]
    blocking = {Status.BUSY, Status.OUT_OF_OFFICE}
    if not q.allow_tentative:
        blocking.add(Status.TENTATIVE)
    ok = []
    for i in range(total):
        moment = start + i * MINUTE
        usable = moment.astimezone(q.zone).date() not in off
        for h in hours:
            local = moment.astimezone(h.zone)
            usable = usable and local.weekday() in h.days and h.start <= local.time() < h.end
        ok.append(usable)
    for calendar in calendars:
        for interval in calendar.intervals:
            if interval.status in blocking:
                near = (interval.start - start) // MINUTE  # only to skip far minutes
                last = (interval.end - start) // MINUTE
                for i in range(max(0, near - 1), min(total, last + 2)):
                    if interval.start <= start + i * MINUTE < interval.end:
                        ok[i] = False
    length = q.duration // MINUTE
    step = q.granularity // MINUTE
    found = []
    for i in range(total - length + 1):
        moment = start + i * MINUTE
        local = moment.astimezone(q.zone)
        if (local.hour * 60 + local.minute) % step or (q.not_before and moment < q.not_before):
            continue
        if all(ok[i : i + length]):
            found.append(moment)
    return found


@pytest.mark.parametrize("seed", range(12))
def test_proposals_are_exactly_what_the_rules_allow(seed: int) -> None:
    rng = random.Random(seed)
    calendars = [random_calendar(rng, number) for number in range(rng.randrange(1, 4))]
    q = SlotQuery(
        window_start=datetime.combine(FIRST, time(0), STOCKHOLM),
        window_end=datetime.combine(FIRST + timedelta(days=DAYS), time(0), STOCKHOLM),
        duration=timedelta(minutes=rng.choice([30, 60, 90])),
        zone=STOCKHOLM,
        granularity=timedelta(minutes=rng.choice([15, 30])),
        not_before=datetime.combine(FIRST, time(rng.randrange(7, 20)), STOCKHOLM),
        count=500,
    )
    possible = possible_starts(calendars, q)
    search = find_slots(calendars, q)
    proposed = [slot.start.astimezone(UTC) for slot in search.slots]
    assert bool(possible) == bool(proposed)
    assert set(proposed) <= set(possible)
    length = q.duration
    for a in proposed:
        for b in proposed:
            assert a == b or a + length <= b or b + length <= a  # no two overlap
    for moment in possible:  # nothing possible left out that fits beside them
        assert any(p < moment + length and moment < p + length for p in proposed)
    by_day: dict[date, datetime] = {}
    for moment in possible:
        by_day.setdefault(moment.astimezone(STOCKHOLM).date(), moment)
    assert proposed[: len(by_day)] == list(by_day.values())  # earliest of each day first


@pytest.mark.parametrize("seed", range(12, 18))
def test_tentative_if_allowed_comes_after_everyone_free(seed: int) -> None:
    rng = random.Random(seed)
    calendars = [random_calendar(rng, n, tentative=0.6) for n in range(rng.randrange(2, 4))]
    strict = SlotQuery(
        window_start=datetime.combine(FIRST, time(0), STOCKHOLM),
        window_end=datetime.combine(FIRST + timedelta(days=DAYS), time(0), STOCKHOLM),
        duration=timedelta(minutes=60),
        zone=STOCKHOLM,
        count=500,
    )
    loose = SlotQuery(
        **{**{f: getattr(strict, f) for f in strict.__slots__}, "allow_tentative": True}
    )
    free = set(possible_starts(calendars, strict))
    possible = set(possible_starts(calendars, loose))
    search = find_slots(calendars, loose)
    proposed = [slot.start.astimezone(UTC) for slot in search.slots]
    assert set(proposed) <= possible
    assert any(moment not in free for moment in proposed)  # the seeds give some "if needed"
    tiers = [moment not in free for moment in proposed]
    assert tiers == sorted(tiers)  # all fully free proposals rank before any "if needed"
    for slot in search.slots:
        start, end = slot.start.astimezone(UTC), slot.end.astimezone(UTC)
        maybe = {
            calendar.attendee
            for calendar in calendars
            for interval in calendar.intervals
            if interval.status is Status.TENTATIVE and interval.start < end and start < interval.end
        }
        assert set(slot.tentative) == maybe
        assert set(slot.free) == {c.attendee for c in calendars} - maybe
