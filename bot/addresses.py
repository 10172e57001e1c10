"""services.cohort_addresses.AddressBook over the Bot Connector, for a job outside any turn.

`GET /v3/conversations/{personal chat}/members/{Teams user id}` with the bot's own token (as the
outbox sends): a TeamsChannelAccount with `email` and `userPrincipalName`. 404 (no such member,
or the chat is gone) is no address; any other failure is `AddressUnavailable`.
"""

from __future__ import annotations

from bot.clients import ConnectorClients
from bot.roster import account_from_roster
from chat.address import ConversationAddress
from chat.delivery import DeliveryFailed
from services.cohort_addresses import AddressUnavailable


class ConnectorAddressBook:
    def __init__(self, clients: ConnectorClients) -> None:
        self._clients = clients

    async def address_of(self, chat: ConversationAddress, teams_user_id: str) -> str | None:
        client = await self._clients.proactive(chat.service_url)
        try:
            found = await client.member(chat.conversation_id, teams_user_id)
        except DeliveryFailed as error:
            if error.status == 404:
                return None
            raise AddressUnavailable(f"HTTP {error.status}: {error}") from error
        account = account_from_roster(found) if found else None
        return account.email if account is not None else None
