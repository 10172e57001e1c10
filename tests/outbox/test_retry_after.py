"""Retry-After in every form RFC 9110 and Microsoft use, from the fake connector over HTTP:
whole seconds, fractional seconds (`0.5`), an HTTP-date (measured from the response's `Date`,
so a server clock out of step with ours cannot make us retry early), and odd values (no crash).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.connector import BearerToken, ConnectorClient, SharedSession
from chat.delivery import DeliveryFailed
from chat.retry_after import MAX_SECONDS, parse_retry_after
from scheduling.rate_limits import RateLimiter
from scheduling.sender import OutboxSender
from storage.database import Database
from storage.outbox import Outbox
from tests.fakes.connector import FakeConnector
from tests.outbox.support import VirtualClock, channel, message, no_auth_messenger

HELLO = {"type": "message", "text": "Hej"}
# The connector's clock, an hour behind ours: only the response's own Date can place its date.
SERVER_NOW = datetime(2026, 3, 2, 7, 0, 0, tzinfo=UTC)


@pytest.fixture
async def session() -> AsyncIterator[SharedSession]:
    shared = SharedSession()
    yield shared
    await shared.close()


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


async def retry_after_answered(session: SharedSession, value: object) -> float | None:
    """What the bot's connector client makes of a 429 with `Retry-After: value`."""
    async with FakeConnector() as connector:
        connector.server_time = lambda: SERVER_NOW
        connector.fail_next(429, retry_after=value)  # type: ignore[arg-type]
        client = ConnectorClient(session, connector.url, BearerToken(None))
        with pytest.raises(DeliveryFailed) as throttled:
            await client.send("a:1", HELLO)
    assert throttled.value.status == 429
    return throttled.value.retry_after


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (3, 3.0),
        (0.5, 0.5),  # fractional, as Microsoft's services send it
        (SERVER_NOW + timedelta(seconds=30), 30.0),  # a date: 30 s after the response's Date
        (SERVER_NOW - timedelta(seconds=30), 0.0),  # a date already past: at once
        ("Monday, 02-Mar-26 07:00:12 GMT", 12.0),  # RFC 850, obsolete but allowed
        ("Mon Mar  2 07:00:07 2026", 7.0),  # asctime, ditto
    ],
)
async def test_the_connector_client_reads_every_documented_form(
    session: SharedSession, value: object, seconds: float
) -> None:
    assert await retry_after_answered(session, value) == seconds


@pytest.mark.parametrize("value", ["", "soon", "-1", "nan", "inf", "1e3", "0x10", "Mon, 99 Foo"])
async def test_odd_values_are_no_answer_and_no_crash(session: SharedSession, value: str) -> None:
    assert await retry_after_answered(session, value) is None


async def test_an_enormous_wait_is_a_week_not_an_overflow(session: SharedSession) -> None:
    assert await retry_after_answered(session, "9" * 400) == MAX_SECONDS


def test_a_date_without_the_responses_date_cannot_be_placed() -> None:
    assert parse_retry_after("Mon, 02 Mar 2026 07:00:30 GMT", None) is None
    assert parse_retry_after("Mon, 02 Mar 2026 07:00:30 GMT", "garbage") is None


@pytest.mark.parametrize(
    ("value", "at_least"),
    [
        (0.5, 0.5),
        (SERVER_NOW + timedelta(seconds=30), 30.0),
        ("9" * 400, MAX_SECONDS),  # honoured (capped), and the tick does not crash
    ],
)
async def test_the_sender_never_retries_earlier_than_asked(
    database: Database, clock: VirtualClock, value: object, at_least: float
) -> None:
    async with FakeConnector() as connector:
        connector.server_time = lambda: SERVER_NOW
        outbox = Outbox(database)
        target = await channel(database, connector.url, "19:g4@thread.tacv2")
        message_id = await outbox.enqueue(target, message("Hej"), idempotency_key="k")
        connector.fail_next(429, retry_after=value)  # type: ignore[arg-type]
        async with no_auth_messenger() as messenger:
            limiter = RateLimiter(clock=clock.monotonic, sleep=clock.sleep)
            sender = OutboxSender(outbox, messenger, limiter=limiter, clock=clock.now)
            report = await sender.tick()
    assert report.retried == 1
    row = await outbox.get(message_id)
    assert row is not None and row.state == "pending"
    waited = (row.next_attempt_at - clock.now()).total_seconds()
    assert at_least <= waited <= at_least * 1.1 + 0.001  # up to 10 % later spreads retries


@pytest.mark.parametrize(
    ("form", "header", "read"),
    [
        ("seconds", "1", 1.0),
        ("fractional", "0.75", 0.75),
        # Date 07:00:00 (the fraction dropped), so one second more than the whole wait
        ("date", "Mon, 02 Mar 2026 07:00:02 GMT", 2.0),
    ],
)
async def test_the_fakes_own_429s_come_in_each_form(
    session: SharedSession, form: str, header: str, read: float
) -> None:
    """The fake connector's limits (here 1 request/s for the app) answer in the form asked
    for, never shorter than the window needs (0.75 s here), and the client reads each."""
    seconds = 0.0
    async with FakeConnector(enforce_limits=True, app_limit=(1, 1), clock=lambda: seconds) as c:
        c.retry_after_form = form  # type: ignore[assignment]
        c.server_time = lambda: SERVER_NOW + timedelta(seconds=0.25)
        client = ConnectorClient(session, c.url, BearerToken(None))
        await client.send("a:1", HELLO)
        seconds = 0.25
        with pytest.raises(DeliveryFailed) as throttled:
            await client.send("a:2", HELLO)
    assert c.requests[1].response_headers["Retry-After"] == header
    assert c.requests[1].response_headers["Date"] == "Mon, 02 Mar 2026 07:00:00 GMT"
    assert throttled.value.retry_after == read
