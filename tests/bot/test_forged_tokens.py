"""Forged or odd bearer tokens are a 401 (PermissionError at the edge), never a 500.

The tokens are built here and the OpenID metadata and signing keys come from a local fake on
loopback, which botbuilder is pointed at through its public configuration names
(TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL and the other "parameterized" settings). The app's own
settings do not expose these (production uses the public cloud's), so the authentication is
tested here as the edge builds it, without the HTTP server in front (tests/bot/test_http_edge.py
covers PermissionError -> 401 over HTTP). The fake runs in a thread: botbuilder fetches the
metadata with a synchronous requests.get, which would block a fake on the test's own loop.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from typing import Any, ClassVar

import jwt
import pytest
from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity, ChannelAccount
from botframework.connector.auth import JwtTokenExtractor
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from bot.authentication import AuthenticationUnavailable, ReusingBotFrameworkAuthentication
from bot.openid import install_async_metadata

APP_ID = "11111111-2222-3333-4444-555555555555"
ISSUER = "https://api.botframework.com"
SERVICE_URL = "https://smba.trafficmanager.net/emea/"
KID = "channel-key"

CHANNEL_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


class _Metadata(BaseHTTPRequestHandler):
    keys: ClassVar[dict[str, Any]] = {}
    # The slow endpoint: the metadata answers once `release` is set (at most 5 s later).
    slow: ClassVar[bool] = False
    requested = threading.Event()
    release = threading.Event()

    def do_GET(self) -> None:
        if self.slow and self.path.startswith("/slow/"):
            type(self).requested.set()
            type(self).release.wait(timeout=5)
            self.path = self.path.removeprefix("/slow")
        host = f"http://127.0.0.1:{self.server.server_address[1]}"
        if self.path == "/.well-known/openidconfiguration":
            body = {"issuer": ISSUER, "jwks_uri": f"{host}/keys"}
        elif self.path == "/keys":
            body = self.keys
        else:
            self.send_error(404)
            return
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def metadata_url() -> Iterator[str]:
    jwk = json.loads(RSAAlgorithm.to_jwk(CHANNEL_KEY.public_key()))
    _Metadata.keys = {"keys": [{**jwk, "kid": KID, "use": "sig", "endorsements": ["msteams"]}]}
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Metadata)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/.well-known/openidconfiguration"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def _authentication(metadata_url: str) -> ReusingBotFrameworkAuthentication:
    config = SimpleNamespace(
        APP_ID=APP_ID,
        APP_PASSWORD="secret",
        APP_TYPE="MultiTenant",
        APP_TENANTID="",
        TO_CHANNEL_FROM_BOT_LOGIN_URL="https://login.microsoftonline.com/botframework.com",
        TO_CHANNEL_FROM_BOT_OAUTH_SCOPE="https://api.botframework.com",
        TO_BOT_FROM_CHANNEL_TOKEN_ISSUER=ISSUER,
        OAUTH_URL="https://api.botframework.com",
        TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL=metadata_url,
        TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL=metadata_url,
        CALLER_ID="urn:botframework:azure",
    )
    return ReusingBotFrameworkAuthentication(ConfigurationBotFrameworkAuthentication(config))


@pytest.fixture(params=["botbuilder-metadata", "async-metadata"])
def authentication(
    request: pytest.FixtureRequest, metadata_url: str
) -> Iterator[ReusingBotFrameworkAuthentication]:
    """Both ways of fetching the keys: botbuilder's own, and the edge's (bot.openid)."""
    saved = dict(JwtTokenExtractor.metadataCache)
    JwtTokenExtractor.metadataCache.pop(metadata_url, None)
    if request.param == "async-metadata":
        install_async_metadata([metadata_url])
    yield _authentication(metadata_url)
    JwtTokenExtractor.metadataCache.clear()
    JwtTokenExtractor.metadataCache.update(saved)


def _claims(**changes: object) -> dict[str, object]:
    # pyjwt checks exp against the real time; an hour either side is no timed assertion.
    now = int(time.time())
    claims: dict[str, object] = {
        "iss": ISSUER,
        "aud": APP_ID,
        "serviceurl": SERVICE_URL,
        "nbf": now - 60,
        "exp": now + 3600,
    }
    claims.update(changes)
    return claims


def _signed(key: Any, *, headers: dict[str, Any] | None = None, **claims: object) -> str:
    payload = {name: value for name, value in _claims(**claims).items() if value is not None}
    header = {"kid": KID} if headers is None else headers
    return jwt.encode(payload, key, algorithm="RS256", headers=header)


def _unsigned(header: dict[str, Any], claims: dict[str, object]) -> str:
    def part(value: object) -> str:
        return jwt.utils.base64url_encode(json.dumps(value).encode()).decode()

    return f"{part(header)}.{part(claims)}."


ACTIVITY = Activity(
    type="message",
    id="1",
    channel_id="msteams",
    service_url=SERVICE_URL,
    recipient=ChannelAccount(id="28:bot", role="bot"),
)

FORGED = {
    "signed-with-another-key": lambda: _signed(OTHER_KEY),
    "alg-none": lambda: _unsigned({"alg": "none", "kid": KID}, _claims()),
    "alg-none-without-kid": lambda: _unsigned({"alg": "none"}, _claims()),
    "hs256": lambda: jwt.encode(
        _claims(), "a-secret-of-the-attacker-32-bytes-long", algorithm="HS256", headers={"kid": KID}
    ),
    "no-kid": lambda: _signed(CHANNEL_KEY, headers={}),
    "unknown-kid": lambda: _signed(CHANNEL_KEY, headers={"kid": "nobody-knows-me"}),
    "expired": lambda: _signed(CHANNEL_KEY, exp=int(time.time()) - 3600),
    "other-audience": lambda: _signed(CHANNEL_KEY, aud="another-bot"),
    "other-service-url": lambda: _signed(CHANNEL_KEY, serviceurl="https://evil.example/"),
    "no-issuer": lambda: _signed(CHANNEL_KEY, iss=None),
    "not-a-jwt": lambda: "x.y.z",
    "kid-a-list": lambda: _unsigned({"alg": "RS256", "kid": ["a"]}, _claims()) + "c2ln",
}


async def test_a_token_signed_by_the_channel_key_is_accepted(
    authentication: ReusingBotFrameworkAuthentication,
) -> None:
    """The control: the fake metadata and the claims are right, so a refusal below is the
    forgery's doing."""
    result = await authentication.authenticate_request(ACTIVITY, f"Bearer {_signed(CHANNEL_KEY)}")
    assert result.claims_identity.get_claim_value("aud") == APP_ID


