""" "fira": a coordinator celebrates a cohort (preview, then send) and sees its diplomas. Thin:
the service checks the role and the tenant; the cards change in place."""

from __future__ import annotations

from cards import celebrations as cards
from cards.celebrations import CelebrationForm, SendCelebration
from cards.elements import Json
from chat.actions import CardActions
from chat.commands import Command, CommandHandlers
from chat.turn import Turn
from content.models import Content
from dialogs.coordination import actor_of
from services.celebrations import CelebrationService, Refused


class CelebrationDialog:
    def __init__(self, content: Content, celebrations: CelebrationService) -> None:
        self._content = content
        self._celebrations = celebrations

    def register(self, actions: CardActions, commands: CommandHandlers) -> None:
        commands.register(Command.CELEBRATE, self._on_celebrate)
        actions.on(cards.PREVIEW_CELEBRATION, CelebrationForm, self._on_preview)
        actions.on(cards.EDIT_CELEBRATION, CelebrationForm, self._on_edit)
        actions.on(cards.SHOW_DIPLOMAS, CelebrationForm, self._on_diplomas)
        actions.on(cards.SEND_CELEBRATION, SendCelebration, self._on_send)

    async def _on_celebrate(self, turn: Turn) -> None:
        form = await self._form(turn)
        if form is not None:
            turn.show(form)

    async def _on_edit(self, turn: Turn, payload: CelebrationForm) -> Json | None:
        return await self._form(
            turn, cohort_id=payload.cohort_id(), greeting=payload.celebrate_greeting
        )

    async def _on_preview(self, turn: Turn, payload: CelebrationForm) -> Json | None:
        content = self._content.for_tenant(turn.caller.tenant_id)
        texts = content.coordination.celebrations
        cohort_id = payload.cohort_id()
        greeting = payload.celebrate_greeting
        if cohort_id is None:
            return await self._form(turn, greeting=greeting, note=texts.cohort_required)
        result = await self._celebrations.preview(
            actor_of(turn), turn.caller.tenant_id, cohort_id, greeting
        )
        if result is None:
            turn.say(content.coordination.roles.only_coordinators)
            return None
        if result is Refused.TOO_LONG:
            note = texts.greeting_too_long.format(
                length=len(greeting.strip()), max=texts.max_greeting_chars
            )
            return await self._form(turn, cohort_id=cohort_id, greeting=greeting, note=note)
        if isinstance(result, Refused):
            return await self._form(turn, note=texts.gone)
        return cards.preview_card(
            content,
            cohort_id=result.cohort_id,
            name=result.name,
            greeting=result.greeting,
            token=result.token,
            celebration=result.card,
            reachable=result.reachable,
        )

    async def _on_send(self, turn: Turn, payload: SendCelebration) -> Json | None:
        content = self._content.for_tenant(turn.caller.tenant_id)
        texts = content.coordination.celebrations
        result = await self._celebrations.send(
            actor_of(turn), turn.caller.tenant_id, payload.cohort, payload.greeting, payload.token
        )
        if result is None:
            turn.say(content.coordination.roles.only_coordinators)
            return None
        if result is Refused.ALREADY:
            return cards.notice_card(content, texts.already)
        if result is Refused.TOO_LONG:
            note = texts.greeting_too_long.format(
                length=len(payload.greeting.strip()), max=texts.max_greeting_chars
            )
            return await self._form(
                turn, cohort_id=payload.cohort, greeting=payload.greeting, note=note
            )
        if isinstance(result, Refused):
            return await self._form(turn, note=texts.gone)
        return cards.sent_card(content, result.name, result.recipients)

    async def _on_diplomas(self, turn: Turn, payload: CelebrationForm) -> Json | None:
        content = self._content.for_tenant(turn.caller.tenant_id)
        texts = content.coordination.celebrations
        cohort_id = payload.cohort_id()
        if cohort_id is None:
            return await self._form(
                turn, greeting=payload.celebrate_greeting, note=texts.cohort_required
            )
        result = await self._celebrations.diplomas(actor_of(turn), cohort_id)
        if result is None:
            turn.say(content.coordination.roles.only_coordinators)
            return None
        if isinstance(result, Refused):
            return await self._form(turn, note=texts.gone)
        return cards.diplomas_card(content, result.name, result.achievers, result.members)

    async def _form(
        self,
        turn: Turn,
        *,
        cohort_id: int | None = None,
        greeting: str | None = None,
        note: str | None = None,
    ) -> Json | None:
        content = self._content.for_tenant(turn.caller.tenant_id)
        cohorts = await self._celebrations.cohorts(actor_of(turn))
        if cohorts is None:
            turn.say(content.coordination.roles.only_coordinators)
            return None
        return cards.celebrate_card(
            content, cohorts, cohort_id=cohort_id, greeting=greeting, note=note
        )
