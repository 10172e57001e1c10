"""What the bot says later, as outbox payloads: Bot Framework activities as plain JSON."""

from __future__ import annotations

from typing import Any

from cards.elements import CARD_CONTENT_TYPE, Json

# A payload with this key edits the message another outbox row sent (its row id), in place.
UPDATE_OF = "updateOfOutboxId"
# A payload with this key deletes the bot's own message with that Teams activity id.
DELETE_OF = "deleteOfActivityId"


def text_message(text: str) -> dict[str, Any]:
    return {"type": "message", "text": text}


def card_message(card: Json, *, text: str | None = None) -> dict[str, Any]:
    """A message with one Adaptive Card (and `text` above it)."""
    message: dict[str, Any] = {
        "type": "message",
        "attachments": [{"contentType": CARD_CONTENT_TYPE, "content": card}],
    }
    if text:
        message["text"] = text
    return message


def edit_of(outbox_id: int, message: dict[str, Any]) -> dict[str, Any]:
    """`message` replacing what outbox row `outbox_id` sent."""
    return {**message, UPDATE_OF: outbox_id}


def deletion_of(activity_id: str) -> dict[str, Any]:
    """Not a message: the bot's own message `activity_id` taken out of the conversation."""
    return {DELETE_OF: activity_id}
