"""The Teams edge, assembled: what app.py needs from bot/ and nothing more.

Inbound: botbuilder's CloudAdapter (our TeamsCloudAdapter) authenticates each request and runs
the middleware (tenant guard, dedupe, caller), then TeamsEdge turns the activity into a chat.Turn
for the router. Outbound, turns and the outbox alike send plain JSON through ConnectorClients.
"""

from __future__ import annotations

import logging
from types import SimpleNamespace

from aiohttp import web
from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication

from bot.adapter import TeamsCloudAdapter
from bot.authentication import ReusingBotFrameworkAuthentication
from bot.clients import ConnectorClients
from bot.errors import turn_error_handler
from bot.handler import TeamsEdge
from bot.messenger import ConnectorMessenger
from bot.middleware import CallerResolution, Deduplication, TenantGuard
from content.models import Content
from dialogs.router import Router
from storage.conversations import Conversations
from storage.directory import Directory
from storage.processed_activities import ProcessedActivities

# The SDK's serialiser warns about Teams' channelData fields on every activity; nothing to act on.
logging.getLogger("msrest.serialization").setLevel(logging.ERROR)


class Edge:
    def __init__(
        self,
        credentials: SimpleNamespace,
        router: Router,
        *,
        allowed_tenants: frozenset[str],
        content: Content,
        directory: Directory,
        conversations: Conversations,
        processed: ProcessedActivities,
    ) -> None:
        self.authentication = ReusingBotFrameworkAuthentication(
            ConfigurationBotFrameworkAuthentication(credentials)
        )
        self.clients = ConnectorClients(self.authentication, credentials.APP_ID)
        self.messenger = ConnectorMessenger(self.clients)
        self.adapter = TeamsCloudAdapter(self.authentication)
        self.adapter.use(TenantGuard(allowed_tenants))
        self.adapter.use(Deduplication(processed))
        self.adapter.use(CallerResolution(directory, conversations, self.clients))
        self.adapter.on_turn_error = turn_error_handler(content, self.clients)
        self._bot = TeamsEdge(router, self.clients)

    async def process(self, request: web.Request) -> web.Response:
        return await self.adapter.process(request, self._bot)

    async def close(self) -> None:
        await self.clients.close()
