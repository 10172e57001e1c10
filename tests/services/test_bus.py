"""The event bus: reactions run in subscription order, in the publisher's task."""

from __future__ import annotations

import asyncio

import pytest

from services.bus import EventBus
from services.events import MeetingBooked, MemberLeft


async def test_handlers_run_in_order_and_only_for_their_event() -> None:
    bus, seen = EventBus(), []

    async def first(event: MeetingBooked) -> None:
        seen.append(("first", event.meeting_id, asyncio.current_task()))

    async def second(event: MeetingBooked) -> None:
        seen.append(("second", event.meeting_id, asyncio.current_task()))

    async def never(event: MemberLeft) -> None:
        seen.append(("never", event.group_id, None))

    bus.subscribe(MeetingBooked, first)
    bus.subscribe(MeetingBooked, second)
    bus.subscribe(MemberLeft, never)
    await bus.publish(MeetingBooked(7))

    me = asyncio.current_task()
    assert seen == [("first", 7, me), ("second", 7, me)]  # the publisher's task: its unit


async def test_a_failing_reaction_fails_the_publisher() -> None:
    bus = EventBus()

    async def broken(event: MeetingBooked) -> None:
        raise RuntimeError("no preparation for you")

    bus.subscribe(MeetingBooked, broken)
    with pytest.raises(RuntimeError):
        await bus.publish(MeetingBooked(7))
