"""How a card reaches Teams: in this turn, or later as an outbox payload."""

from __future__ import annotations

from typing import Any

from botbuilder.core import CardFactory, MessageFactory, TurnContext

from cards.elements import CARD_CONTENT_TYPE, Json


async def send_card(turn_context: TurnContext, card: Json, *, text: str | None = None) -> None:
    """The card as a reply in this turn; `text` above it in the same message."""
    await turn_context.send_activity(
        MessageFactory.attachment(CardFactory.adaptive_card(card), text=text)
    )


def card_message(card: Json) -> dict[str, Any]:
    """An outbox payload: a message with one Adaptive Card."""
    return {"type": "message", "attachments": [{"contentType": CARD_CONTENT_TYPE, "content": card}]}
