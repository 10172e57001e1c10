"""Teams' send limits, kept on our side so the connector rarely has to answer 429.

Sliding-window logs (exact, and small at these rates): a request may go when every window of
its conversation and of its tenant has room. Deterministic: the clock and the sleep are
injectable, so tests run limits in virtual time.

The tenant's limit is per app, so replicas must share it: with a `TenantBudget` (PostgreSQL's
storage.send_budgets, or `RedisTenantBudget`) each send reserves the tenant's next slot there,
paced at the strictest tenant limit (widened by TENANT_MARGIN). A slot holds only if the send
leaves on time: a task that wakes more than `late_after` past its slot (a busy event loop, a
slow round trip) would land among the following slots and put 51 requests in one second, so it
gives the slot up and reserves a new one. A conversation's rows are sent by one claimer at a
time, so its windows stay in this process. If the shared budget cannot be reached the in-process
windows stand in (sending goes on; the connector's 429s are the backstop).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from storage.database import Database
from storage.send_budgets import PostgresTenantBudget, from_now

if TYPE_CHECKING:
    from redis.asyncio import Redis

log = logging.getLogger(__name__)

Limits = tuple[tuple[float, int], ...]  # (window in seconds, most requests in it)

# Per bot per conversation: 7/1 s, 8/2 s, 60/30 s, 1,800/h; per app per tenant: 50 requests/s.
TEAMS_CONVERSATION_LIMITS: Limits = ((1, 7), (2, 8), (30, 60), (3600, 1800))
TEAMS_TENANT_LIMITS: Limits = ((1, 50),)
# Shared slots are paced (1 s + TENANT_MARGIN) / 50 apart (45 a second); a send may leave up
# to LATE_AFTER after its slot, the rest of the margin is for the jitter on the way to Teams.
# Measured on two busy shared cores (benchmarks/national.py): with 60 ms (30 + 30) two replicas
# still put 51 requests in one tenant-second and gave up more slots than they used.
TENANT_MARGIN = 0.1
LATE_AFTER = 0.05
MAX_RESERVATIONS = 5  # a send whose slots all passed while it slept goes with its last one


def pacing_interval(limits: Sequence[tuple[float, int]], margin: float) -> float:
    """Seconds between two requests so that no window of `limits` (widened by `margin`) is
    ever over: evenly spaced at the strictest rate, there is never a burst to overflow one."""
    return max((window + margin) / most for window, most in limits)


class TenantBudget(Protocol):
    """A tenant's request budget shared by every replica of the app. A budget that can also
    `reserve_many(tenant_ids) -> list[float]` (one slot per entry, in one round trip) is asked
    for the slots of every send waiting at once."""

    async def reserve(self, tenant_id: str) -> float:
        """Take the tenant's next free slot; seconds from now until it starts (0 or less: it
        began that long ago), as storage.send_budgets.from_now counts them."""
        ...


class SlidingWindows:
    """One key's request times against several (window, most) limits."""

    def __init__(self, limits: Sequence[tuple[float, int]], margin: float) -> None:
        self.limits: Limits = tuple((window + margin, most) for window, most in limits)
        self._horizon = max(window for window, _ in self.limits)
        self._stamps: deque[float] = deque()

    def wait_needed(self, now: float) -> float:
        """Seconds until one more request fits every window (0 if it fits now)."""
        while self._stamps and self._stamps[0] <= now - self._horizon:
            self._stamps.popleft()
        wait = 0.0
        count = len(self._stamps)
        for window, most in self.limits:
            if count < most:
                continue
            # The `most`-th most recent stamp must leave the window first.
            oldest_that_matters = self._stamps[count - most]
            inside = oldest_that_matters > now - window
            if inside:
                wait = max(wait, oldest_that_matters + window - now)
        return wait

    def record(self, now: float) -> None:
        self._stamps.append(now)

    @property
    def empty(self) -> bool:
        return not self._stamps


