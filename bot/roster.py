"""chat.turn.Roster over the Bot Connector: members, paged team members, 1:1 chats."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

from bot.connector import ConnectorClient
from chat.address import Account, ConversationAddress, TeamChannel
from chat.caller import TeamsAccount, TenantId
from chat.delivery import DeliveryFailed

log = logging.getLogger(__name__)

PAGE_SIZE = 100  # the paged members API's default and maximum is 500; 100 keeps pages small


class ConnectorRoster:
    def __init__(
        self,
        client: ConnectorClient,
        *,
        conversation_id: str,
        service_url: str,
        tenant_id: TenantId,
        bot: Account,
    ) -> None:
        self._client = client
        self._conversation_id = conversation_id
        self._service_url = service_url
        self._tenant_id = tenant_id
        self._bot = bot

    async def member(self, teams_user_id: str) -> TeamsAccount | None:
        try:
            found = await self._client.member(self._conversation_id, teams_user_id)
        except DeliveryFailed as error:
            log.warning("could not look up member %s: %s", teams_user_id, error)
            return None
        return account_from_roster(found) if found else None

    async def team_members(self, team_id: str) -> AsyncIterator[TeamsAccount]:
        continuation: str | None = None
        while True:
            page = await self._client.paged_members(team_id, PAGE_SIZE, continuation)
            for member in page.get("members") or []:
                account = account_from_roster(member)
                if account is not None:
                    yield account
            continuation = page.get("continuationToken") or None
            if continuation is None:
                return

    async def team_channels(self, team_id: str) -> list[TeamChannel]:
        try:
            listed = await self._client.team_channels(team_id)
        except DeliveryFailed as error:
            log.warning("could not list the channels of team %s: %s", team_id, error)
            return []
        return [
            TeamChannel(channel["id"], channel.get("name") or None)
            for channel in listed.get("conversations") or []
            if isinstance(channel, dict) and isinstance(channel.get("id"), str)
        ]

    async def open_personal_chat(self, member: TeamsAccount) -> ConversationAddress | None:
        parameters = {
            "isGroup": False,
            "bot": {"id": self._bot.id, "name": self._bot.name},
            "members": [{"id": member.teams_user_id}],
            "tenantId": self._tenant_id,
            # Teams reads the tenant from channelData.
            "channelData": {"tenant": {"id": self._tenant_id}},
        }
        try:
            created = await self._client.create_conversation(parameters)
        except DeliveryFailed as error:
            log.warning("could not open a chat with %s: %s", member.teams_user_id, error)
            return None
        conversation_id = created.get("id")
        if not isinstance(conversation_id, str) or not conversation_id:
            log.warning("creating a chat with %s returned no id", member.teams_user_id)
            return None
        return ConversationAddress(
            service_url=self._service_url,
            conversation_id=conversation_id,
            tenant_id=self._tenant_id,
            bot=self._bot,
            user=Account(member.teams_user_id, member.name, member.aad_object_id),
            conversation_type="personal",
        )


def account_from_roster(member: dict[str, Any]) -> TeamsAccount | None:
    """A roster entry (TeamsChannelAccount JSON); None for one without an AAD id (a bot)."""
    aad = member.get("aadObjectId") or member.get("objectId")
    teams_id = member.get("id")
    if not isinstance(aad, str) or not aad or not isinstance(teams_id, str):
        return None
    return TeamsAccount(
        teams_user_id=teams_id,
        aad_object_id=aad.lower(),
        name=str(member.get("name") or ""),
        given_name=member.get("givenName") or None,
        email=member.get("email") or member.get("userPrincipalName") or None,
    )
