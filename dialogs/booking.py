"""Setting aside time for the journey: wishes -> free times in the leader's calendar -> "Boka nu",
or days and a time picked by hand when the calendar cannot be read. Also "tidsplan".

What was proposed is stored, so "Boka nu" books exactly the times the leader saw, once.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from cards import booking as cards
from cards.booking import BookByHand, BookProposal, ChangeWishes, FindTimes, PickByHand
from cards.elements import Json
from chat.actions import CardActions
from chat.caller import Caller
from chat.commands import Command, CommandHandlers
from chat.turn import Turn
from clock import Clock
from content.dates import format_time_range_sv
from content.models import Content
from scheduling.availability import (
    Attendee,
    CalendarError,
    CalendarProvider,
    MeetingRequest,
    WorkingHours,
)
from scheduling.sessions import SessionWish, manual_sessions, propose_sessions
from storage.directory import Directory
from storage.learning_plans import LearningPlans
from storage.work_sessions import BookedSession, WorkSessions

log = logging.getLogger(__name__)

Times = Sequence[tuple[datetime, datetime]]
AfterBooking = Callable[[Turn, str], Awaitable[Json | None]]


class Booking:
    def __init__(
        self,
        content: Content,
        directory: Directory,
        calendars: CalendarProvider,
        plans: LearningPlans,
        sessions: WorkSessions,
        *,
        clock: Clock,
    ) -> None:
        self._content = content
        self._directory = directory
        self._calendars = calendars
        self._plans = plans
        self._sessions = sessions
        self._clock = clock
        # Set by the onboarding: the card to show once times are booked (its summary), or None.
        self.after_booking: AfterBooking | None = None

    def register(self, actions: CardActions, commands: CommandHandlers) -> None:
        actions.on(cards.FIND, FindTimes, self._on_find)
        actions.on(cards.BOOK, BookProposal, self._on_book)
        actions.on(cards.CHANGE, ChangeWishes, self._on_change)
        actions.on(cards.MANUAL, PickByHand, self._on_manual)
        actions.on(cards.BOOK_MANUAL, BookByHand, self._on_book_manual)
        commands.register(Command.SCHEDULE, self._on_schedule_command)

    async def wishes_card(self, caller: Caller) -> Json:
        plan = await self._plans.get(caller.person_id)
        return cards.wishes_card(
            self._content_for(caller), parts=plan.parts_of_day, frequency=plan.frequency
        )

    async def booked_times(self, caller: Caller) -> list[str]:
        """The leader's times ahead, as the Swedish lines the cards show."""
        content = self._content_for(caller)
        sessions = await self._sessions.upcoming(caller.person_id, self._clock())
        return [self._line(content, session) for session in sessions]

    # --- the cards' buttons ----------------------------------------------------------------

    async def _on_find(self, turn: Turn, payload: FindTimes) -> Json:
        caller = turn.caller
        content = self._content_for(caller)
        parts, frequency, errors = _wishes(content, payload)
        if errors or frequency is None:
            return cards.wishes_card(content, parts=parts, frequency=frequency, errors=errors)
        wish = self._wish(content, parts, frequency)
        leader = await self._leader(turn, caller)
        proposal = await self._propose(caller, leader, wish, content) if leader else None
        if proposal is None:
            await self._plans.set_wishes(caller.person_id, parts, frequency, ())
            return cards.manual_card(content, note=content.onboarding.booking.no_calendar)
        await self._plans.set_wishes(caller.person_id, parts, frequency, proposal)
        zone = _zone(content)
        times = [format_time_range_sv(start, end, zone) for start, end in proposal]
        return cards.proposal_card(content, times, wanted=_wanted(wish))

    async def _on_book(self, turn: Turn, _payload: BookProposal) -> Json:
        caller = turn.caller
        proposal = await self._plans.take_proposal(caller.person_id)
        if not proposal:  # booked already (a second click), or nothing proposed
            return await self._schedule_card(caller)
        return await self._book(turn, caller, proposal)

    async def _on_change(self, turn: Turn, _payload: ChangeWishes) -> Json:
        return await self.wishes_card(turn.caller)

    async def _on_manual(self, turn: Turn, _payload: PickByHand) -> Json:
        return cards.manual_card(self._content_for(turn.caller), note=None)

    async def _on_book_manual(self, turn: Turn, payload: BookByHand) -> Json:
        caller = turn.caller
        content = self._content_for(caller)
        weekdays, at, errors = _by_hand(content, payload)
        if errors:
            return cards.manual_card(
                content,
                note=None,
                weekdays=[str(d) for d in weekdays],
                at=payload.time,
                errors=errors,
            )
        plan = await self._plans.get(caller.person_id)
        wish = self._wish(content, plan.parts_of_day, plan.frequency or _default_frequency(content))
        times = manual_sessions(weekdays, at, wish, zone=_zone(content), now=self._clock())
        return await self._book(turn, caller, times)

    async def _on_schedule_command(self, turn: Turn) -> None:
        turn.show(await self._schedule_card(turn.caller))

    # --- the work ---------------------------------------------------------------------------

    async def _propose(
        self, caller: Caller, leader: Attendee, wish: SessionWish, content: Content
    ) -> list[tuple[datetime, datetime]] | None:
        """Free times in the leader's calendar; None when it cannot be read."""
        now, zone = self._clock(), _zone(content)
        try:
            calendars = await self._calendars.read(
                [leader], now, now + timedelta(weeks=wish.weeks, days=2)
            )
        except CalendarError as error:
            log.warning("cannot read the calendar of person %s: %s", caller.person_id, error)
            return None
        if not calendars.known:
            log.info("no calendar for person %s: %s", caller.person_id, calendars.unknown[0].reason)
            return None
        # The leader chose the parts of the day themselves, evenings too: search all of them.
        availability = calendars.known[0]
        hours = _hours_for(wish, availability.working_hours, zone)
        slots = propose_sessions(
            replace(availability, working_hours=hours), wish, zone=zone, now=now
        )
        return [(slot.start, slot.end) for slot in slots]

    async def _book(self, turn: Turn, caller: Caller, times: Times) -> Json:
        content = self._content_for(caller)
        texts = content.onboarding.booking
        leader = await self._leader(turn, caller)
        now = self._clock()
        # Side by side: Graph books them in parallel (within its own concurrency gate).
        event_ids = await asyncio.gather(
            *(self._in_calendar(leader, caller, start, end, content) for start, end in times)
        )
        booked = [
            BookedSession(start, end, event_id)
            for (start, end), event_id in zip(times, event_ids, strict=True)
        ]
        replaced = [
            s for s in await self._sessions.upcoming(caller.person_id, now) if s.start > now
        ]
        await self._cancel(leader, replaced)
        await self._sessions.replace_upcoming(caller.person_id, now, booked)
        log.info("person %s booked %d work sessions", caller.person_id, len(booked))
        note = texts.booked if all(s.in_calendar for s in booked) else texts.not_in_calendar
        if self.after_booking is not None:
            card = await self.after_booking(turn, note)
            if card is not None:
                return card
        return await self._schedule_card(caller, note=note)

    async def _in_calendar(
        self,
        leader: Attendee | None,
        caller: Caller,
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
            transaction_id=f"work-{caller.person_id}-{int(start.timestamp())}",
            online=False,
        )
        try:
            return (await self._calendars.book(meeting)).event_id
        except CalendarError as error:
            log.warning("could not book a work session for person %s: %s", caller.person_id, error)
            return None

    async def _cancel(self, leader: Attendee | None, replaced: Sequence[BookedSession]) -> None:
        for session in replaced:
            if leader is None or session.event_id is None:
                continue
            try:
                await self._calendars.cancel(leader, session.event_id)
            except CalendarError as error:
                log.warning("could not cancel work session %s: %s", session.event_id, error)

    async def _leader(self, turn: Turn, caller: Caller) -> Attendee | None:
        """The leader as a calendar attendee; the e-mail from Teams' roster when not yet known."""
        person = await self._directory.person(caller.person_id)
        if person is None:
            return None
        email = person.email
        if not email and turn.sender.aad_object_id:
            account = await turn.roster.member(turn.sender.teams_user_id)
            if account is not None and account.email:
                await self._directory.person_id(caller.organisation_id, account)
                email = account.email
        return Attendee(email=email, name=person.name) if email else None

    async def _schedule_card(self, caller: Caller, *, note: str | None = None) -> Json:
        times = await self.booked_times(caller)
        return cards.schedule_card(self._content_for(caller), times, note=note)

    def _wish(self, content: Content, parts: Sequence[str], frequency: str) -> SessionWish:
        texts = content.onboarding.booking
        return SessionWish(
            preferred_parts=tuple(content.part_of_day(part) for part in parts),
            sessions_per_week=content.journey.planning.frequency(frequency).sessions_per_week,
            duration=timedelta(minutes=texts.session_minutes),
            weeks=texts.weeks,
        )

    def _line(self, content: Content, session: BookedSession) -> str:
        line = format_time_range_sv(session.start, session.end, _zone(content))
        if not session.in_calendar:
            line += f" {content.onboarding.schedule.not_in_calendar_note}"
        return line

    def _content_for(self, caller: Caller) -> Content:
        return self._content.for_tenant(caller.tenant_id)


