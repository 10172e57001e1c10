"""The tests' clock: starts at a fixed instant, whatever day the suite runs on.

It moves on like real time (so leases, backoffs and "due now" behave as in production) and jumps
when a test says so (`advance`, `move_to`). What a test asserts depends only on the start it chose.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

# A Monday morning in Stockholm (08:00 local), with four ordinary working weeks ahead.
START = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)


class TestClock:
    __test__ = False  # not a test class, despite the name

    def __init__(self, start: datetime = START, *, ticking: bool = True) -> None:
        if start.tzinfo is None:
            raise ValueError("the clock starts at an aware datetime")
        self._start = start.astimezone(UTC)
        self._ticking = ticking
        self._began = time.monotonic()

    def __call__(self) -> datetime:
        elapsed = time.monotonic() - self._began if self._ticking else 0.0
        return self._start + timedelta(seconds=elapsed)

    def advance(self, delta: timedelta) -> None:
        self._start += delta

    def move_to(self, instant: datetime) -> None:
        """From now on the clock reads `instant` (and moves on from there)."""
        self._start = instant.astimezone(UTC)
        self._began = time.monotonic()
