"""The leader's work sessions: the times they set aside in their own calendar for the journey.

Wishes (parts of the day, how often) -> free times found in their calendar -> booked there; or,
when the calendar cannot be read, weekdays and a clock time chosen by hand (WorkSessionsBooked
is announced in the unit that stores them). New times replace
the ones still ahead: those are cancelled in the calendar; past ones stay as history. A time the
calendar refused is kept anyway, marked as not in the calendar.

What was proposed is stored, so booking it books exactly the times the leader saw, once.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from enum import Enum
from zoneinfo import ZoneInfo

from chat.caller import TeamsAccount
from clock import Clock
from content.models import Content
from scheduling.availability import (
    Attendee,
    CalendarError,
    CalendarProvider,
    MeetingRequest,
    WorkingHours,
)
from scheduling.sessions import SessionWish, manual_sessions, propose_sessions
from services.bus import EventBus
from services.events import WorkSessionsBooked
from services.organisation_time import organisation_hours
from storage.database import Database
from storage.directory import Directory
from storage.learning_plans import LearningPlans
from storage.work_sessions import BookedSession, WorkSessions

log = logging.getLogger(__name__)

Times = Sequence[tuple[datetime, datetime]]
WORKDAYS = range(5)  # Monday (0) to Friday: sessions by hand are on working days
EARLIEST, LATEST = time(7), time(19)  # the clock times a session by hand may start at


class WishProblem(Enum):
    NO_PART_OF_DAY = "no_part_of_day"
    NO_FREQUENCY = "no_frequency"
    NO_WEEKDAY = "no_weekday"
    NO_TIME = "no_time"  # missing, or outside EARLIEST..LATEST


@dataclass(frozen=True, slots=True)
class Wishes:
    """When the leader likes to work and how often (as far as answered)."""

    parts_of_day: tuple[str, ...] = ()
    frequency: str | None = None


@dataclass(frozen=True, slots=True)
class WishesRejected:
    """The wishes as far as they were valid, and what is missing."""

    wishes: Wishes
    problems: tuple[WishProblem, ...]


@dataclass(frozen=True, slots=True)
class CalendarUnreadable:
    """The leader's calendar cannot be read: they choose days and a time themselves."""


@dataclass(frozen=True, slots=True)
class Proposal:
    """Free times in the leader's calendar, stored until booked or replaced."""

    times: tuple[tuple[datetime, datetime], ...]
    wanted: int  # how many the wishes ask for over the planning horizon


@dataclass(frozen=True, slots=True)
class ByHandRejected:
    weekdays: tuple[int, ...]
    problems: tuple[WishProblem, ...]


@dataclass(frozen=True, slots=True)
class Booked:
    """The leader's new times, each in the calendar or kept here only."""

    sessions: tuple[BookedSession, ...]

    @property
    def all_in_calendar(self) -> bool:
        return all(session.in_calendar for session in self.sessions)


