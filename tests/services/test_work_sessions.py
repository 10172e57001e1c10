"""The leader's work sessions without Teams or HTTP: a migrated database, the test clock and a
calendar kept in memory that can be told to fail."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from chat.caller import TeamsAccount
from content.loader import load_content
from content.models import Content
from scheduling.availability import (
    Attendee,
    Availability,
    Booking,
    CalendarError,
    Calendars,
    MeetingRequest,
)
from services.bus import EventBus
from services.work_sessions import (
    Booked,
    ByHandRejected,
    CalendarUnreadable,
    Proposal,
    WishesRejected,
    WishProblem,
    WorkSessionPlanner,
)
from storage.database import Database
from storage.directory import Directory
from storage.learning_plans import LearningPlans
from storage.work_sessions import WorkSessions
from tests.clock import TestClock

TENANT = "tenant-a"
EMAIL = "jonas.gumbel@uppsala.example"
CONTENT = load_content()


class MemoryCalendar:
    """One free calendar; books and cancels in memory; fails where a test says so."""

    def __init__(self) -> None:
        self.events: dict[str, MeetingRequest] = {}
        self.cancelled: list[str] = []
        self.unreadable = False
        self.refuse: set[datetime] = set()  # starts the calendar will not book

    async def read(
        self, attendees: Sequence[Attendee], start: datetime, end: datetime
    ) -> Calendars:
        if self.unreadable:
            raise CalendarError("the calendar service is down")
        return Calendars(known=tuple(Availability(attendee) for attendee in attendees))

    async def book(self, meeting: MeetingRequest) -> Booking:
        if meeting.start in self.refuse:
            raise CalendarError("refused")
        event_id = f"event-{len(self.events) + 1}"
        self.events[event_id] = meeting
        return Booking(event_id=event_id)

    async def cancel(self, organizer: Attendee, event_id: str) -> None:
        self.cancelled.append(event_id)
        self.events.pop(event_id, None)

    async def close(self) -> None:
        return None


@pytest.fixture
def calendar() -> MemoryCalendar:
    return MemoryCalendar()


@pytest.fixture
def planner(database: Database, calendar: MemoryCalendar, clock: TestClock) -> WorkSessionPlanner:
    return planner_on(database, calendar, clock, CONTENT)


def planner_on(
    database: Database, calendar: MemoryCalendar, clock: TestClock, content: Content
) -> WorkSessionPlanner:
    return WorkSessionPlanner(
        content,
        Directory(database),
        calendar,
        LearningPlans(database),
        WorkSessions(database),
        database=database,
        events=EventBus(),
        clock=clock,
    )


async def leader(database: Database, *, email: str | None = EMAIL) -> int:
    directory = Directory(database)
    organisation = await directory.organisation_id(TENANT)
    account = TeamsAccount("29:jonas", "aad-jonas", name="Jonas Gumbel", email=email)
    return await directory.person_id(organisation, account)


async def test_wishes_without_a_part_of_day_or_frequency_are_sent_back(
    database: Database, planner: WorkSessionPlanner, calendar: MemoryCalendar
) -> None:
    person = await leader(database)
    found = await planner.find_times(person, TENANT, ["afternoon", "midnight"], "daily")
    assert isinstance(found, WishesRejected)
    assert found.wishes.parts_of_day == ("afternoon",)  # the known part kept, shown back
    assert found.problems == (WishProblem.NO_FREQUENCY,)
    found = await planner.find_times(person, TENANT, [], "weekly")
    assert isinstance(found, WishesRejected)
    assert found.problems == (WishProblem.NO_PART_OF_DAY,)
    assert calendar.events == {}


async def test_free_times_are_proposed_and_booked_once(
    database: Database, planner: WorkSessionPlanner, calendar: MemoryCalendar, clock: TestClock
) -> None:
    person = await leader(database)
    found = await planner.find_times(person, TENANT, ["afternoon"], "twice_a_week")
    assert isinstance(found, Proposal)
    assert found.wanted == 8 and len(found.times) == 8
    assert all(start > clock() for start, _end in found.times)
    assert (await planner.wishes(person)).frequency == "twice_a_week"

    booked = await planner.book_proposal(person, TENANT)
    assert isinstance(booked, Booked) and booked.all_in_calendar
    assert [(s.start, s.end) for s in booked.sessions] == list(found.times)
    assert len(calendar.events) == 8
    assert {m.organizer.email for m in calendar.events.values()} == {EMAIL}

    assert await planner.book_proposal(person, TENANT) is None  # a second "Boka nu"
    assert len(calendar.events) == 8
    assert [s.start for s in await planner.upcoming(person)] == [s for s, _ in found.times]


async def test_times_the_calendar_refuses_are_kept_marked_not_in_the_calendar(
    database: Database, planner: WorkSessionPlanner, calendar: MemoryCalendar
) -> None:
    person = await leader(database)
    found = await planner.find_times(person, TENANT, ["morning"], "weekly")
    assert isinstance(found, Proposal) and len(found.times) == 4
    refused = found.times[1][0]
    calendar.refuse.add(refused)

    booked = await planner.book_proposal(person, TENANT)
    assert booked is not None and not booked.all_in_calendar
    kept = {s.start: s.in_calendar for s in await planner.upcoming(person)}
    assert kept == {start: start != refused for start, _end in found.times}
    assert len(calendar.events) == 3


async def test_an_unreadable_calendar_lets_the_leader_pick_days_and_a_time(
    database: Database, planner: WorkSessionPlanner, calendar: MemoryCalendar
) -> None:
    person = await leader(database)
    calendar.unreadable = True
    found = await planner.find_times(person, TENANT, ["morning"], "weekly")
    assert isinstance(found, CalendarUnreadable)
    assert await planner.book_proposal(person, TENANT) is None  # nothing was proposed

    calendar.unreadable = False  # reading failed; booking works again
    booked = await planner.book_by_hand(person, TENANT, [1, 3], time(8, 30))
    assert isinstance(booked, Booked) and booked.all_in_calendar
    assert len(booked.sessions) == 4  # weekly, as wished, over four weeks
    zone = ZoneInfo(CONTENT.organisation.time_zone)
    local = [s.start.astimezone(zone) for s in booked.sessions]
    assert {start.weekday() for start in local} <= {1, 3}
    assert {(start.hour, start.minute) for start in local} == {(8, 30)}


async def test_without_an_email_nothing_reaches_a_calendar(
    database: Database, planner: WorkSessionPlanner, calendar: MemoryCalendar
) -> None:
    person = await leader(database, email=None)
    assert await planner.needs_email(person)
    found = await planner.find_times(person, TENANT, ["morning"], "weekly")
    assert isinstance(found, CalendarUnreadable)
    booked = await planner.book_by_hand(person, TENANT, [0], time(9))
    assert isinstance(booked, Booked)
    assert booked.sessions and not any(s.in_calendar for s in booked.sessions)
    assert calendar.events == {}


async def test_days_and_time_by_hand_are_checked(
    database: Database, planner: WorkSessionPlanner
) -> None:
    person = await leader(database)
    rejected = await planner.book_by_hand(person, TENANT, [5, 6], time(20))
    assert rejected == ByHandRejected((), (WishProblem.NO_WEEKDAY, WishProblem.NO_TIME))
    rejected = await planner.book_by_hand(person, TENANT, [4, 2, 2], None)
    assert rejected == ByHandRejected((2, 4), (WishProblem.NO_TIME,))
    assert await planner.upcoming(person) == []


async def test_new_times_replace_only_the_times_still_ahead(
    database: Database, planner: WorkSessionPlanner, calendar: MemoryCalendar, clock: TestClock
) -> None:
    person = await leader(database)
    first = await planner.book_by_hand(person, TENANT, [0, 2], time(9))
    assert isinstance(first, Booked)
    ongoing, *ahead = first.sessions
    clock.move_to(ongoing.start + timedelta(minutes=10))  # the first session has begun

    second = await planner.book_by_hand(person, TENANT, [4], time(13))
    assert isinstance(second, Booked)
    assert calendar.cancelled == [s.event_id for s in ahead]  # not the one under way
    assert ongoing.event_id in calendar.events
    upcoming = await planner.upcoming(person)
    assert upcoming == [ongoing, *second.sessions]
