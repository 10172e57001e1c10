""" "återkoppling": any leader sends the programme team an improvement suggestion, signed or
anonymous. The card keeps a text that is too long, with how long it is. A coordinator also gets
the latest suggestions, each with "Svara" (as on the weekly digest): the answer form changes the
card in place, and the answer reaches the sender through the outbox."""

from __future__ import annotations

from cards import feedback as cards
from cards.elements import Json
from cards.feedback import AnswerForm, SendAnswer, SendFeedback, ShowSuggestions
from chat.actions import CardActions
from chat.commands import Command, CommandHandlers
from chat.turn import Turn
from content.models import Content
from dialogs.coordination import actor_of
from services.feedback import LATEST_TO_ANSWER, Answered, FeedbackService, Sent


class FeedbackDialog:
    def __init__(self, content: Content, feedback: FeedbackService) -> None:
        self._content = content
        self._feedback = feedback

    def register(self, actions: CardActions, commands: CommandHandlers) -> None:
        commands.register(Command.FEEDBACK, self._on_feedback)
        actions.on(cards.SEND_FEEDBACK, SendFeedback, self._on_send)
        actions.on(cards.ANSWER_FORM, AnswerForm, self._on_answer_form)
        actions.on(cards.SEND_ANSWER, SendAnswer, self._on_send_answer)
        actions.on(cards.SHOW_SUGGESTIONS, ShowSuggestions, self._on_show_suggestions)

    async def _on_feedback(self, turn: Turn) -> None:
        content = self._content.for_tenant(turn.caller.tenant_id)
        turn.show(cards.feedback_card(content))
        actor = actor_of(turn)
        if await self._feedback.coordinates(actor):
            latest = await self._feedback.latest(actor, LATEST_TO_ANSWER)
            if latest is not None:
                turn.show(cards.suggestions_card(content, latest))

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

    # --- answering (coordinators) -------------------------------------------------------------

    async def _on_answer_form(self, turn: Turn, payload: AnswerForm) -> Json | None:
        found = await self._feedback.to_answer(actor_of(turn), payload.suggestion)
        content = self._content.for_tenant(turn.caller.tenant_id)
        if found is None:
            turn.say(content.coordination.roles.only_coordinators)
            return None
        texts = content.coordination.feedback_answers
        if found is Answered.GONE:
            return await self._latest(turn, note=texts.gone)
        assert not isinstance(found, Answered)
        if found.answered:
            return await self._latest(turn, note=texts.already)
        return cards.answer_card(content, found.id, found.text, anonymous=found.anonymous)

    async def _on_send_answer(self, turn: Turn, payload: SendAnswer) -> Json | None:
        actor = actor_of(turn)
        content = self._content.for_tenant(turn.caller.tenant_id)
        texts = content.coordination.feedback_answers
        result = await self._feedback.answer(
            actor, turn.caller.tenant_id, payload.suggestion, payload.answer
        )
        if result is None:
            turn.say(content.coordination.roles.only_coordinators)
            return None
        if result in (Answered.EMPTY, Answered.TOO_LONG):
            found = await self._feedback.to_answer(actor, payload.suggestion)
            if found is None or isinstance(found, Answered):
                return await self._latest(turn, note=texts.gone)
            note = texts.form_required
            if result is Answered.TOO_LONG:
                note = texts.too_long.format(
                    length=len(payload.answer.strip()), max=texts.max_chars
                )
            return cards.answer_card(
                content,
                found.id,
                found.text,
                anonymous=found.anonymous,
                value=payload.answer,
                note=note,
            )
        notes = {
            Answered.SENT: texts.sent,
            Answered.ALREADY: texts.already,
            Answered.UNREACHABLE: texts.unreachable,
            Answered.GONE: texts.gone,
        }
        return await self._latest(turn, note=notes[result])

    async def _on_show_suggestions(self, turn: Turn, payload: ShowSuggestions) -> Json | None:
        return await self._latest(turn)

    async def _latest(self, turn: Turn, *, note: str | None = None) -> Json | None:
        content = self._content.for_tenant(turn.caller.tenant_id)
        latest = await self._feedback.latest(actor_of(turn), LATEST_TO_ANSWER)
        if latest is None:
            turn.say(content.coordination.roles.only_coordinators)
            return None
        return cards.suggestions_card(content, latest, note=note)