class WorkSessionPlanner:
    def __init__(
        self,
        content: Content,
        directory: Directory,
        calendars: CalendarProvider,
        plans: LearningPlans,
        sessions: WorkSessions,
        *,
        database: Database,
        events: EventBus,
        clock: Clock,
    ) -> None:
        self._content = content
        self._directory = directory
        self._calendars = calendars
        self._plans = plans
        self._sessions = sessions
        self._database = database
        self._events = events
        self._clock = clock

    # --- reading -----------------------------------------------------------------------------

    async def wishes(self, person_id: int) -> Wishes:
        plan = await self._plans.get(person_id)
        return Wishes(plan.parts_of_day, plan.frequency)

    async def upcoming(self, person_id: int) -> list[BookedSession]:
        """The leader's times not yet over, first first."""
        return await self._sessions.upcoming(person_id, self._clock())

    async def needs_email(self, person_id: int) -> bool:
        """Whether the calendar needs the leader's e-mail, which only Teams' roster may know."""
        person = await self._directory.person(person_id)
        return person is not None and not person.email

    async def remember_account(self, organisation_id: int, account: TeamsAccount) -> None:
        """Store what Teams says of the leader (their e-mail, for the calendar)."""
        await self._directory.person_id(organisation_id, account)

    # --- use cases ---------------------------------------------------------------------------

    async def find_times(
        self, person_id: int, tenant_id: str, parts_of_day: Sequence[str], frequency: str | None
    ) -> Proposal | CalendarUnreadable | WishesRejected:
        """Free times for these wishes in the leader's calendar; the wishes are kept."""
        content = self._content.for_tenant(tenant_id)
        wishes, problems = _checked_wishes(content, parts_of_day, frequency)
        if problems or wishes.frequency is None:
            return WishesRejected(wishes, problems)
        wish = _wish(content, wishes.parts_of_day, wishes.frequency)
        times = await self._free_times(person_id, wish, content)
        await self._plans.set_wishes(person_id, wishes.parts_of_day, wishes.frequency, times or ())
        if times is None:
            return CalendarUnreadable()
        return Proposal(tuple(times), wanted=_wanted(wish))

    async def book_proposal(self, person_id: int, tenant_id: str) -> Booked | None:
        """Book the times last proposed; None when there are none (booked already, a second
        click, or nothing proposed)."""
        proposal = await self._plans.take_proposal(person_id)
        if not proposal:
            return None
        return await self._book(person_id, tenant_id, proposal)

    async def book_by_hand(
        self, person_id: int, tenant_id: str, weekdays: Sequence[int], at: time | None
    ) -> Booked | ByHandRejected:
        """Sessions on these weekdays at this local time, as often as the leader wished."""
        content = self._content.for_tenant(tenant_id)
        days = tuple(sorted({day for day in weekdays if day in WORKDAYS}))
        problems = [] if days else [WishProblem.NO_WEEKDAY]
        if at is None or not EARLIEST <= at <= LATEST:
            problems.append(WishProblem.NO_TIME)
        if problems or at is None:
            return ByHandRejected(days, tuple(problems))
        plan = await self._plans.get(person_id)
        frequency = plan.frequency or content.journey.planning.frequencies[0].id
        wish = _wish(content, plan.parts_of_day, frequency)
        at = at.replace(second=0, microsecond=0)
        times = manual_sessions(days, at, wish, zone=_zone(content), now=self._clock())
        return await self._book(person_id, tenant_id, times)

    # --- the work ----------------------------------------------------------------------------

    async def _free_times(
        self, person_id: int, wish: SessionWish, content: Content
    ) -> list[tuple[datetime, datetime]] | None:
        """Free times in the leader's calendar; None when it cannot be read."""
        leader = await self._leader(person_id)
        if leader is None:
            return None
        now, zone = self._clock(), _zone(content)
        try:
            calendars = await self._calendars.read(
                [leader], now, now + timedelta(weeks=wish.weeks, days=2)
            )
        except CalendarError as error:
            log.warning("cannot read the calendar of person %s: %s", person_id, error)
            return None
        if not calendars.known:
            log.info("no calendar for person %s: %s", person_id, calendars.unknown[0].reason)
            return None
        # The leader chose the parts of the day themselves, evenings too: search all of them.
        availability = calendars.known[0]
        # A calendar's own working hours, else the organisation's ("inställningar", Tider).
        hours = _hours_for(wish, availability.working_hours or organisation_hours(content))
        slots = propose_sessions(
            replace(availability, working_hours=hours), wish, zone=zone, now=now
        )
        return [(slot.start, slot.end) for slot in slots]

    async def _book(self, person_id: int, tenant_id: str, times: Times) -> Booked:
        content = self._content.for_tenant(tenant_id)
        leader = await self._leader(person_id)
        # Side by side: Graph books them in parallel (within its own concurrency gate).
        event_ids = await asyncio.gather(
            *(self._in_calendar(leader, person_id, start, end, content) for start, end in times)
        )
        booked = tuple(
            BookedSession(start, end, event_id)
            for (start, end), event_id in zip(times, event_ids, strict=True)
        )
        now = self._clock()
        replaced = [s for s in await self._sessions.upcoming(person_id, now) if s.start > now]
        await self._cancel(leader, replaced)
        # The new times and what they complete (the onboarding's last step) commit together.
        async with self._database.unit_of_work():
            await self._sessions.replace_upcoming(person_id, now, booked)
            await self._events.publish(WorkSessionsBooked(person_id, tenant_id))
        log.info("person %s booked %d work sessions", person_id, len(booked))
        return Booked(booked)

    async def _in_calendar(
        self,
        leader: Attendee | None,
        person_id: int,
        start: datetime,
        end: datetime,
        content: Content,
    ) -> str | None:
        """The calendar event id of a booked session, or None when it could not be booked."""
        if leader is None:
            return None
        texts = content.onboarding.booking
        meeting = MeetingRequest(
            organizer=leader,
            attendees=(leader,),
            start=start,
            end=end,
            subject=texts.subject,
            body=texts.body,
            transaction_id=f"work-{person_id}-{int(start.timestamp())}",
            online=False,
        )
        try:
            return (await self._calendars.book(meeting)).event_id
        except CalendarError as error:
            log.warning("could not book a work session for person %s: %s", person_id, error)
            return None

    async def _cancel(self, leader: Attendee | None, replaced: Sequence[BookedSession]) -> None:
        for session in replaced:
            if leader is None or session.event_id is None:
                continue
            try:
                await self._calendars.cancel(leader, session.event_id)
            except CalendarError as error:
                log.warning("could not cancel work session %s: %s", session.event_id, error)

    async def _leader(self, person_id: int) -> Attendee | None:
        """The leader as a calendar attendee; None without an e-mail."""
        person = await self._directory.person(person_id)
        if person is None or not person.email:
            return None
        return Attendee(email=person.email, name=person.name)


def _zone(content: Content) -> ZoneInfo:
    return ZoneInfo(content.organisation.time_zone)


def _checked_wishes(
    content: Content, parts_of_day: Sequence[str], frequency: str | None
) -> tuple[Wishes, tuple[WishProblem, ...]]:
    known_parts = {part.id for part in content.parts_of_day}
    known_frequencies = {f.id for f in content.journey.planning.frequencies}
    parts = tuple(part for part in parts_of_day if part in known_parts)
    chosen = frequency if frequency in known_frequencies else None
    problems = []
    if not parts:
        problems.append(WishProblem.NO_PART_OF_DAY)
    if chosen is None:
        problems.append(WishProblem.NO_FREQUENCY)
    return Wishes(parts, chosen), tuple(problems)


def _wish(content: Content, parts: Sequence[str], frequency: str) -> SessionWish:
    texts = content.onboarding.booking
    return SessionWish(
        preferred_parts=tuple(content.part_of_day(part) for part in parts),
        sessions_per_week=content.journey.planning.frequency(frequency).sessions_per_week,
        duration=timedelta(minutes=texts.session_minutes),
        weeks=texts.weeks,
    )


def _wanted(wish: SessionWish) -> int:
    if wish.sessions_per_week >= 1:
        return round(wish.sessions_per_week) * wish.weeks
    return math.ceil(wish.weeks / round(1 / wish.sessions_per_week))


def _hours_for(wish: SessionWish, base: WorkingHours) -> WorkingHours:
    """Working hours stretched to the parts of the day the leader chose (working days only)."""
    starts = [part.start for part in wish.preferred_parts] + [base.start]
    ends = [part.end for part in wish.preferred_parts] + [base.end]
    return replace(base, start=min(starts), end=max(ends))
