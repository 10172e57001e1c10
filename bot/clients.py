"""One JSON connector client per (service URL, app), with the credentials botbuilder picks.

botbuilder's connector factory knows which credentials a service URL and audience need (public
cloud, government, single tenant, managed identity); we ask it once per service URL and keep
only the credentials, sending through bot.connector.ConnectorClient.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from botframework.connector.auth import (
    AuthenticationConstants,
    BotFrameworkAuthentication,
    ClaimsIdentity,
)

from bot.connector import BearerToken, ConnectorClient, SharedSession

CACHE_SIZE = 64  # Teams uses a handful of service URLs per region


class ConnectorClients:
    def __init__(self, authentication: BotFrameworkAuthentication, app_id: str) -> None:
        self._authentication = authentication
        self._app_id = app_id
        self._session = SharedSession()
        self._clients: OrderedDict[tuple[str, str | None], ConnectorClient] = OrderedDict()

    def for_credentials(self, service_url: str, credentials: Any) -> ConnectorClient:
        """The client for a turn: `credentials` are those botbuilder chose for this turn."""
        app_id = getattr(credentials, "microsoft_app_id", None) or None
        key = (service_url, app_id)
        client = self._clients.get(key)
        if client is None:
            anonymous = app_id in (None, AuthenticationConstants.ANONYMOUS_SKILL_APP_ID)
            token = BearerToken(None if anonymous else credentials)
            client = ConnectorClient(self._session, service_url, token)
            self._clients[key] = client
            while len(self._clients) > CACHE_SIZE:
                self._clients.popitem(last=False)
        self._clients.move_to_end(key)
        return client

    async def proactive(self, service_url: str) -> ConnectorClient:
        """The client for speaking first (the outbox): the bot's own identity, as botbuilder's
        continue_conversation builds it."""
        key = (service_url, self._app_id or None)
        client = self._clients.get(key)
        if client is not None:
            return client
        identity = ClaimsIdentity(
            {
                AuthenticationConstants.AUDIENCE_CLAIM: self._app_id,
                AuthenticationConstants.APP_ID_CLAIM: self._app_id,
            },
            is_authenticated=True,
        )
        factory = self._authentication.create_connector_factory(identity)
        audience = self._authentication.get_originating_audience()
        stock = await factory.create(service_url, audience)
        return self.for_credentials(service_url, stock.config.credentials)

    async def close(self) -> None:
        await self._session.close()
