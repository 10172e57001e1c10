"""How the outbox sender reaches Teams: a small port that `bot/` implements.

A failure says what the connector answered, so the sender can tell "wait and retry" (429, 5xx)
from "the conversation is gone" (403, 404) without knowing any SDK's exceptions.
"""

from __future__ import annotations

from typing import Any, Protocol

from chat.address import ConversationAddress


class DeliveryFailed(Exception):
    def __init__(self, status: int | None, detail: str, retry_after: float | None = None) -> None:
        super().__init__(f"HTTP {status}: {detail}" if status else detail)
        self.status = status
        self.retry_after = retry_after  # seconds, from the Retry-After header


class Messenger(Protocol):
    async def send(self, address: ConversationAddress, activity: dict[str, Any]) -> str | None:
        """Post a new message to the conversation; the id Teams gave it, if it said."""
        ...

    async def update(
        self, address: ConversationAddress, activity_id: str, activity: dict[str, Any]
    ) -> None:
        """Replace a message the bot sent earlier."""
        ...

    async def delete(self, address: ConversationAddress, activity_id: str) -> None:
        """Delete a message the bot sent earlier (the bot may delete only its own)."""
        ...
