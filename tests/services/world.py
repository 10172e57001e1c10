"""A municipality with one Innovationsteam, straight in the stores: no HTTP, no bot."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from chat.address import Account, ConversationAddress
from chat.caller import TeamsAccount, tenant_id
from content.loader import load_content
from content.models import Content
from services.bus import EventBus
from storage.conversations import Conversations
from storage.database import Database
from storage.directory import Directory
from storage.groups import Groups
from storage.outbox import OutboxMessage

TENANT = "00000000-0000-0000-0000-0000000000001"
SERVICE_URL = "http://127.0.0.1:9"
CHANNEL = "19:g4-general@thread.tacv2"
NAMES = ("Anna", "Bo", "Cia")

_content: Content | None = None


def content() -> Content:
    global _content
    if _content is None:
        _content = load_content()
    return _content


def address(conversation_id: str, kind: str) -> ConversationAddress:
    return ConversationAddress(
        service_url=SERVICE_URL,
        conversation_id=conversation_id,
        tenant_id=tenant_id(TENANT),
        bot=Account("28:expeditionsboten", "Expeditionsboten"),
        conversation_type=kind,
    )


def account(name: str) -> TeamsAccount:
    return TeamsAccount(f"29:{name}", f"aad-{name}", f"{name} Testsson", name, f"{name}@x.example")


@dataclass
class Recorder:
    """An event bus that remembers what was published, in order."""

    bus: EventBus = field(default_factory=EventBus)
    seen: list[object] = field(default_factory=list)

    def record(self, *event_types: type[Any]) -> None:
        async def remember(event: object) -> None:
            self.seen.append(event)

        for event_type in event_types:
            self.bus.subscribe(event_type, remember)


@dataclass
class Team:
    organisation_id: int
    group_id: int
    people: dict[str, int]  # first name -> person id


async def team(database: Database, *, personal_chats: bool = True) -> Team:
    """Anna, Bo and Cia in group G4, its channel known (and their personal chats)."""
    directory, groups = Directory(database), Groups(database)
    conversations = Conversations(database)
    org = await directory.organisation_id(TENANT)
    group_id = await groups.register(org, "19:g4", "G4", None)
    people = {name: await directory.person_id(org, account(name)) for name in NAMES}
    await groups.join(group_id, people.values())
    await conversations.remember(org, "channel", address(CHANNEL, "channel"), group_id=group_id)
    if personal_chats:
        for name, person_id in people.items():
            chat = address(f"a:{name}", "personal")
            await conversations.remember(org, "personal", chat, person_id=person_id)
    return Team(org, group_id, people)


@dataclass(frozen=True)
class Row:
    key: str
    conversation_id: str
    due_at: datetime
    payload: dict[str, Any]
    expires_at: datetime | None = None

    @property
    def text(self) -> str:
        """The message's text and every text in its card, for asserting on content."""
        found: list[str] = [self.payload.get("text") or ""]

        def walk(node: Any) -> None:
            if isinstance(node, dict):
                for key, value in node.items():
                    if key in ("text", "value") and isinstance(value, str):
                        found.append(value)
                    else:
                        walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(self.payload.get("attachments") or [])
        return "\n".join(found)


async def outbox_rows(database: Database) -> list[Row]:
    async with database.sessions() as session:
        rows = await session.scalars(
            select(OutboxMessage).where(OutboxMessage.state == "pending").order_by(OutboxMessage.id)
        )
        return [
            Row(r.idempotency_key, r.conversation_id, r.due_at, json.loads(r.payload), r.expires_at)
            for r in rows
        ]