class RateLimiter:
    """`await acquire(tenant, conversation)` returns when a send may go, and counts it.

    `margin` widens every window a little: the connector measures arrival times, which jitter.
    """

    def __init__(
        self,
        *,
        conversation_limits: Sequence[tuple[float, int]] = TEAMS_CONVERSATION_LIMITS,
        tenant_limits: Sequence[tuple[float, int]] = TEAMS_TENANT_LIMITS,
        margin: float = 0.02,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
        tenant_budget: TenantBudget | None = None,
        late_after: float = LATE_AFTER,
    ) -> None:
        self._clock = clock
        self._budget = tenant_budget
        self._late_after = late_after
        self.forfeited = 0  # shared slots given up because the send would have left too late
        # Sends waiting for a shared slot, answered together by one reservation at a time.
        self._asking: list[tuple[str, asyncio.Future[float]]] = []
        self._reserver: asyncio.Task[None] | None = None
        self._budget_reachable = True
        self._sleep = sleep
        self._conversations: defaultdict[str, SlidingWindows] = defaultdict(
            lambda: SlidingWindows(conversation_limits, margin)
        )
        self._tenants: defaultdict[str, SlidingWindows] = defaultdict(
            lambda: SlidingWindows(tenant_limits, margin)
        )

    async def acquire(self, tenant_id: str, conversation_id: str) -> float:
        """Wait for room in both the tenant's and the conversation's windows; returns the wait."""
        if self._budget is not None:
            return await self._acquire_shared(self._budget, tenant_id, conversation_id)
        return await self._acquire_local(tenant_id, conversation_id)

    async def _acquire_shared(
        self, budget: TenantBudget, tenant_id: str, conversation_id: str
    ) -> float:
        """The conversation's room first (only this task sends to it), then the tenant's slot:
        a reserved slot is gone for every replica, so it is taken only when it can be used, and
        used only on time."""
        started = self._clock()
        conversation = self._conversations[conversation_id]
        for _ in range(MAX_RESERVATIONS):
            while (wait := conversation.wait_needed(self._clock())) > 0:
                await self._sleep(wait)
            try:
                slot = await self._reserve(budget, tenant_id)  # never later than the real one
            except Exception as error:  # an unreachable budget must not stop sending
                self._budget_failed(error)
                await self._acquire_local(tenant_id, conversation_id)
                return self._clock() - started
            self._budget_answered()
            if (wait := slot - self._clock()) > 0:
                await self._sleep(wait)
            if self._clock() - slot <= self._late_after:
                break
            self.forfeited += 1  # a late wake-up or a slow answer: the slot has passed
        conversation.record(self._clock())
        return self._clock() - started

    async def _reserve(self, budget: TenantBudget, tenant_id: str) -> float:
        """The tenant's next slot, on this process's clock. Sends asking while a reservation
        is on its way are answered by the next one, together: under load one round trip
        serves them all (the round trips, not the CPU, bounded the sends per second)."""
        answer: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self._asking.append((tenant_id, answer))
        if self._reserver is None or self._reserver.done():
            self._reserver = asyncio.create_task(self._reserve_asked(budget))
        return await answer

    async def _reserve_asked(self, budget: TenantBudget) -> None:
        many = getattr(budget, "reserve_many", None)
        while self._asking:
            asking, self._asking = self._asking, []
            tenants = [tenant for tenant, _ in asking]
            try:
                if many is not None:
                    waits: list[float] = await many(tenants)
                else:
                    waits = [await budget.reserve(tenant) for tenant in tenants]
            except Exception as error:
                for _, answer in asking:
                    if not answer.done():
                        answer.set_exception(error)
                continue
            now = self._clock()
            for (_, answer), wait in zip(asking, waits, strict=True):
                if not answer.done():  # its send was cancelled meanwhile: the slot goes unused
                    answer.set_result(now + wait)

    def _budget_failed(self, error: Exception) -> None:
        if self._budget_reachable:  # once per outage, not once per message
            log.warning(
                "shared send budget unreachable (%s: %s); pacing in this process",
                type(error).__name__,
                error,
            )
        self._budget_reachable = False

    def _budget_answered(self) -> None:
        if not self._budget_reachable:
            log.warning("shared send budget reachable again")
        self._budget_reachable = True

    async def _acquire_local(self, tenant_id: str, conversation_id: str) -> float:
        waited = 0.0
        while True:
            now = self._clock()
            conversation = self._conversations[conversation_id]
            tenant = self._tenants[tenant_id]
            wait = max(conversation.wait_needed(now), tenant.wait_needed(now))
            if wait <= 0:
                # No await between the check and the record: nobody else can take the room.
                conversation.record(now)
                tenant.record(now)
                return waited
            waited += wait
            await self._sleep(wait)

    async def close(self) -> None:
        """Let go of the shared budget's connection (Redis), if it holds one."""
        close = getattr(self._budget, "close", None)
        if close is not None:
            await close()

    def forget_idle(self) -> None:
        """Drop keys with no request left in any window (call now and then; bounded memory)."""
        now = self._clock()
        for table in (self._conversations, self._tenants):
            for key in list(table):
                table[key].wait_needed(now)  # prunes stamps older than every window
                if table[key].empty:
                    del table[key]