@pytest.mark.parametrize("forgery", list(FORGED))
async def test_forged_and_odd_tokens_are_refused_as_unauthorised(
    authentication: ReusingBotFrameworkAuthentication, forgery: str
) -> None:
    token = FORGED[forgery]()
    with pytest.raises(PermissionError):
        await authentication.authenticate_request(ACTIVITY, f"Bearer {token}")


async def test_a_slow_metadata_endpoint_does_not_block_the_event_loop(metadata_url: str) -> None:
    """While the keys are being fetched, other work on the loop (another request, /healthz)
    goes on: botbuilder's synchronous requests.get held the whole loop until it returned."""
    slow_url = metadata_url.replace("/.well-known/", "/slow/.well-known/")
    install_async_metadata([slow_url])
    _Metadata.slow = True
    _Metadata.requested.clear()
    _Metadata.release.clear()
    order: list[str] = []

    async def authenticate() -> None:
        authentication = _authentication(slow_url)
        await authentication.authenticate_request(ACTIVITY, f"Bearer {_signed(CHANNEL_KEY)}")
        order.append("authenticated")

    async def other_work() -> None:
        for _ in range(500):  # bounded: the fetch has begun (or the loop was blocked)
            if _Metadata.requested.is_set():
                break
            await asyncio.sleep(0.01)
        order.append("other work ran during the fetch")
        _Metadata.release.set()

    try:
        await asyncio.gather(authenticate(), other_work())
    finally:
        _Metadata.slow = False
        _Metadata.release.set()
        JwtTokenExtractor.metadataCache.pop(slow_url, None)
    assert order == ["other work ran during the fetch", "authenticated"]


async def test_unreachable_metadata_is_503_and_not_refetched_on_every_request() -> None:
    """Nothing listens on the port: the first request fails to fetch, the next ones within the
    retry pause do not try again (they fail at once as unavailable, never as a 500)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: connections are refused
    url = f"http://127.0.0.1:{port}/.well-known/openidconfiguration"
    install_async_metadata([url])
    metadata = JwtTokenExtractor.metadataCache[url]
    fetches = 0
    original = metadata._fetch

    async def counting_fetch() -> list[dict[str, Any]]:
        nonlocal fetches
        fetches += 1
        return await original()

    metadata._fetch = counting_fetch  # type: ignore[method-assign]
    try:
        for _ in range(3):
            with pytest.raises(AuthenticationUnavailable):
                await _authentication(url).authenticate_request(
                    ACTIVITY, f"Bearer {_signed(CHANNEL_KEY)}"
                )
    finally:
        JwtTokenExtractor.metadataCache.pop(url, None)
    assert fetches == 1
