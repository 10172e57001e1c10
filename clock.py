"""The one source of "now": every part that needs the time is given a clock, never reads it.

A clock returns an aware datetime in UTC. The running bot uses `system_clock`; tests pass their
own, so nothing they assert depends on the day the suite happens to run.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeAlias

Clock: TypeAlias = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)