# The slot reservation, atomically in Redis (one round trip; Redis's own clock, so replicas on
# machines whose clocks differ still agree). The value is the tenant's next free moment in
# seconds; it expires once it is in the past, so idle tenants leave nothing behind.
_RESERVE_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local interval = tonumber(ARGV[1])
local next_free = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now) + interval
redis.call('SET', KEYS[1], string.format('%.6f', next_free), 'PX',
           math.ceil((next_free - now) * 1000) + 1000)
return string.format('%.6f', next_free - interval - now)
"""


class RedisTenantBudget:
    """The tenant budget in Redis (REDIS_URL), for replicas that share one."""

    def __init__(
        self,
        redis: Redis,
        *,
        tenant_limits: Sequence[tuple[float, int]] = TEAMS_TENANT_LIMITS,
        margin: float = TENANT_MARGIN,
        prefix: str = "expeditionsboten:send-budget:",
    ) -> None:
        self._redis = redis
        self._interval = pacing_interval(tenant_limits, margin)
        self._prefix = prefix
        self._script = redis.register_script(_RESERVE_SCRIPT)

    async def reserve(self, tenant_id: str) -> float:
        asked = time.monotonic()
        answer = await self._script(keys=[self._prefix + tenant_id], args=[self._interval])
        return from_now(float(answer), time.monotonic() - asked)

    async def reserve_many(self, tenant_ids: Sequence[str]) -> list[float]:
        """Each entry's slot; the scripts run in one pipeline (one round trip)."""
        asked = time.monotonic()
        async with self._redis.pipeline(transaction=False) as pipe:
            for tenant in tenant_ids:
                await self._script(keys=[self._prefix + tenant], args=[self._interval], client=pipe)
            answers = await pipe.execute()
        elapsed = time.monotonic() - asked
        return [from_now(float(answer), elapsed) for answer in answers]

    async def close(self) -> None:
        await self._redis.aclose()


def shared_tenant_budget(
    database: Database,
    redis_url: str = "",
    *,
    tenant_limits: Sequence[tuple[float, int]] = TEAMS_TENANT_LIMITS,
    margin: float = TENANT_MARGIN,
) -> TenantBudget | None:
    """Where replicas share the tenant's budget: Redis when configured, else PostgreSQL; None
    on SQLite (one process: the in-process windows are exact there)."""
    if redis_url:
        from redis.asyncio import Redis  # optional: only installations with REDIS_URL need it

        return RedisTenantBudget(
            Redis.from_url(redis_url, socket_timeout=2, socket_connect_timeout=2),
            tenant_limits=tenant_limits,
            margin=margin,
        )
    if database.is_sqlite:
        return None
    return PostgresTenantBudget(database, pacing_interval(tenant_limits, margin))
