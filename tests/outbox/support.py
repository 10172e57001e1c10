"""What the outbox tests share: a virtual clock, a no-auth adapter as app.py builds it, targets."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from types import SimpleNamespace

from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication

from bot.authentication import ReusingBotFrameworkAuthentication
from bot.clients import ConnectorClients
from bot.messenger import ConnectorMessenger
from chat.address import Account, ConversationAddress
from chat.caller import tenant_id
from chat.delivery import Messenger
from storage.conversations import Conversations, StoredConversation
from storage.database import Database
from storage.directory import Directory
from tests.clock import START

TENANT = "00000000-0000-0000-0000-0000000000001"
BOT_ID = "28:expeditionsboten"


class VirtualClock:
    """Wall time (UTC) and monotonic seconds that move only when told to (or when slept on)."""

    def __init__(self, start: datetime | None = None) -> None:
        self.start = start or START
        self.seconds = 0.0

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.seconds)

    __call__ = now  # a Clock, for the database

    def monotonic(self) -> float:
        return self.seconds

    def advance(self, seconds: float) -> None:
        self.seconds += seconds

    async def sleep(self, seconds: float) -> None:
        self.seconds += seconds


@asynccontextmanager
async def no_auth_messenger() -> AsyncIterator[Messenger]:
    """The edge's messenger with authentication off (no app id), as the app builds it."""
    config = SimpleNamespace(APP_ID="", APP_PASSWORD="", APP_TYPE="MultiTenant", APP_TENANTID="")
    authentication = ReusingBotFrameworkAuthentication(
        ConfigurationBotFrameworkAuthentication(config)
    )
    clients = ConnectorClients(authentication, "")
    try:
        yield ConnectorMessenger(clients)
    finally:
        await clients.close()


def reference(service_url: str, conversation_id: str) -> ConversationAddress:
    return ConversationAddress(
        service_url=service_url,
        conversation_id=conversation_id,
        tenant_id=tenant_id(TENANT),
        bot=Account(BOT_ID, "Expeditionsboten"),
        conversation_type="channel",
    )


async def channel(database: Database, service_url: str, conversation_id: str) -> StoredConversation:
    """A channel the bot may speak in: its organisation and ConversationRef stored."""
    organisation_id = await Directory(database).organisation_id(TENANT)
    ref = reference(service_url, conversation_id)
    await Conversations(database).remember(organisation_id, "channel", ref)
    return StoredConversation(organisation_id, TENANT, "channel", ref)


def message(text: str, key: str | None = None) -> dict:
    payload: dict = {"type": "message", "text": text}
    if key is not None:
        payload["channelData"] = {"idempotencyKey": key}
    return payload
