"""Bad input from the network gets a 4xx, never a 500; authentication whenever an app id is set."""

from __future__ import annotations

import aiohttp
import pytest

from tests.activities import JONAS, message
from tests.fakes.connector import FakeConnector
from tests.harness import BotServer

APP_ID = "11111111-2222-3333-4444-555555555555"


@pytest.mark.parametrize(
    ("body", "headers", "status"),
    [
        (b"{not json", {}, 400),
        (b'"just a string"', {}, 400),
        (b'{"text": "no type"}', {}, 400),
        (b'{"type": "message"}', {"Content-Type": "text/plain"}, 415),
        (b'{"type": "message", "from": 7}', {}, 400),
        (b'{"type": "message", "conversation": {"id": "a:1"}}', {}, 400),  # no serviceUrl
        (b'{"type": "message", "serviceUrl": "http://x", "conversation": 3}', {}, 400),
    ],
)
async def test_malformed_requests_get_4xx(
    bot: BotServer, body: bytes, headers: dict, status: int
) -> None:
    response = await bot.post(body, headers=headers)
    assert response.status == status


async def test_a_bogus_bearer_token_is_401_even_with_authentication_off(
    bot: BotServer, connector: FakeConnector
) -> None:
    response = await bot.post(
        message("hej", JONAS, connector.url), headers={"Authorization": "Bearer x.y.z"}
    )
    assert response.status == 401
    assert connector.sent == []


async def test_get_is_not_allowed(bot: BotServer) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{bot.url}/api/messages") as response,
    ):
        assert response.status == 405


async def test_with_an_app_id_requests_need_a_valid_token(
    database_url: str, connector: FakeConnector
) -> None:
    # A Teams host: with an app id a loopback service URL is refused before authentication.
    teams = "https://smba.trafficmanager.net/emea/"
    async with BotServer(database_url=database_url, app_id=APP_ID, app_password="secret") as bot:
        missing = await bot.post(message("hej", JONAS, teams))
        forged = await bot.post(
            message("hej", JONAS, teams),
            headers={"Authorization": "Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0."},
        )
    assert missing.status == 401
    assert forged.status == 401
    assert connector.sent == []
