""" "återkoppling": any leader sends the programme team an improvement suggestion, signed or
anonymous. The card keeps a text that is too long, with how long it is."""

from __future__ import annotations

from cards import feedback as cards
from cards.elements import Json
from cards.feedback import SendFeedback
from chat.actions import CardActions
from chat.commands import Command, CommandHandlers
from chat.turn import Turn
from content.models import Content
from services.feedback import FeedbackService, Sent


class FeedbackDialog:
    def __init__(self, content: Content, feedback: FeedbackService) -> None:
        self._content = content
        self._feedback = feedback

    def register(self, actions: CardActions, commands: CommandHandlers) -> None:
        commands.register(Command.FEEDBACK, self._on_feedback)
        actions.on(cards.SEND_FEEDBACK, SendFeedback, self._on_send)

    async def _on_feedback(self, turn: Turn) -> None:
        turn.show(cards.feedback_card(self._content.for_tenant(turn.caller.tenant_id)))

    async def _on_send(self, turn: Turn, payload: SendFeedback) -> Json:
        caller = turn.caller
        content = self._content.for_tenant(caller.tenant_id)
        texts = content.coordination.feedback
        anonymous = payload.anonymous == cards.ON
        sent = await self._feedback.send(
            caller.organisation_id, caller.person_id, payload.text, anonymous=anonymous
        )
        if sent is Sent.SENT:
            return cards.thanks_card(content, anonymous=anonymous)
        note = texts.required
        if sent is Sent.TOO_LONG:
            note = texts.too_long.format(length=len(payload.text.strip()), max=texts.max_chars)
        return cards.feedback_card(content, text_value=payload.text, anonymous=anonymous, note=note)
