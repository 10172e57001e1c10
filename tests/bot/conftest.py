from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.harness import BotServer


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[BotServer]:
    async with BotServer(database_url=database_url) as server:
        yield server
