"""Connector clients on aiohttp: botbuilder's operations and errors, our transport and tokens."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import RawTestServer
from botbuilder.schema import Activity, ConversationAccount
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import MicrosoftAppCredentials
from botframework.connector.models import ErrorResponseException
from msrest.exceptions import DeserializationError
from msrest.universal_http import ClientRequest
from msrest.universal_http.aiohttp import AioHttpClientResponse

from bot.connector_http import (
    TOKEN_REUSE,
    ConnectorFailure,
    SharedSession,
    connector_client,
    failure_of,
)
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


class Uptime:
    """A monotonic clock of a machine (or sandbox) that has just started: it reads 0 at first.

    CLOCK_MONOTONIC counts from an unspecified point, on Linux the boot; a fresh CI machine or
    sandbox reads a few seconds. The token cache must not depend on that.
    """

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def session() -> AsyncIterator[SharedSession]:
    """Closed after the test even when it fails, so no test leaves an unclosed session behind."""
    shared = SharedSession()
    yield shared
    await shared.close()


def hello() -> Activity:
    return Activity(type="message", text="Hej!", conversation=ConversationAccount(id="a:1"))


@asynccontextmanager
async def answering(status: int, body: bytes, content_type: str | None) -> AsyncIterator[str]:
    """A connector that answers every request with exactly this status, body and content type."""

    async def handler(request: web.BaseRequest) -> web.Response:
        await request.read()
        response = web.Response(status=status, body=body)
        if content_type is None:
            response.headers.pop("Content-Type", None)
        else:
            response.headers["Content-Type"] = content_type
        return response

    async with RawTestServer(handler, host="127.0.0.1") as server:
        yield f"http://127.0.0.1:{server.port}"


async def test_replies_carry_the_bearer_token_and_reuse_it(session: SharedSession) -> None:
    credentials = Credentials("token-1")
    async with FakeConnector(require_auth="token-1") as connector:
        client = connector_client(credentials, connector.url, session)
        for _ in range(3):
            await client.conversations.send_to_conversation("a:1", hello())

    assert [sent.body["text"] for sent in connector.sent] == ["Hej!"] * 3
    assert credentials.fetches == 1  # one token, cached between requests


async def test_a_401_fetches_a_new_token_for_the_next_request(session: SharedSession) -> None:
    credentials = Credentials("stale", "fresh")
    uptime = Uptime()  # a machine up for less than TOKEN_REUSE seconds
    async with FakeConnector(require_auth="fresh") as connector:
        client = connector_client(credentials, connector.url, session, clock=uptime)
        with pytest.raises(ErrorResponseException):
            await client.conversations.send_to_conversation("a:1", hello())
        uptime.now += 1
        await client.conversations.send_to_conversation("a:1", hello())

    assert credentials.fetches == 2
    assert len(connector.sent) == 1


async def test_a_token_is_fetched_again_after_token_reuse_seconds(session: SharedSession) -> None:
    credentials = Credentials("first", "second")
    uptime = Uptime()
    async with FakeConnector() as connector:
        client = connector_client(credentials, connector.url, session, clock=uptime)
        await client.conversations.send_to_conversation("a:1", hello())
        uptime.now += TOKEN_REUSE
        await client.conversations.send_to_conversation("a:1", hello())
        uptime.now += 1
        await client.conversations.send_to_conversation("a:1", hello())

    assert credentials.fetches == 2
    tokens = [r.has_auth for r in connector.requests]
    assert tokens == [True, True, True]


async def test_without_an_app_id_no_token_is_sent(session: SharedSession) -> None:
    async with FakeConnector() as connector:
        client = connector_client(Credentials("never", app_id=None), connector.url, session)
        await client.conversations.send_to_conversation("a:1", hello())

    [request] = connector.requests
    assert "Authorization" not in request.headers


async def test_connector_errors_surface_as_botbuilder_errors(session: SharedSession) -> None:
    async with FakeConnector() as connector:
        connector.fail_next(404)
        connector.fail_next(429, retry_after=3)
        client = connector_client(Credentials("t", app_id=None), connector.url, session)
        with pytest.raises(ErrorResponseException) as gone:
            await client.conversations.send_to_conversation("a:gone", hello())
        with pytest.raises(ErrorResponseException) as throttled:
            await client.conversations.send_to_conversation("a:1", hello())

    assert failure_of(gone.value) == ConnectorFailure(status=404, retry_after=None)
    assert failure_of(throttled.value) == ConnectorFailure(status=429, retry_after=3.0)


# -- any 2xx is a sent message ---------------------------------------------------------------


async def test_msrest_takes_an_empty_aiohttp_body_for_one_never_loaded() -> None:
    """The cause, on msrest's own response class: after load_body, b"" counts as "not loaded"
    (`if not self._body`), so its RawDeserializer fails on every 2xx without a body."""
    async with answering(202, b"", None) as url, aiohttp.ClientSession() as http:
        raw = await http.post(f"{url}/v3/conversations/a:1/activities", json={"type": "message"})
        response = AioHttpClientResponse(ClientRequest("POST", url), raw)
        await response.load_body()
        with pytest.raises(ValueError, match="Body is not available"):
            response.text()


SENDS = {
    "send": lambda c: c.conversations.send_to_conversation("a:1", hello()),
    "reply": lambda c: c.conversations.reply_to_activity("a:1", "1:1", hello()),
    "update": lambda c: c.conversations.update_activity("a:1", "1:1", hello()),
}
WITHOUT_ID = [
    (202, b"", None),  # the Agents Playground
    (200, b"", None),
    (201, b"", "application/json"),
    (202, b"Accepted", "text/plain"),
    (200, b"<html><body>OK</body></html>", "text/html"),
    (201, b"not json", "application/json"),
    (200, b'"ok"', "application/json"),
    (202, b"[]", "application/json"),
]


@pytest.mark.parametrize("operation", SENDS)
@pytest.mark.parametrize(("status", "body", "content_type"), WITHOUT_ID)
async def test_any_2xx_without_a_usable_body_is_sent_without_an_id(
    session: SharedSession, operation: str, status: int, body: bytes, content_type: str | None
) -> None:
    async with answering(status, body, content_type) as url:
        client = connector_client(Credentials("t", app_id=None), url, session)
        result = await SENDS[operation](client)

    assert result is None  # botbuilder turns it into ResourceResponse(id="") for sends


@pytest.mark.parametrize("operation", SENDS)
@pytest.mark.parametrize("status", [200, 201, 202])
async def test_a_2xx_with_an_id_gives_the_id(
    session: SharedSession, operation: str, status: int
) -> None:
    async with answering(status, b'{"id": "1:42"}', "application/json; charset=utf-8") as url:
        client = connector_client(Credentials("t", app_id=None), url, session)
        result = await SENDS[operation](client)

    assert result.id == "1:42"


async def test_a_delete_answered_without_a_body_is_done(session: SharedSession) -> None:
    async with answering(200, b"", None) as url:
        client = connector_client(Credentials("t", app_id=None), url, session)
        assert await client.conversations.delete_activity("a:1", "1:1") is None


@pytest.mark.parametrize(
    ("status", "body", "content_type"),
    [(404, b"", None), (502, b"<html>Bad Gateway</html>", "text/html"), (503, b"busy", None)],
)
async def test_an_error_without_a_json_body_still_carries_its_status(
    session: SharedSession, status: int, body: bytes, content_type: str | None
) -> None:
    async with answering(status, body, content_type) as url:
        client = connector_client(Credentials("t", app_id=None), url, session)
        with pytest.raises(ErrorResponseException) as failed:
            await client.conversations.send_to_conversation("a:1", hello())

    assert failure_of(failed.value).status == status


async def test_a_read_whose_body_is_not_json_still_fails(session: SharedSession) -> None:
    """For a GET the body is the answer: a roster that cannot be read is no empty roster."""
    async with answering(200, b"<html>members</html>", "application/json") as url:
        client = connector_client(Credentials("t", app_id=None), url, session)
        with pytest.raises(DeserializationError):
            await client.conversations.get_conversation_members("a:1")


async def test_the_stock_client_on_requests_takes_a_202_without_body_as_ours_does() -> None:
    """botframework's own client (msrest on `requests`) returns None here: the fault was only in
    msrest's aiohttp response, which our transport brought in."""
    async with (
        answering(202, b"", None) as url,
        ConnectorClient(MicrosoftAppCredentials.empty(), base_url=url) as stock,
    ):
        assert await stock.conversations.send_to_conversation("a:1", hello()) is None
