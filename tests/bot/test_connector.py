"""The Bot Connector client: plain JSON over aiohttp, tokens reused, failures typed."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.connector import BearerToken, ConnectorClient, SharedSession
from chat.delivery import DeliveryFailed
from tests.fakes.connector import FakeConnector


class Credentials:
    """Stands in for MicrosoftAppCredentials: a token source we control."""

    def __init__(self, *tokens: str) -> None:
        self._tokens = list(tokens)
        self.fetches = 0

    def get_access_token(self, force_refresh: bool = False) -> str:
        self.fetches += 1
        return self._tokens.pop(0) if len(self._tokens) > 1 else self._tokens[0]


HELLO = {"type": "message", "text": "Hej!"}


@pytest.fixture
async def session() -> AsyncIterator[SharedSession]:
    shared = SharedSession()
    yield shared
    await shared.close()


async def test_messages_carry_the_bearer_token_and_reuse_it(session: SharedSession) -> None:
    credentials = Credentials("token-1")
    async with FakeConnector(require_auth="token-1") as connector:
        client = ConnectorClient(session, connector.url, BearerToken(credentials))
        for _ in range(3):
            await client.send("a:1", HELLO)

    assert [sent.body["text"] for sent in connector.sent] == ["Hej!"] * 3
    assert credentials.fetches == 1  # one token, cached between requests


async def test_a_401_fetches_a_new_token_for_the_next_request(session: SharedSession) -> None:
    # However long the machine has been up: a rejected token is never reused.
    credentials = Credentials("stale", "fresh")
    async with FakeConnector(require_auth="fresh") as connector:
        client = ConnectorClient(session, connector.url, BearerToken(credentials))
        with pytest.raises(DeliveryFailed) as rejected:
            await client.send("a:1", HELLO)
        await client.send("a:1", HELLO)

    assert rejected.value.status == 401
    assert credentials.fetches == 2
    assert len(connector.sent) == 1


async def test_without_credentials_no_token_is_sent(session: SharedSession) -> None:
    async with FakeConnector() as connector:
        client = ConnectorClient(session, connector.url, BearerToken(None))
        await client.send("a:1", HELLO)

    [request] = connector.requests
    assert "Authorization" not in request.headers


async def test_failures_say_the_status_and_retry_after(session: SharedSession) -> None:
    async with FakeConnector() as connector:
        connector.fail_next(404)
        connector.fail_next(429, retry_after=3)
        client = ConnectorClient(session, connector.url, BearerToken(None))
        with pytest.raises(DeliveryFailed) as gone:
            await client.send("a:gone", HELLO)
        with pytest.raises(DeliveryFailed) as throttled:
            await client.send("a:1", HELLO)

    assert (gone.value.status, gone.value.retry_after) == (404, None)
    assert "ConversationNotFound" in str(gone.value)
    assert (throttled.value.status, throttled.value.retry_after) == (429, 3.0)


async def test_a_connection_refused_is_a_failure_without_status(session: SharedSession) -> None:
    async with FakeConnector() as connector:
        url = connector.url
    client = ConnectorClient(session, url, BearerToken(None))  # nobody listens there any more
    with pytest.raises(DeliveryFailed) as refused:
        await client.send("a:1", HELLO)
    assert refused.value.status is None


async def test_replies_and_edits_use_the_documented_paths(session: SharedSession) -> None:
    async with FakeConnector() as connector:
        client = ConnectorClient(session, connector.url, BearerToken(None))
        sent_id = await client.reply("a:1", "incoming-7", HELLO)
        assert sent_id is not None
        await client.update("a:1", sent_id, {"type": "message", "text": "Hej igen!"})

    paths = [(r.method, r.path) for r in connector.requests]
    assert paths == [
        ("POST", "/v3/conversations/a:1/activities/incoming-7"),
        ("PUT", f"/v3/conversations/a:1/activities/{sent_id}"),
    ]
