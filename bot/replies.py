"""The application's replies as Bot Framework activities, plain JSON (no msrest models)."""

from __future__ import annotations

from typing import Any

from bot.activity import InboundActivity
from cards.elements import Json
from chat.outgoing import card_message, text_message
from chat.turn import CardReply, Reply


def activity_of(reply: Reply, incoming: InboundActivity) -> dict[str, Any]:
    if isinstance(reply, CardReply):
        return card_activity(reply.card, incoming, text=reply.text)
    return text_activity(reply.text, incoming)


def text_activity(text: str, incoming: InboundActivity) -> dict[str, Any]:
    return _addressed(text_message(text), incoming)


def card_activity(
    card: Json, incoming: InboundActivity, *, text: str | None = None
) -> dict[str, Any]:
    return _addressed(card_message(card, text=text), incoming)


def _addressed(message: dict[str, Any], incoming: InboundActivity) -> dict[str, Any]:
    """From the bot to the sender, in the conversation the activity came from (as botbuilder's
    apply_conversation_reference does)."""
    bot, sender = incoming.recipient, incoming.sender
    message = {
        **message,
        "channelId": incoming.channel_id,
        "serviceUrl": incoming.service_url,
        "conversation": {"id": incoming.conversation.id},
        "from": {"id": bot.id, "name": bot.name} if bot is not None else None,
        "recipient": {"id": sender.id, "name": sender.name} if sender is not None else None,
    }
    if incoming.id:
        message["replyToId"] = incoming.id
    if incoming.locale:
        message["locale"] = incoming.locale
    return message
