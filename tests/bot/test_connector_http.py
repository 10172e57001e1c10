"""Connector clients on aiohttp: botbuilder's operations and errors, our transport and tokens."""

from __future__ import annotations

import pytest
from botbuilder.schema import Activity, ConversationAccount
from botframework.connector.models import ErrorResponseException

from bot.connector_http import ConnectorFailure, SharedSession, connector_client, failure_of
from tests.fakes.connector import FakeConnector


class Credentials:
    """Stands in for MicrosoftAppCredentials: an app id and a token source we control."""

    def __init__(self, *tokens: str, app_id: str | None = "11111111-2222-3333-4444-555555555555"):
        self.microsoft_app_id = app_id
        self._tokens = list(tokens)
        self.fetches = 0

    def get_access_token(self, force_refresh: bool = False) -> str:
        self.fetches += 1
        return self._tokens.pop(0) if len(self._tokens) > 1 else self._tokens[0]


def hello() -> Activity:
    return Activity(type="message", text="Hej!", conversation=ConversationAccount(id="a:1"))


async def test_replies_carry_the_bearer_token_and_reuse_it() -> None:
    session = SharedSession()
    credentials = Credentials("token-1")
    async with FakeConnector(require_auth="token-1") as connector:
        client = connector_client(credentials, connector.url, session)
        for _ in range(3):
            await client.conversations.send_to_conversation("a:1", hello())
    await session.close()

    assert [sent.body["text"] for sent in connector.sent] == ["Hej!"] * 3
    assert credentials.fetches == 1  # one token, cached between requests


async def test_a_401_fetches_a_new_token_for_the_next_request() -> None:
    session = SharedSession()
    credentials = Credentials("stale", "fresh")
    async with FakeConnector(require_auth="fresh") as connector:
        client = connector_client(credentials, connector.url, session)
        with pytest.raises(ErrorResponseException):
            await client.conversations.send_to_conversation("a:1", hello())
        await client.conversations.send_to_conversation("a:1", hello())
    await session.close()

    assert credentials.fetches == 2
    assert len(connector.sent) == 1


async def test_without_an_app_id_no_token_is_sent() -> None:
    session = SharedSession()
    async with FakeConnector() as connector:
        client = connector_client(Credentials("never", app_id=None), connector.url, session)
        await client.conversations.send_to_conversation("a:1", hello())
    await session.close()

    [request] = connector.requests
    assert "Authorization" not in request.headers


async def test_connector_errors_surface_as_botbuilder_errors() -> None:
    session = SharedSession()
    async with FakeConnector() as connector:
        connector.fail_next(404)
        connector.fail_next(429, retry_after=3)
        client = connector_client(Credentials("t", app_id=None), connector.url, session)
        with pytest.raises(ErrorResponseException) as gone:
            await client.conversations.send_to_conversation("a:gone", hello())
        with pytest.raises(ErrorResponseException) as throttled:
            await client.conversations.send_to_conversation("a:1", hello())
    await session.close()

    assert failure_of(gone.value) == ConnectorFailure(status=404, retry_after=None)
    assert failure_of(throttled.value) == ConnectorFailure(status=429, retry_after=3.0)