def _zone(content: Content) -> ZoneInfo:
    return ZoneInfo(content.organisation.time_zone)


def _wanted(wish: SessionWish) -> int:
    if wish.sessions_per_week >= 1:
        return round(wish.sessions_per_week) * wish.weeks
    return math.ceil(wish.weeks / round(1 / wish.sessions_per_week))


def _hours_for(wish: SessionWish, hours: WorkingHours | None, zone: ZoneInfo) -> WorkingHours:
    """Working hours stretched to the parts of the day the leader chose (weekdays only)."""
    base = hours or WorkingHours(zone=zone)
    starts = [part.start for part in wish.preferred_parts] + [base.start]
    ends = [part.end for part in wish.preferred_parts] + [base.end]
    return replace(base, start=min(starts), end=max(ends))


def _selected(value: str | None) -> list[str]:
    """A multi-select ChoiceSet's value, "a,b", as its items."""
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def _wishes(content: Content, payload: FindTimes) -> tuple[list[str], str | None, list[str]]:
    texts = content.onboarding.booking
    known_parts = {part.id for part in content.parts_of_day}
    known_frequencies = {f.id for f in content.journey.planning.frequencies}
    parts = [part for part in _selected(payload.parts_of_day) if part in known_parts]
    frequency = payload.frequency if payload.frequency in known_frequencies else None
    errors = []
    if not parts:
        errors.append(texts.parts_required)
    if frequency is None:
        errors.append(texts.frequency_required)
    return parts, frequency, errors


def _by_hand(content: Content, payload: BookByHand) -> tuple[list[int], time, list[str]]:
    texts = content.onboarding.booking
    weekdays = sorted(
        {int(day) for day in _selected(payload.weekdays) if day in {"0", "1", "2", "3", "4"}}
    )
    errors = [] if weekdays else [texts.weekdays_required]
    try:
        at = time.fromisoformat(payload.time or "")
    except ValueError:
        at = None
    if at is None or not time.fromisoformat(cards.EARLIEST) <= at <= time.fromisoformat(
        cards.LATEST
    ):
        errors.append(texts.time_required)
        at = time(9)
    return weekdays, at.replace(second=0, microsecond=0), errors


def _default_frequency(content: Content) -> str:
    return content.journey.planning.frequencies[0].id
