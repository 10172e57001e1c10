"""The Teams edge, assembled: what app.py needs from bot/ and nothing more.

Inbound: ActivityEndpoint reads the activity, has botbuilder authenticate the request, and runs
the pipeline (tenant guard, dedupe, caller), then TeamsEdge turns the activity into a chat.Turn
for the router. Outbound, turns and the outbox alike send plain JSON through ConnectorClients.
"""

from __future__ import annotations

from types import SimpleNamespace

from aiohttp import web
from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication

from bot.adapter import ActivityEndpoint
from bot.authentication import ReusingBotFrameworkAuthentication
from bot.clients import ConnectorClients
from bot.errors import turn_error_handler
from bot.handler import TeamsEdge
from bot.messenger import ConnectorMessenger
from bot.middleware import (
    CallerResolution,
    Deduplication,
    LanguageChoice,
    Pipeline,
    TenantGuard,
)
from bot.openid import install_async_metadata
from bot.service_urls import ServiceUrlPolicy
from chat.tenants import AllowedTenants
from content.models import Content
from dialogs.router import Router
from storage.conversations import Conversations
from storage.database import Database
from storage.directory import Directory
from storage.processed_activities import ProcessedActivities


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
        database: Database,
        service_urls: frozenset[str] = frozenset(),
        language_from_locale: bool = True,
    ) -> None:
        install_async_metadata(
            getattr(credentials, name, None)
            for name in (
                "TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL",
                "TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL",
            )
        )
        self.authentication = ReusingBotFrameworkAuthentication(
            ConfigurationBotFrameworkAuthentication(credentials)
        )
        self.clients = ConnectorClients(self.authentication, credentials.APP_ID)
        self.messenger = ConnectorMessenger(self.clients)
        pipeline = Pipeline(
            [
                TenantGuard(AllowedTenants.of(allowed_tenants)),
                Deduplication(processed),
                CallerResolution(directory, conversations),
                LanguageChoice(directory, from_locale=language_from_locale),
            ],
            TeamsEdge(router, keep_reads=database.keeping_reads),
        )
        policy = ServiceUrlPolicy.of(
            authenticates=bool(credentials.APP_ID), configured=service_urls
        )
        self.endpoint = ActivityEndpoint(
            self.authentication, self.clients, pipeline, turn_error_handler(content), policy
        )

    async def process(self, request: web.Request) -> web.Response:
        return await self.endpoint.process(request)

    async def close(self) -> None:
        await self.clients.close()
