"""Booking a meeting is recoverable: whatever fails or dies, it ends booked once or proposed
again, never stuck in "booking" (the group told either way)."""

from __future__ import annotations

import contextlib
import logging
from datetime import timedelta
from typing import Any

import aiohttp
import pytest
from sqlalchemy import select

from scheduling.availability import Booking, CalendarProvider, MeetingRequest
from storage.team_models import TeamMeeting
from tests.card_schema import card_texts
from tests.clock import TestClock
from tests.team.conftest import Channel, installed_and_introduced
from tests.team.test_meetings import CONFIRM, invitations

PAST_THE_LEASE = timedelta(minutes=3)


class Died(BaseException):
    """The process ending at this point: no handler of ours runs after it (not an Exception)."""


class Failing:
    """The real calendars, failing the first `times` bookings: before writing (`before`),
    after writing (`after`), or by dying (`die`)."""

    def __init__(self, real: CalendarProvider, how: str, times: int) -> None:
        self._real, self._how, self._left = real, how, times
        self.calls = 0

    async def book(self, meeting: MeetingRequest) -> Booking:
        self.calls += 1
        if self._left <= 0:
            return await self._real.book(meeting)
        self._left -= 1
        if self._how == "after":
            await self._real.book(meeting)
            raise RuntimeError("the calendar wrote some events, then the connection broke")
        if self._how == "die":
            raise Died
        raise RuntimeError("calendar service exploded")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


def failing(channel: Channel, how: str, times: int) -> Failing:
    planner = channel.bot.services.planner
    wrapper = Failing(planner._calendars, how, times)
    planner._calendars = wrapper  # type: ignore[assignment]  (the test's calendar)
    return wrapper


async def meeting_state(channel: Channel) -> str:
    async with channel.bot.services.database.sessions() as session:
        state = await session.scalar(select(TeamMeeting.state).where(TeamMeeting.number == 1))
    assert state is not None
    return state


async def confirm_all(channel: Channel, proposal: dict[str, Any]) -> None:
    for person in channel.members:
        # When the booking dies with the process, so does the last click's HTTP request.
        with contextlib.suppress(aiohttp.ServerDisconnectedError):
            await channel.click(person, proposal, CONFIRM)


@pytest.mark.parametrize("how", ["before", "after", "die"])
async def test_a_booking_that_fails_or_dies_is_finished_once_after_its_lease(
    channel: Channel, clock: TestClock, how: str, caplog: pytest.LogCaptureFixture
) -> None:
    proposal = await installed_and_introduced(channel)
    calendar = failing(channel, how, times=1)
    caplog.set_level(logging.INFO)

    await confirm_all(channel, proposal)
    assert await meeting_state(channel) == "booking"  # held by the failed attempt's lease

    planner = channel.bot.services.planner
    await planner.recover_bookings()  # the lease has not run out: nobody takes over yet
    assert calendar.calls == 1
    clock.advance(PAST_THE_LEASE)
    await planner.recover_bookings()

    assert await meeting_state(channel) == "booked"
    assert len(invitations(channel)) == 1  # the same transaction id: booked once in all
    assert len([r for r in caplog.records if "booked at" in r.getMessage()]) == 1
    await channel.deliver()
    assert any("Bokat!" in card_texts(card) for card in channel.cards())


async def test_a_booking_that_keeps_failing_is_proposed_again_and_the_group_told(
    channel: Channel, clock: TestClock
) -> None:
    proposal = await installed_and_introduced(channel)
    calendar = failing(channel, "before", times=10)
    await confirm_all(channel, proposal)
    planner = channel.bot.services.planner

    for _ in range(4):  # the first try, then three take-overs, then it gives up
        clock.advance(PAST_THE_LEASE)
        await planner.recover_bookings()

    assert calendar.calls == 3
    assert await meeting_state(channel) == "proposing"
    await channel.deliver()
    texts = [card_texts(card) for card in channel.cards()]
    assert any("Jag lyckades inte boka tiden ni valde" in text for text in texts)
    clock.advance(PAST_THE_LEASE)
    await planner.recover_bookings()  # nothing left to recover
    assert calendar.calls == 3
