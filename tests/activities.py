"""Teams-shaped activities, as the Bot Connector posts them to /api/messages."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from tests.clock import START

TENANT = "00000000-0000-0000-0000-0000000000001"
BOT = {"id": "28:00000000-0000-0000-0000-00000000000011", "name": "Expeditionsboten"}
_ids = itertools.count(1_700_000_000_000)


@dataclass(frozen=True)
class User:
    id: str
    name: str
    aad_object_id: str

    @property
    def account(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name, "aadObjectId": self.aad_object_id}

    @property
    def personal_conversation(self) -> str:
        return f"a:personal-{self.id}"


JONAS = User("29:user-id-0", "Jonas Gumbel", "00000000-0000-0000-0000-0000000000020")
DANIELA = User("29:user-id-1", "Daniela Drazic", "00000000-0000-0000-0000-0000000000021")


def _base(
    kind: str,
    user: User,
    service_url: str,
    *,
    tenant: str = TENANT,
    conversation: str | None = None,
) -> dict[str, Any]:
    return {
        "type": kind,
        "id": str(next(_ids)),
        "timestamp": START.isoformat(),
        "serviceUrl": service_url,
        "channelId": "msteams",
        "from": user.account,
        "recipient": BOT,
        "conversation": {
            "conversationType": "personal",
            "tenantId": tenant,
            "id": conversation or user.personal_conversation,
        },
        "channelData": {"tenant": {"id": tenant}},
        "locale": "sv-SE",
    }


def message(text: str, user: User, service_url: str, **kw: Any) -> dict[str, Any]:
    return {**_base("message", user, service_url, **kw), "text": text, "textFormat": "plain"}


def personal_install(user: User, service_url: str, **kw: Any) -> dict[str, Any]:
    """What Teams sends when a leader adds the app: installationUpdate ..."""
    return {**_base("installationUpdate", user, service_url, **kw), "action": "add"}


def bot_added(user: User, service_url: str, **kw: Any) -> dict[str, Any]:
    """... and conversationUpdate with the bot among membersAdded."""
    activity = _base("conversationUpdate", user, service_url, **kw)
    activity["membersAdded"] = [BOT]
    activity["channelData"]["eventType"] = "teamMemberAdded"
    return activity


def card_execute(
    verb: str, user: User, service_url: str, data: dict | None = None, **kw: Any
) -> dict[str, Any]:
    """An Action.Execute click: invoke adaptiveCard/action."""
    activity = _base("invoke", user, service_url, **kw)
    activity["name"] = "adaptiveCard/action"
    activity["value"] = {
        "action": {"type": "Action.Execute", "verb": verb, "data": {"verb": verb, **(data or {})}},
        "trigger": "manual",
    }
    return activity


def card_submit(
    verb: str, user: User, service_url: str, data: dict | None = None, **kw: Any
) -> dict[str, Any]:
    """An Action.Submit click: a message whose value is the action's data."""
    activity = _base("message", user, service_url, **kw)
    activity["value"] = {"verb": verb, **(data or {})}
    activity["replyToId"] = "card-activity-1"
    return activity
