"""Where the bot can speak later: Bot Framework's conversation reference, as our own type.

Stored as the reference's documented JSON shape (serviceUrl, channelId, conversation, bot, user),
so rows written by earlier versions read back unchanged. Teams' tenant is kept in
`conversation.tenantId`, which the Bot Framework SDK's own reference type drops.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from chat.caller import TenantId, tenant_id


@dataclass(frozen=True, slots=True)
class Account:
    id: str
    name: str = ""
    aad_object_id: str | None = None


@dataclass(frozen=True, slots=True)
class TeamChannel:
    """A channel of a team as Teams lists it; the General channel has no name (id == team id)."""

    id: str
    name: str | None


@dataclass(frozen=True, slots=True)
class ConversationAddress:
    service_url: str
    conversation_id: str
    tenant_id: TenantId
    bot: Account
    user: Account | None = None
    conversation_type: str | None = None
    channel_id: str = "msteams"
    locale: str | None = None

    def to_json(self) -> str:
        conversation: dict[str, Any] = {"id": self.conversation_id, "tenantId": self.tenant_id}
        if self.conversation_type:
            conversation["conversationType"] = self.conversation_type
        data: dict[str, Any] = {
            "serviceUrl": self.service_url,
            "channelId": self.channel_id,
            "conversation": conversation,
            "bot": _account_json(self.bot),
        }
        if self.user is not None:
            data["user"] = _account_json(self.user)
        if self.locale:
            data["locale"] = self.locale
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, document: str) -> ConversationAddress:
        data = json.loads(document)
        conversation = data["conversation"]
        # "tenantID" is how the SDK's own serialiser spelled it in rows written before.
        tenant = conversation.get("tenantId") or conversation.get("tenantID") or ""
        user = data.get("user")
        return cls(
            service_url=data["serviceUrl"],
            conversation_id=conversation["id"],
            tenant_id=tenant_id(tenant),
            bot=_account(data.get("bot") or {"id": ""}),
            user=_account(user) if user else None,
            conversation_type=conversation.get("conversationType"),
            channel_id=data.get("channelId") or "msteams",
            locale=data.get("locale"),
        )


def _account_json(account: Account) -> dict[str, str]:
    data = {"id": account.id, "name": account.name}
    if account.aad_object_id:
        data["aadObjectId"] = account.aad_object_id
    return data


def _account(data: dict[str, Any]) -> Account:
    return Account(
        id=str(data.get("id") or ""),
        name=str(data.get("name") or ""),
        aad_object_id=data.get("aadObjectId"),
    )
