"""pytest fixtures for the fakes (registered in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.fakes.connector import FakeConnector
from tests.fakes.graph import FakeGraph


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    """A running FakeConnector with an empty roster."""
    async with FakeConnector() as fake:
        yield fake


@pytest.fixture
async def fake_connector() -> AsyncIterator[FakeConnector]:
    """A running FakeConnector with the Agents Playground team (team-g4) on its roster."""
    async with FakeConnector() as connector:
        connector.add_playground_team()
        yield connector


@pytest.fixture
async def fake_graph() -> AsyncIterator[FakeGraph]:
    """A running FakeGraph with no mailboxes: every address is unknown until a test adds it."""
    async with FakeGraph() as graph:
        yield graph
