"""A member who writes to the bot in the team channel: group things are answered there,
anything personal in their 1:1 chat, with a short note in the channel."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from chat.caller import ConversationKind
from chat.outgoing import card_message, text_message
from chat.turn import CardReply, Reply, TextReply, Turn
from content.models import Content
from services.private_replies import PrivateReplies


class ChannelDesk:
    def __init__(self, content: Content, replies: PrivateReplies) -> None:
        self._content = content
        self._replies = replies

    async def answer_privately(self, turn: Turn, answer: Callable[[Turn], Awaitable[Any]]) -> None:
        """Run `answer` as if in the member's 1:1 chat: what it says goes there (so the dialogs'
        own guards, which keep the workbook out of channels, see a personal chat)."""
        personal = replace(turn.caller, conversation_kind=ConversationKind.PERSONAL)
        private = replace(turn, caller=personal, replies=[])
        await answer(private)
        if not private.replies:
            return
        caller = turn.caller
        opened = None
        if not await self._replies.has_chat(caller.person_id):
            opened = await turn.roster.open_personal_chat(turn.sender)
        sent = await self._replies.send(
            caller.organisation_id,
            caller.person_id,
            [_as_message(reply) for reply in private.replies],
            opened=opened,
        )
        texts = self._content.for_tenant(caller.tenant_id).messages.channel
        note = texts.wrote_privately if sent else texts.no_private_chat
        turn.say(note.format(first_name=caller.first_name))


def _as_message(reply: Reply) -> dict[str, Any]:
    match reply:
        case TextReply(text):
            return text_message(text)
        case CardReply(card, text):
            return card_message(card, text=text)
