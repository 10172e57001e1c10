"""Personal working sessions: period counts, preferred parts, fallback, manual times (no I/O)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from content import Content, load_content
from content.journey import PartOfDay
from scheduling.availability import Attendee, Availability, Interval, Status
from scheduling.holidays import days_off
from scheduling.sessions import SessionWish, manual_sessions, propose_sessions
from scheduling.slots import Slot

STOCKHOLM = ZoneInfo("Europe/Stockholm")
ANNA = Attendee("anna@kommun.se", "Anna")
HOUR = timedelta(hours=1)
MON = date(2026, 5, 4)  # the window starts here: four weeks, Monday 4 May – Sunday 31 May 2026
NOW = datetime.combine(MON - timedelta(days=1), time(12), STOCKHOLM)


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def wish(per_week: float, *parts: PartOfDay) -> SessionWish:
    return SessionWish(preferred_parts=parts, sessions_per_week=per_week, duration=HOUR)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), STOCKHOLM)


def period(slot: Slot) -> int:
    return (slot.start.astimezone(STOCKHOLM).date() - MON).days // 7


def busy_every_weekday(start: int, end: int) -> Availability:
    """Anna busy from `start` to `end` o'clock on every day of the window."""
    days = [MON + timedelta(days=n) for n in range(28)]
    return Availability(ANNA, tuple(Interval(at(d, start), at(d, end), Status.BUSY) for d in days))


def propose(availability: Availability, session_wish: SessionWish) -> tuple[Slot, ...]:
    return propose_sessions(availability, session_wish, zone=STOCKHOLM, now=NOW)


# --- from the calendar --------------------------------------------------------------------


def test_twice_a_week_gives_two_sessions_per_period_on_different_days() -> None:
    sessions = propose(Availability(ANNA), wish(2.0))

    assert len(sessions) == 8
    assert [period(slot) for slot in sessions] == [0, 0, 1, 1, 2, 2, 3, 3]
    for first, second in pairwise(sessions):
        assert first.end <= second.start  # sorted, never overlapping
    for first, second in zip(sessions[::2], sessions[1::2], strict=True):
        assert first.start.date() != second.start.date()


def test_every_other_week_gives_one_session_in_periods_0_and_2() -> None:
    sessions = propose(Availability(ANNA), wish(0.5))

    assert [period(slot) for slot in sessions] == [0, 2]


def test_periods_are_counted_from_the_window_start_not_from_monday() -> None:
    wednesday_evening = at(MON + timedelta(days=1), 20)  # window starts Wednesday
    sessions = propose_sessions(
        Availability(ANNA), wish(1.0), zone=STOCKHOLM, now=wednesday_evening
    )

    assert [f"{slot.start.astimezone(STOCKHOLM):%a %d %H:%M}" for slot in sessions] == [
        "Wed 06 08:00",
        "Wed 13 08:00",
        "Wed 20 08:00",
        "Wed 27 08:00",
    ]


def test_preferred_parts_are_respected_when_free(content: Content) -> None:
    afternoon = content.part_of_day("afternoon")
    sessions = propose(Availability(ANNA), wish(2.0, afternoon))

    assert len(sessions) == 8
    for slot in sessions:
        local = slot.start.astimezone(STOCKHOLM)
        assert afternoon.start <= local.time() < afternoon.end


def test_busy_preferred_part_falls_back_to_another_part(content: Content) -> None:
    afternoon = content.part_of_day("afternoon")
    sessions = propose(busy_every_weekday(12, 17), wish(2.0, afternoon))

    assert len(sessions) == 8
    assert all(slot.end.astimezone(STOCKHOLM).time() <= time(12) for slot in sessions)


def test_a_fully_busy_period_contributes_nothing() -> None:
    away = Interval(at(MON, 0), at(MON + timedelta(days=7), 0), Status.OUT_OF_OFFICE)
    sessions = propose(Availability(ANNA, (away,)), wish(2.0))

    assert [period(slot) for slot in sessions] == [1, 1, 2, 2, 3, 3]


# --- chosen by hand -----------------------------------------------------------------------

TUESDAY, THURSDAY = 1, 3


def local_starts(sessions: tuple[tuple[datetime, datetime], ...]) -> list[str]:
    return [f"{start.astimezone(STOCKHOLM):%Y-%m-%d %H:%M}" for start, _ in sessions]


def test_manual_tuesdays_and_thursdays_skip_a_holiday() -> None:
    holiday = date(2025, 5, 1)  # första maj, a Thursday
    assert holiday in days_off({2025}) and holiday.weekday() == THURSDAY
    easter_monday = datetime.combine(date(2025, 4, 21), time(12), STOCKHOLM)

    sessions = manual_sessions(
        [TUESDAY, THURSDAY], time(9), wish(2.0), zone=STOCKHOLM, now=easter_monday
    )

    assert local_starts(sessions) == [
        "2025-04-22 09:00",
        "2025-04-24 09:00",
        "2025-04-29 09:00",
        "2025-05-06 09:00",
        "2025-05-08 09:00",
        "2025-05-13 09:00",
        "2025-05-15 09:00",
    ]
    assert all(start.tzinfo is UTC and end - start == HOUR for start, end in sessions)


def test_manual_keeps_the_local_clock_time_across_daylight_saving() -> None:
    monday = datetime.combine(date(2025, 3, 24), time(12), STOCKHOLM)  # clocks change 30 March

    sessions = manual_sessions([THURSDAY, TUESDAY], time(9), wish(1.0), zone=STOCKHOLM, now=monday)

    assert local_starts(sessions) == [
        "2025-03-25 09:00",
        "2025-04-01 09:00",
        "2025-04-08 09:00",
        "2025-04-15 09:00",
    ]
    assert [start.hour for start, _ in sessions] == [8, 7, 7, 7]  # UTC: CET, then CEST


def test_manual_every_other_week_uses_periods_0_and_2() -> None:
    sessions = manual_sessions([TUESDAY], time(14), wish(0.5), zone=STOCKHOLM, now=NOW)

    assert local_starts(sessions) == ["2026-05-05 14:00", "2026-05-19 14:00"]
