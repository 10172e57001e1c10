"""Bot Framework authentication that reuses clients instead of building them every turn.

botbuilder 4.17.1 builds a new ConnectorClient (msrest's configuration alone costs a third of the
CPU of a turn) and a new user-token client on every turn. This wrapper keeps the stock
authentication and hands out one client per (service URL, audience, app id), which is what
botbuilder would build anyway. Nothing is sent through these clients: the edge takes their
credentials and sends plain JSON itself (bot.connector); they only carry those credentials.

- Token refresh stays correct: the credentials fetch (and cache, and renew) the token.
- Bounded: Teams uses a handful of service URLs per region; the cache is an LRU all the same.
"""

from __future__ import annotations

import logging
from collections import OrderedDict

import requests
from botbuilder.schema import Activity
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import (
    AuthenticateRequestResult,
    BotFrameworkAuthentication,
    ClaimsIdentity,
    ConnectorFactory,
    UserTokenClient,
)
from botframework.connector.skills import BotFrameworkClient

log = logging.getLogger(__name__)


class AuthenticationUnavailable(Exception):
    """The token could not be checked now (the signing keys are unreachable): a 503."""


class _ClientCache:
    def __init__(self, size: int) -> None:
        self._size = size
        self._clients: OrderedDict[tuple[str | None, ...], object] = OrderedDict()

    def get(self, key: tuple[str | None, ...]) -> object | None:
        client = self._clients.get(key)
        if client is not None:
            self._clients.move_to_end(key)
        return client

    def put(self, key: tuple[str | None, ...], client: object) -> None:
        self._clients[key] = client
        self._clients.move_to_end(key)
        while len(self._clients) > self._size:
            self._clients.popitem(last=False)

    def __len__(self) -> int:
        return len(self._clients)


class _ReusingConnectorFactory(ConnectorFactory):
    def __init__(
        self,
        inner: ConnectorFactory,
        app_id: str | None,
        cache: _ClientCache,
    ) -> None:
        self._inner = inner
        self._app_id = app_id
        self._cache = cache

    async def create(self, service_url: str, audience: str | None = None) -> ConnectorClient:
        key = ("connector", service_url, audience, self._app_id)
        client = self._cache.get(key)
        if client is None:
            # botbuilder's factory picks the credentials for this cloud, app and audience.
            client = await self._inner.create(service_url, audience)
            self._cache.put(key, client)
        return client


class ReusingBotFrameworkAuthentication(BotFrameworkAuthentication):
    """Delegates to botbuilder's authentication; caches the clients it creates."""

    def __init__(self, inner: BotFrameworkAuthentication, *, cache_size: int = 64) -> None:
        self._inner = inner
        self._cache = _ClientCache(cache_size)

    @property
    def cached_clients(self) -> int:
        return len(self._cache)

    async def authenticate_request(
        self, activity: Activity, auth_header: str
    ) -> AuthenticateRequestResult:
        try:
            result = await self._inner.authenticate_request(activity, auth_header)
        except (PermissionError, AuthenticationUnavailable):
            raise
        except requests.RequestException as error:
            # The OpenID metadata could not be fetched: our side's trouble, not the caller's.
            raise AuthenticationUnavailable(f"OpenID metadata unavailable: {error!r}") from error
        except Exception as error:
            # A malformed or forged token is the caller's fault: 401, never a 500. botbuilder
            # 4.17.1 signals it with whatever its code trips over: a bare Exception for a
            # disallowed alg, IndexError for an unknown or missing kid, AttributeError when no
            # key matches, KeyError/TypeError for missing or mistyped claims, pyjwt's errors.
            raise PermissionError(f"invalid bearer token: {error!r}") from error
        result.connector_factory = self._wrap(result.connector_factory, result.claims_identity)
        return result

    async def authenticate_streaming_request(
        self, auth_header: str, channel_id_header: str
    ) -> AuthenticateRequestResult:
        return await self._inner.authenticate_streaming_request(auth_header, channel_id_header)

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        return self._wrap(self._inner.create_connector_factory(claims_identity), claims_identity)

    async def create_user_token_client(self, claims_identity: ClaimsIdentity) -> UserTokenClient:
        key = ("user-token", _app_id(claims_identity))
        client = self._cache.get(key)
        if client is None:
            client = await self._inner.create_user_token_client(claims_identity)
            self._cache.put(key, client)
        return client

    def create_bot_framework_client(self) -> BotFrameworkClient:
        return self._inner.create_bot_framework_client()

    def get_originating_audience(self) -> str:
        audience: str = self._inner.get_originating_audience()
        return audience

    async def authenticate_channel_request(self, auth_header: str) -> ClaimsIdentity:
        return await self._inner.authenticate_channel_request(auth_header)

    def _wrap(
        self, factory: ConnectorFactory | None, identity: ClaimsIdentity
    ) -> ConnectorFactory | None:
        if factory is None:
            return None
        return _ReusingConnectorFactory(factory, _app_id(identity), self._cache)


def _app_id(identity: ClaimsIdentity) -> str | None:
    # The same claims botbuilder reads to pick the app id of outbound calls.
    app_id: str | None = identity.get_claim_value("aud") or identity.get_claim_value("appid")
    return app_id
