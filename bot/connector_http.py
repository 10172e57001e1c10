"""Outbound calls to the Bot Connector over one shared aiohttp session, not `requests` in threads.

botbuilder's ConnectorClient sends every reply through msrest's `requests` driver on a worker
thread. msrest's pipeline is public and pluggable, so the clients built here keep botbuilder's
ConnectorClient (its operations, models and errors) and swap only the last hop: a driver on an
aiohttp session with keep-alive connections, and a bearer-token policy.

Tokens: the credentials (MSAL underneath) cache and renew tokens themselves, but the call blocks,
so it runs in a thread, at most every TOKEN_REUSE seconds; a 401 from the connector refreshes it.
"""

from __future__ import annotations

import asyncio
import time
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
        response = AioHttpClientResponse(request, raw)
        await response.load_body()
        return response


class _BearerToken(AsyncHTTPPolicy):
    def __init__(self, credentials: Any) -> None:
        super().__init__()
        self._credentials = credentials
        self._token: str | None = None
        self._fetched_at = 0.0
        app_id = getattr(credentials, "microsoft_app_id", None)
        # No app id (local development) or an anonymous skill: botbuilder sends no token either.
        self._signs = bool(app_id) and app_id != AuthenticationConstants.ANONYMOUS_SKILL_APP_ID

    async def send(self, request: Request, **kwargs: Any) -> Response:
        if not self._signs:
            return await self.next.send(request, **kwargs)
        request.http_request.headers["Authorization"] = f"Bearer {await self._token_now()}"
        response = await self.next.send(request, **kwargs)
        if response.http_response.status_code == 401:
            self._fetched_at = 0.0  # revoked or rotated: fetch afresh next time
        return response

    async def _token_now(self) -> str:
        if self._token is None or time.monotonic() - self._fetched_at > TOKEN_REUSE:
            self._token = await asyncio.to_thread(self._credentials.get_access_token)
            self._fetched_at = time.monotonic()
        return self._token


def connector_client(credentials: Any, service_url: str, session: SharedSession) -> ConnectorClient:
    """botbuilder's ConnectorClient for `service_url`, sending through `session`."""

    def pipeline(config: BotFrameworkConnectorConfiguration) -> AsyncPipeline:
        policies = [
            config.user_agent_policy,
            _BearerToken(credentials),
            RawDeserializer(),
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
