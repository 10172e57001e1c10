"""One-to-one contacts in the personal chat: "kontakt" shows the request card (or where the open
request is), the card asks, "Ja, gärna" / "Nej tack" answer a proposal, and "inga fler
kontakter" (or the card's button) withdraws. Thin: the service checks and decides."""

from __future__ import annotations

from cards.contacts import (
    ANSWER_CONTACT,
    ASK_CONTACT,
    STOP_CONTACT,
    ContactAnswer,
    ContactForm,
    StopContact,
    notice_card,
    request_card,
    waiting_card,
)
from cards.elements import Json
from chat.actions import CardActions
from chat.commands import Command, CommandHandlers
from chat.turn import Turn
from content.dates import format_day_sv
from content.models import Content
from dialogs.coordination import actor_of
from services.contacts import Answered, ContactService, Problem, Rejected, Status


class ContactsDialog:
    def __init__(self, content: Content, contacts: ContactService) -> None:
        self._content = content
        self._contacts = contacts

    def register(self, actions: CardActions, commands: CommandHandlers) -> None:
        commands.register(Command.CONTACT, self._on_contact)
        commands.register(Command.CONTACT_STOP, self._on_stop_command)
        actions.on(ASK_CONTACT, ContactForm, self._on_ask)
        actions.on(STOP_CONTACT, StopContact, self._on_stop)
        actions.on(ANSWER_CONTACT, ContactAnswer, self._on_answer)

    async def _on_contact(self, turn: Turn) -> None:
        status = await self._contacts.status(actor_of(turn), turn.caller.tenant_id)
        content = self._for(turn)
        turn.show(request_card(content) if status.request is None else self._where(content, status))

    async def _on_ask(self, turn: Turn, payload: ContactForm) -> Json | None:
        content = self._for(turn)
        result = await self._contacts.ask(actor_of(turn), turn.caller.tenant_id, payload)
        if isinstance(result, Rejected):
            problems = [self._problem(content, p) for p in result.problems]
            return request_card(content, typed=payload, problems=problems)
        status = await self._contacts.status(actor_of(turn), turn.caller.tenant_id)
        said = None if status.proposed else content.contacts.requested
        return self._where(content, status, said=said)

    async def _on_stop(self, turn: Turn, payload: StopContact) -> Json | None:
        content = self._for(turn)
        stopped = await self._contacts.stop(actor_of(turn))
        texts = content.contacts
        return notice_card(content, texts.withdrawn if stopped else texts.nothing_to_stop)

    async def _on_stop_command(self, turn: Turn) -> None:
        texts = self._for(turn).contacts
        stopped = await self._contacts.stop(actor_of(turn))
        turn.say(texts.stopped if stopped else texts.nothing_to_stop)

    async def _on_answer(self, turn: Turn, payload: ContactAnswer) -> Json | None:
        content = self._for(turn)
        texts = content.contacts
        answered = await self._contacts.answer(actor_of(turn), payload.pair_id, payload.yes)
        sentence = {
            Answered.WAITING_FOR_OTHER: texts.said_yes,
            Answered.ACCEPTED: texts.both_yes,  # the introduction follows in the chat
            Answered.DECLINED: texts.said_no,
            Answered.NOT_FOR_YOU: texts.not_for_you,
        }[answered]
        return notice_card(content, sentence)

    def _where(self, content: Content, status: Status, *, said: str | None = None) -> Json:
        texts = content.contacts
        request = status.request
        assert request is not None
        if status.proposed:
            return waiting_card(content, texts.pending, said=said)
        since = format_day_sv(request.created_at, content.organisation.time_zone)
        sentence = texts.waiting.format(topic=status.topic, since=since)
        return waiting_card(content, sentence, said=said)

    @staticmethod
    def _problem(content: Content, problem: Problem) -> str:
        texts = content.contacts
        if problem is Problem.INTRO_TOO_LONG:
            return texts.intro_too_long.format(max=texts.max_intro_chars)
        if problem is Problem.ROLE_TOO_LONG:
            return texts.role_too_long.format(max=texts.max_role_chars)
        return str(getattr(texts, problem.value))

    def _for(self, turn: Turn) -> Content:
        return self._content.for_tenant(turn.caller.tenant_id)
