"""Stopping the scheduler lets a tick in flight finish (its sends, its connection) first."""

from __future__ import annotations

import asyncio
from zoneinfo import ZoneInfo

from scheduling.scheduler import Scheduler

ZONE = ZoneInfo("Europe/Stockholm")


async def test_stop_waits_for_the_tick_in_flight_to_finish() -> None:
    started, release = asyncio.Event(), asyncio.Event()
    finished: list[str] = []

    async def tick() -> None:
        started.set()
        await release.wait()
        finished.append("done")

    scheduler = Scheduler(ZONE)
    scheduler.every("slow", 0.05, tick)
    scheduler.start()
    await asyncio.wait_for(started.wait(), timeout=10)

    stopping = asyncio.create_task(scheduler.stop(grace=10))
    await asyncio.sleep(0.1)
    assert not stopping.done(), "stop returned while a tick was still running"
    release.set()
    await asyncio.wait_for(stopping, timeout=10)

    assert finished == ["done"]
    assert not scheduler.running


async def test_a_tick_past_the_grace_is_cancelled_and_awaited() -> None:
    started = asyncio.Event()
    outcome: list[str] = []

    async def stuck() -> None:
        started.set()
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            outcome.append("cancelled")  # its cleanup ran before stop returned
            raise

    scheduler = Scheduler(ZONE)
    scheduler.every("stuck", 0.05, stuck)
    scheduler.start()
    await asyncio.wait_for(started.wait(), timeout=10)

    await asyncio.wait_for(scheduler.stop(grace=0.1), timeout=10)

    assert outcome == ["cancelled"]
    assert not scheduler.running
