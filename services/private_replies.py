"""Answers meant for one member, asked for in their team's channel: sent to their 1:1 chat.

The channel is the group's; a member's tidsplan, workbook or data never belongs there. The
answer goes through the outbox (so it survives a crash like every other message the bot sends
later) to the member's personal chat, opened by the caller when none is known yet.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any
from uuid import uuid4

from chat.address import ConversationAddress
from storage.conversations import Conversations
from storage.database import Database
from storage.outbox import Outbox

log = logging.getLogger(__name__)


class PrivateReplies:
    def __init__(self, conversations: Conversations, outbox: Outbox, *, database: Database) -> None:
        self._conversations = conversations
        self._outbox = outbox
        self._database = database

    async def has_chat(self, person_id: int) -> bool:
        return await self._conversations.personal(person_id) is not None

    async def send(
        self,
        organisation_id: int,
        person_id: int,
        messages: Sequence[dict[str, Any]],
        *,
        opened: ConversationAddress | None = None,
    ) -> bool:
        """Queue `messages` for the person's 1:1 chat (`opened` just now, or the one known);
        False when there is none to send to."""
        if opened is not None:
            await self._conversations.remember(
                organisation_id, "personal", opened, person_id=person_id
            )
        personal = await self._conversations.personal(person_id)
        if personal is None:
            return False
        batch = uuid4().hex  # one answer: its messages stay together and in order
        async with self._database.unit_of_work():
            for number, message in enumerate(messages):
                await self._outbox.enqueue(
                    personal, message, idempotency_key=f"private-{person_id}-{batch}-{number}"
                )
        log.info("answered person %s privately (%s messages)", person_id, len(messages))
        return True
