"""chat.delivery.Messenger over the Bot Connector: what the outbox sender sends through."""

from __future__ import annotations

from typing import Any

from bot.clients import ConnectorClients
from chat.address import ConversationAddress


class ConnectorMessenger:
    def __init__(self, clients: ConnectorClients) -> None:
        self._clients = clients

    async def send(self, address: ConversationAddress, activity: dict[str, Any]) -> str | None:
        client = await self._clients.proactive(address.service_url)
        return await client.send(address.conversation_id, _addressed(activity, address))

    async def update(
        self, address: ConversationAddress, activity_id: str, activity: dict[str, Any]
    ) -> None:
        client = await self._clients.proactive(address.service_url)
        await client.update(address.conversation_id, activity_id, _addressed(activity, address))

    async def delete(self, address: ConversationAddress, activity_id: str) -> None:
        client = await self._clients.proactive(address.service_url)
        await client.delete(address.conversation_id, activity_id)


def _addressed(activity: dict[str, Any], address: ConversationAddress) -> dict[str, Any]:
    """As botbuilder's continue_conversation fills an activity in from a reference."""
    filled: dict[str, Any] = {
        **activity,
        "channelId": address.channel_id,
        "serviceUrl": address.service_url,
        "conversation": {"id": address.conversation_id, "tenantId": address.tenant_id},
        "from": {"id": address.bot.id, "name": address.bot.name},
    }
    if address.user is not None:
        filled["recipient"] = {"id": address.user.id, "name": address.user.name}
    if address.locale:
        filled.setdefault("locale", address.locale)
    return filled
