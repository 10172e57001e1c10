from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.clock import TestClock
from tests.harness import BotServer


@pytest.fixture
async def bot(database_url: str, clock: TestClock) -> AsyncIterator[BotServer]:
    async with BotServer(clock=clock, database_url=database_url) as server:
        yield server
