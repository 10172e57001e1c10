"""Outbound calls to the Bot Connector over one shared aiohttp session, not `requests` in threads.

botbuilder's ConnectorClient sends every reply through msrest's `requests` driver on a worker
thread. msrest's pipeline is public and pluggable, so the clients built here keep botbuilder's
ConnectorClient (its operations, models and errors) and swap only the last hop: a driver on an
aiohttp session with keep-alive connections, and a bearer-token policy.

Tokens: the credentials (MSAL underneath) cache and renew tokens themselves, but the call blocks,
so it runs in a thread, at most every TOKEN_REUSE seconds; a 401 from the connector refreshes it.

Answers: any 2xx is a delivered activity. The Connector API allows 200, 201 and 202 for sends,
replies and updates, with an optional id; the Agents Playground answers 202 with no body at all.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
from botframework.connector import BotFrameworkConnectorConfiguration
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import AuthenticationConstants
from msrest.exceptions import HttpOperationError
from msrest.pipeline import AsyncHTTPPolicy, AsyncPipeline, Request, Response
from msrest.pipeline.aiohttp import AioHTTPSender
from msrest.pipeline.universal import RawDeserializer
from msrest.universal_http import ClientRequest
from msrest.universal_http.aiohttp import AioHttpClientResponse
from msrest.universal_http.async_abc import AsyncHTTPSender

USER_AGENT = "Expeditionsboten (botbuilder-python 4.17.1; aiohttp)"
TOKEN_REUSE = 600.0  # seconds; Bot Framework tokens live about an hour
TIMEOUT = aiohttp.ClientTimeout(total=30, connect=10)


class SharedSession:
    """One aiohttp session for all connector clients of an app, opened on first use."""

    def __init__(self) -> None:
        self._session: aiohttp.ClientSession | None = None

    def get(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=TIMEOUT, connector=aiohttp.TCPConnector(limit=100, limit_per_host=50)
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


class _AiohttpDriver(AsyncHTTPSender):
    def __init__(self, session: SharedSession) -> None:
        self._session = session

    async def __aenter__(self) -> _AiohttpDriver:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None  # the session outlives every request; SharedSession closes it

    async def send(self, request: ClientRequest, **config: Any) -> AioHttpClientResponse:
        raw = await self._session.get().request(
            request.method, request.url, headers=dict(request.headers), data=request.data
        )
        return _LoadedResponse(request, raw, await raw.read())


class _LoadedResponse(AioHttpClientResponse):
    """msrest's aiohttp response with its body read up front.

    msrest's own `body()` tests `if not self._body`, so a loaded empty body (b"", a 202 without
    content) raises "Body is not available" in its RawDeserializer: every such reply failed.
    """

    def __init__(self, request: ClientRequest, raw: aiohttp.ClientResponse, body: bytes) -> None:
        super().__init__(request, raw)
        self._content = body

    def body(self) -> bytes:
        return self._content

    async def load_body(self) -> None:
        return None  # read in the driver already


class _TolerantDeserializer(RawDeserializer):
    """msrest's RawDeserializer, but the status decides when the body cannot be read.

    A write (POST, PUT, DELETE) answers at most an object with an id, which is optional: a 2xx
    whose body is not JSON, or JSON but no object, is accepted without an id. An error keeps its
    status (an HttpOperationError for the caller's retry rules) even with an HTML body from a
    proxy. Only a successful read (GET), where the body is the answer, still fails on it.
    """

    def on_response(self, request: Request, response: Response, **kwargs: Any) -> None:
        try:
            super().on_response(request, response, **kwargs)
        except ValueError:  # DeserializationError (not JSON, an unknown type) or not UTF-8
            if _answers_a_read(request, response):
                raise
            response.context[self.CONTEXT_NAME] = None
            return
        data = response.context.get(self.CONTEXT_NAME)
        if _is_write(request) and _succeeded(response) and not isinstance(data, dict | None):
            response.context[self.CONTEXT_NAME] = None


def _is_write(request: Request) -> bool:
    return request.http_request.method.upper() != "GET"


def _succeeded(response: Response) -> bool:
    return 200 <= response.http_response.status_code < 300


def _answers_a_read(request: Request, response: Response) -> bool:
    return not _is_write(request) and _succeeded(response)


class _BearerToken(AsyncHTTPPolicy):
    def __init__(self, credentials: Any, clock: Callable[[], float]) -> None:
        super().__init__()
        self._credentials = credentials
        self._clock = clock
        self._token: str | None = None
        self._fetched_at = 0.0
        app_id = getattr(credentials, "microsoft_app_id", None)
        # No app id (local development) or an anonymous skill: botbuilder sends no token either.
        self._signs = bool(app_id) and app_id != AuthenticationConstants.ANONYMOUS_SKILL_APP_ID

    async def send(self, request: Request, **kwargs: Any) -> Response:
        if not self._signs:
            return await self.next.send(request, **kwargs)
        token = await self._token_now()
        request.http_request.headers["Authorization"] = f"Bearer {token}"
        response = await self.next.send(request, **kwargs)
        if response.http_response.status_code == 401 and self._token == token:
            # Revoked or rotated: fetch afresh next time. Forgetting the token, not backdating
            # its time, works whatever the monotonic clock reads (it may start near 0).
            self._token = None
        return response

    async def _token_now(self) -> str:
        if self._token is None or self._clock() - self._fetched_at >= TOKEN_REUSE:
            self._token = await asyncio.to_thread(self._credentials.get_access_token)
            self._fetched_at = self._clock()
        return self._token


def connector_client(
    credentials: Any,
    service_url: str,
    session: SharedSession,
    *,
    clock: Callable[[], float] = time.monotonic,
) -> ConnectorClient:
    """botbuilder's ConnectorClient for `service_url`, sending through `session`.

    `clock` is monotonic seconds, for how long a token is reused.
    """

    def pipeline(config: BotFrameworkConnectorConfiguration) -> AsyncPipeline:
        policies = [
            config.user_agent_policy,
            _BearerToken(credentials, clock),
            _TolerantDeserializer(),
            config.http_logger_policy,
        ]
        return AsyncPipeline(policies, AioHTTPSender(_AiohttpDriver(session)))

    config = BotFrameworkConnectorConfiguration(credentials, service_url, pipeline_type=pipeline)
    client = ConnectorClient(credentials, base_url=service_url, custom_configuration=config)
    client.config.add_user_agent(USER_AGENT)
    return client


@dataclass(frozen=True, slots=True)
class ConnectorFailure:
    """What a failed connector call said: for retries (429, 5xx) and giving up (403, 404)."""

    status: int | None
    retry_after: float | None


def failure_of(error: HttpOperationError) -> ConnectorFailure:
    """msrest puts the transport's own response on errors: aiohttp's here, requests' in stock."""
    response = error.response
    status = getattr(response, "status", None) or getattr(response, "status_code", None)
    headers = getattr(response, "headers", None) or {}
    return ConnectorFailure(status=status, retry_after=_seconds(headers.get("Retry-After")))


def _seconds(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date: rare from Teams; the caller backs off instead
