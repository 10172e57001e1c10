"""Reflections on exercises in the personal chat: the reflection card's buttons ("Skriv
reflektion", "Spara utkast", "Skicka") and text typed in chat while the card is open.

services.reflections decides (drafts, sharing, the module's completion); this shows its results.
A reflection that completes its module gets the congratulation in the same turn, and after the
last module the workbook with the diploma too.
"""

from __future__ import annotations

from cards import learning_actions as buttons
from cards.elements import Json
from cards.progress import celebration_card
from cards.reflection import reflection_card, reflection_sent_card
from chat.actions import CardActions
from chat.turn import Turn
from content.models import Content
from services.learning import ModuleCompletion
from services.reflections import (
    ReflectionForm,
    ReflectionProblem,
    ReflectionSent,
    ReflectionsService,
    Sharing,
)
from services.workbook import WorkbookService


class ReflectionsDialog:
    def __init__(
        self, content: Content, reflections: ReflectionsService, workbook: WorkbookService
    ) -> None:
        self._content = content
        self._reflections = reflections
        self._workbook = workbook

    def register(self, actions: CardActions) -> None:
        actions.on(buttons.REFLECT, buttons.Reflect, self._on_reflect)
        actions.on(buttons.REFLECTION_DRAFT, buttons.SaveReflectionDraft, self._on_draft)
        actions.on(buttons.REFLECTION_SEND, buttons.SendReflection, self._on_send)

    async def _on_reflect(self, turn: Turn, payload: buttons.Reflect) -> Json | None:
        caller = turn.caller
        form = await self._reflections.open(caller.person_id, caller.tenant_id, payload.exercise)
        return None if form is None else self._form(turn, form)

    async def _on_draft(self, turn: Turn, payload: buttons.SaveReflectionDraft) -> Json | None:
        caller = turn.caller
        result = await self._reflections.save_draft(
            caller.person_id,
            caller.tenant_id,
            caller.first_name,
            payload.exercise,
            payload.reflection or "",
            payload.shared,
        )
        return await self._answer(turn, result)

    async def _on_send(self, turn: Turn, payload: buttons.SendReflection) -> Json | None:
        caller = turn.caller
        result = await self._reflections.send(
            caller.person_id,
            caller.tenant_id,
            caller.first_name,
            payload.exercise,
            payload.reflection or "",
            payload.shared,
        )
        return await self._answer(turn, result)

    async def on_text(self, turn: Turn, text: str) -> bool:
        """While a reflection card is open, text typed in chat is added to the reflection; the
        card comes back to read and send."""
        caller = turn.caller
        form = await self._reflections.add_typed(caller.person_id, caller.tenant_id, text)
        if form is None:
            return False
        turn.show(self._form(turn, form, note=self._texts(turn).learning.chat_draft))
        return True

    # --- rendering ----------------------------------------------------------------------------

    async def _answer(
        self, turn: Turn, result: ReflectionForm | ReflectionSent | None
    ) -> Json | None:
        if result is None:
            return None
        if isinstance(result, ReflectionForm):
            return self._form(turn, result)
        content = self._texts(turn)
        card = reflection_sent_card(
            content, result.exercise, result.entry, result.status, note=self._note(turn, result)
        )
        if result.completion is not None:
            await self._celebrate(turn, result.completion)
        return card

    def _form(self, turn: Turn, form: ReflectionForm, *, note: str | None = None) -> Json:
        content = self._texts(turn)
        if form.draft_saved:
            note = content.learning.draft_saved.format(words=len(form.text.split()))
        return reflection_card(
            content,
            form.exercise,
            value=form.text,
            shared=form.shared,
            sent=form.sent,
            error=self._problem(content, form),
            note=note,
        )

    @staticmethod
    def _problem(content: Content, form: ReflectionForm) -> str | None:
        texts = content.learning
        if form.problem is ReflectionProblem.EMPTY:
            return texts.empty
        if form.problem is ReflectionProblem.TOO_LONG:
            return texts.too_long.format(length=len(form.text), limit=texts.reflection_max_chars)
        return None

    def _note(self, turn: Turn, sent: ReflectionSent) -> str:
        content = self._texts(turn)
        texts, messages = content.learning, content.messages
        return {
            Sharing.SHARED: messages.reflection_shared,
            Sharing.SHARED_LATER: texts.shared_later,
            Sharing.SAVED: messages.reflection_saved,
            Sharing.UPDATED: texts.updated_shared,
            Sharing.WITHDRAWN: texts.unshared,
        }[sent.sharing]

    async def _celebrate(self, turn: Turn, completion: ModuleCompletion) -> None:
        """In this turn: the congratulation, and after the last module the diploma."""
        caller, content = turn.caller, self._texts(turn)
        turn.show(celebration_card(content, completion.statuses))
        if not completion.journey_completed:
            return
        diploma = await self._workbook.diploma_card(caller.person_id, caller.tenant_id)
        if diploma is not None:
            turn.show(diploma)

    def _texts(self, turn: Turn) -> Content:
        return self._content.for_tenant(turn.caller.tenant_id)
