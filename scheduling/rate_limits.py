"""Teams' send limits, kept on our side so the connector rarely has to answer 429.

Sliding-window logs (exact, and small at these rates): a request may go when every window of
its conversation and of its tenant has room. Deterministic: the clock and the sleep are
injectable, so tests run limits in virtual time.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable, Sequence

Limits = tuple[tuple[float, int], ...]  # (window in seconds, most requests in it)

# Per bot per conversation: 7/1 s, 8/2 s, 60/30 s, 1,800/h; per app per tenant: 50 requests/s.
TEAMS_CONVERSATION_LIMITS: Limits = ((1, 7), (2, 8), (30, 60), (3600, 1800))
TEAMS_TENANT_LIMITS: Limits = ((1, 50),)


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
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._conversations: defaultdict[str, SlidingWindows] = defaultdict(
            lambda: SlidingWindows(conversation_limits, margin)
        )
        self._tenants: defaultdict[str, SlidingWindows] = defaultdict(
            lambda: SlidingWindows(tenant_limits, margin)
        )

    async def acquire(self, tenant_id: str, conversation_id: str) -> float:
        """Wait for room in both the tenant's and the conversation's windows; returns the wait."""
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

    def forget_idle(self) -> None:
        """Drop keys with no request left in any window (call now and then; bounded memory)."""
        now = self._clock()
        for table in (self._conversations, self._tenants):
            for key in list(table):
                table[key].wait_needed(now)  # prunes stamps older than every window
                if table[key].empty:
                    del table[key]
