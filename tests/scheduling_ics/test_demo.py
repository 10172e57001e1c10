"""The demo calendars: the emulator's six people, busy in a believable way, with free time."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from itertools import pairwise
from pathlib import Path

import icalendar

from scheduling.availability import Attendee, Availability, MeetingRequest, Status
from scheduling.calendars import IcsCalendars, copy_demo_calendars, package_demo_directory
from tests.clock import TestClock
from tests.scheduling_ics.conftest import STOCKHOLM

# The people in ../shared/playground/m365agentsplayground.yml (current user and five others).
PEOPLE = tuple(
    Attendee(f"{login}@uppsala.example", name)
    for login, name in [
        ("jonas.gumbel", "Jonas Gumbel"),
        ("daniela.drazic", "Daniela Drazic"),
        ("max.larcombe", "Max Larcombe"),
        ("sandra.molin", "Sandra Molin"),
        ("karin.lund", "Karin Lund"),
        ("per.nilsson", "Per Nilsson"),
    ]
)
SAMPLE_WEEK = date(2026, 11, 30)  # a Monday; Per's recurring week off is the week before


async def read_weeks(monday: date, weeks: int = 1) -> tuple[Availability, ...]:
    start = datetime.combine(monday, time(0), tzinfo=STOCKHOLM)
    calendars = IcsCalendars(package_demo_directory(), zone=STOCKHOLM, clock=TestClock())
    found = await calendars.read(PEOPLE, start, start + timedelta(weeks=weeks))
    assert found.unknown == ()
    return found.known


def common_free_hours(known: tuple[Availability, ...], monday: date) -> list[datetime]:
    """Every start (quarter hours, 08:00–16:00 local, Monday–Friday) of a free hour for all."""
    week_start = datetime.combine(monday, time(0), tzinfo=STOCKHOLM)
    week_end = week_start + timedelta(weeks=1)
    busy = [i for a in known for i in a.intervals if i.start < week_end and i.end > week_start]
    free: list[datetime] = []
    for day in range(5):
        for quarter in range(8 * 4, 16 * 4 + 1):
            start = datetime.combine(
                monday + timedelta(days=day),
                time(quarter // 4, 15 * (quarter % 4)),
                tzinfo=STOCKHOLM,
            )
            end = start + timedelta(hours=1)
            if not any(i.start < end and i.end > start for i in busy):
                free.append(start)
    return free


def test_demo_directory_holds_one_real_calendar_per_emulator_person() -> None:
    directory = package_demo_directory()

    assert sorted(p.name for p in directory.glob("*.ics")) == sorted(
        f"{p.email}.ics" for p in PEOPLE
    )
    for path in directory.glob("*.ics"):
        raw = path.read_bytes()
        assert raw.endswith(b"END:VCALENDAR\r\n")
        assert all(len(line) <= 75 for line in raw.split(b"\r\n")), path.name
        calendar = icalendar.Calendar.from_ical(raw)
        (zone,) = calendar.walk("VTIMEZONE")
        assert zone["TZID"] == "Europe/Stockholm"
        events = calendar.walk("VEVENT")
        assert any("RRULE" in e and "UNTIL" not in e["RRULE"] for e in events), path.name


async def test_every_demo_person_is_busy_but_not_all_the_time() -> None:
    known = await read_weeks(SAMPLE_WEEK)

    assert [a.attendee for a in known] == list(PEOPLE)
    for availability in known:
        hours = sum((i.end - i.start for i in availability.intervals), timedelta())
        assert timedelta(hours=5) <= hours <= timedelta(days=2), availability.attendee
        assert any(i.status is Status.BUSY for i in availability.intervals)


async def test_the_six_share_free_hours_in_a_sample_week() -> None:
    known = await read_weeks(SAMPLE_WEEK)

    free = common_free_hours(known, SAMPLE_WEEK)

    assert len(free) >= 4
    assert len({start.date() for start in free}) >= 2
    # and each person alone has much more
    for availability in known:
        assert len(common_free_hours((availability,), SAMPLE_WEEK)) > len(free)


async def test_any_two_coming_weeks_have_common_free_time() -> None:
    first = date(2026, 1, 5)
    known = await read_weeks(first, weeks=36)
    weeks = [first + timedelta(weeks=n) for n in range(36)]
    free_weeks = [bool(common_free_hours(known, week)) for week in weeks]

    assert all(a or b for a, b in pairwise(free_weeks))
    assert free_weeks.count(True) >= 29


async def test_demo_has_out_of_office_tentative_and_working_elsewhere() -> None:
    statuses: dict[str, set[Status]] = {p.email: set() for p in PEOPLE}
    for availability in await read_weeks(SAMPLE_WEEK, weeks=6):
        statuses[availability.attendee.email] |= {i.status for i in availability.intervals}

    assert Status.OUT_OF_OFFICE in statuses["karin.lund@uppsala.example"]  # Fridays
    assert Status.OUT_OF_OFFICE in statuses["per.nilsson@uppsala.example"]  # a week in six
    assert Status.TENTATIVE in statuses["jonas.gumbel@uppsala.example"]
    assert Status.WORKING_ELSEWHERE in statuses["daniela.drazic@uppsala.example"]


async def test_per_is_away_a_whole_week() -> None:
    known = await read_weeks(SAMPLE_WEEK - timedelta(weeks=1))

    per = next(a for a in known if a.attendee.email.startswith("per."))
    away = [i for i in per.intervals if i.status is Status.OUT_OF_OFFICE]
    assert len(away) == 1
    assert away[0].end - away[0].start == timedelta(days=5)


async def test_copied_demo_calendars_can_be_booked_into(tmp_path: Path) -> None:
    target = tmp_path / "kalendrar"

    copied = copy_demo_calendars(target)
    again = copy_demo_calendars(target)

    assert len(copied) == 6
    assert again == []
    calendars = IcsCalendars(target, zone=STOCKHOLM, clock=TestClock())
    start = datetime(2026, 12, 1, 15, tzinfo=STOCKHOLM)
    await calendars.book(
        MeetingRequest(
            organizer=PEOPLE[0],
            attendees=PEOPLE[1:],
            start=start,
            end=start + timedelta(hours=1),
            subject="Innovationsteam: första träffen",
            transaction_id="demo-1",
        )
    )
    assert (package_demo_directory() / f"{PEOPLE[0].email}.ics").read_bytes() != (
        target / f"{PEOPLE[0].email}.ics"
    ).read_bytes()
    known = await read_weeks(date(2026, 11, 30))  # the package's files are untouched
    assert not any(i.start == start for a in known for i in a.intervals)
