"""A GraphCalendars talking to FakeGraph over real HTTP, with waits recorded instead of slept."""

from __future__ import annotations

import random
import time
from collections.abc import AsyncIterator
from zoneinfo import ZoneInfo

import pytest
from azure.core.credentials import AccessToken

from scheduling.calendars.graph import GraphCalendars, RetryPolicy, graph_calendars
from tests.fakes.graph import FakeGraph

STOCKHOLM = ZoneInfo("Europe/Stockholm")


class FakeCredential:
    """An azure-identity style async credential that hands out a fixed token."""

    def __init__(self, token: str = "graph-token") -> None:
        self.token = token
        self.scopes: list[tuple[str, ...]] = []
        self.closed = False

    async def get_token(self, *scopes: str, **kwargs: object) -> AccessToken:
        self.scopes.append(scopes)
        return AccessToken(self.token, int(time.time()) + 3600)

    async def close(self) -> None:
        self.closed = True


class RecordedSleep:
    """An injected sleep that remembers how long it was asked to wait and returns at once."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def make_calendars(
    fake: FakeGraph | str,
    sleep: RecordedSleep,
    credential: FakeCredential | None = None,
    **kwargs: object,
) -> GraphCalendars:
    return graph_calendars(
        base_url=fake if isinstance(fake, str) else fake.url + "/v1.0",
        credential=credential or FakeCredential(),
        zone=STOCKHOLM,
        sleep=sleep,
        rng=random.Random(7),
        retry=RetryPolicy(attempts=4, base_delay=1.0, max_delay=8.0),
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.fixture
def sleep() -> RecordedSleep:
    return RecordedSleep()


@pytest.fixture
async def calendars(fake_graph: FakeGraph, sleep: RecordedSleep) -> AsyncIterator[GraphCalendars]:
    provider = make_calendars(fake_graph, sleep)
    try:
        yield provider
    finally:
        await provider.close()
