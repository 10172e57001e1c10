"""The tenant's 50 requests/s hold for the sends themselves, not only for the slots reserved.

Virtual time throughout: `Timeline` is a clock and a sleep for many concurrent tasks; it moves
only when every task waits, to the earliest wake-up. A stall of the event loop (every task due
in it wakes at its end, as on a busy machine) is simulated by `stall`.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools

from scheduling.rate_limits import (
    TEAMS_TENANT_LIMITS,
    TENANT_MARGIN,
    RateLimiter,
    pacing_interval,
)
from storage.send_budgets import from_now

TENANT = "tenant-a"
LIMIT = 50


class Timeline:
    """Virtual seconds for concurrent tasks; `stall` = (start, end): whoever is due to wake
    within it wakes only at its end."""

    def __init__(self, stall: tuple[float, float] | None = None) -> None:
        self.now = 0.0
        self._stall = stall
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        wake = self.now + max(seconds, 0.0)
        if self._stall is not None and self._stall[0] <= wake < self._stall[1]:
            wake = self._stall[1]
        future = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (wake, next(self._order), future))
        await future

    async def run(self, tasks: list[asyncio.Task[None]]) -> None:
        while not all(task.done() for task in tasks):
            for _ in range(20):  # let every runnable task reach its next sleep (no real I/O)
                await asyncio.sleep(0)
            if self._sleepers:
                wake, _, future = heapq.heappop(self._sleepers)
                self.now = max(self.now, wake)
                future.set_result(None)
        await asyncio.gather(*tasks)


class SlotBudget:
    """storage.send_budgets' arithmetic on the virtual clock: each reservation takes the
    tenant's next free slot, `interval` after the one before."""

    def __init__(self, timeline: Timeline, interval: float) -> None:
        self._timeline = timeline
        self._interval = interval
        self._next_free: dict[str, float] = {}
        self.reservations = 0  # slots handed out
        self.statements = 0  # round trips

    async def reserve(self, tenant_id: str) -> float:
        [wait] = await self.reserve_many([tenant_id])
        return wait

    async def reserve_many(self, tenant_ids: list[str]) -> list[float]:
        self.statements += 1
        now = self._timeline.clock()
        waits = []
        for tenant in tenant_ids:
            self.reservations += 1
            slot = max(self._next_free.get(tenant, now), now)
            self._next_free[tenant] = slot + self._interval
            waits.append(slot - now)
        await self._timeline.sleep(0.002)  # the answer's way back (longer in a stall)
        return [from_now(wait, self._timeline.clock() - now) for wait in waits]


def busiest_second(times: list[float]) -> int:
    """The most of `times` in any half-open window [t, t + 1)."""
    ordered = sorted(times)
    return max((sum(1 for u in ordered if t <= u < t + 1.0) for t in ordered), default=0)


async def send_through(
    timeline: Timeline, sends: int
) -> tuple[list[float], RateLimiter, SlotBudget]:
    """`sends` sends to one tenant, each to its own chat, all asked for at once; the moment
    each leaves (when `acquire` returns: the sender sends straight after)."""
    budget = SlotBudget(timeline, pacing_interval(TEAMS_TENANT_LIMITS, TENANT_MARGIN))
    limiter = RateLimiter(clock=timeline.clock, sleep=timeline.sleep, tenant_budget=budget)
    left: list[float] = []

    async def send(n: int) -> None:
        await limiter.acquire(TENANT, f"a:chat-{n}")
        left.append(timeline.clock())

    tasks = [asyncio.create_task(send(n)) for n in range(sends)]
    await timeline.run(tasks)
    return left, limiter, budget


async def test_on_time_sends_keep_their_slots() -> None:
    left, limiter, budget = await send_through(Timeline(), 120)

    assert len(left) == 120
    assert busiest_second(left) <= LIMIT
    assert limiter.forfeited == 0 and budget.reservations == 120  # one slot a send
    assert budget.statements == 1  # asked for together: one round trip for all


async def test_sends_woken_late_by_a_busy_loop_never_put_more_than_50_in_a_second() -> None:
    # A 200-ms stall: the nine slots within it would all leave at its end, on top of the 46
    # on-time slots of the second that follows (55 in one second; 51-55 measured before).
    left, limiter, budget = await send_through(Timeline(stall=(0.2, 0.4)), 120)

    assert len(left) == 120  # none lost: the late ones went later, on slots of their own
    assert busiest_second(left) <= LIMIT
    assert limiter.forfeited > 0  # the slots left more than LATE_AFTER late
    assert budget.reservations == 120 + limiter.forfeited


async def test_a_send_always_late_still_goes() -> None:
    # Every wake-up before t = 100 s is stalled to 100 s: the send gives its slots up a few
    # times, then goes with the last one rather than wait for ever.
    left, limiter, _ = await send_through(Timeline(stall=(0.0001, 100.0)), 2)

    assert len(left) == 2
    assert 1 <= limiter.forfeited <= 5
