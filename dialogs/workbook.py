"""The workbook in chat ("arbetsboken"), maturity checkpoints over time, and the diploma.

Shown in the personal chat only, for the caller's own person id and tenant; services.workbook
reads the workbook and signs its links; this turns its results into cards.
"""

from __future__ import annotations

from cards import workbook as cards
from cards.elements import Json
from cards.workbook import OpenCheckpoint, RefreshWorkbook, SaveCheckpoint
from chat.actions import CardActions
from chat.caller import Caller, ConversationKind
from chat.commands import Command, CommandHandlers
from chat.turn import Turn
from content.models import Content
from services.workbook import CheckpointForm, CheckpointSaved, WorkbookService


class WorkbookDialog:
    def __init__(self, content: Content, workbook: WorkbookService) -> None:
        self._content = content
        self._workbook = workbook

    def register(self, actions: CardActions, commands: CommandHandlers) -> None:
        commands.register(Command.WORKBOOK, self._on_workbook)
        actions.on(cards.WORKBOOK_REFRESH, RefreshWorkbook, self._on_refresh)
        actions.on(cards.CHECKPOINT_OPEN, OpenCheckpoint, self._on_checkpoint_open)
        actions.on(cards.CHECKPOINT_SAVE, SaveCheckpoint, self._on_checkpoint_save)

    async def _on_workbook(self, turn: Turn) -> None:
        caller = personal_caller(turn)
        if caller is None:
            refuse_outside_personal_chat(turn, self._content)
            return
        card = await self._card(caller, teams_id=_teams_id(turn))
        if card is not None:
            turn.show(card)

    async def _on_refresh(self, turn: Turn, _payload: RefreshWorkbook) -> Json | None:
        caller = personal_caller(turn)
        if caller is None:
            return None
        return await self._card(caller, teams_id=_teams_id(turn))

    async def _on_checkpoint_open(self, turn: Turn, payload: OpenCheckpoint) -> Json | None:
        caller = personal_caller(turn)
        if caller is None:
            return None
        view = await self._workbook.checkpoint(
            caller.person_id, caller.tenant_id, payload.checkpoint
        )
        if view is None:
            content = self._content.for_tenant(caller.tenant_id)
            note = content.workbook.checkpoint_unknown
            return await self._card(caller, teams_id=_teams_id(turn), note=note)
        return self._checkpoint(caller, view)

    async def _on_checkpoint_save(self, turn: Turn, payload: SaveCheckpoint) -> Json | None:
        caller = personal_caller(turn)
        if caller is None:
            return None
        content = self._content.for_tenant(caller.tenant_id)
        answers = {area.id: payload.area_answer(area.id) for area in content.maturity.areas}
        result = await self._workbook.save_checkpoint(
            caller.person_id, caller.tenant_id, payload.checkpoint, answers
        )
        if isinstance(result, CheckpointForm):  # an area without a grade
            return self._checkpoint(
                caller, result, error=content.onboarding.starting_point.required
            )
        note = (
            content.workbook.checkpoint_saved
            if result is CheckpointSaved.SAVED
            else content.workbook.checkpoint_unknown
        )
        return await self._card(caller, teams_id=_teams_id(turn), note=note)

    # --- rendering ----------------------------------------------------------------------------

    async def _card(
        self, caller: Caller, *, teams_id: str | None, note: str | None = None
    ) -> Json | None:
        """The caller's workbook card (None if they are not a person of this tenant)."""
        view = await self._workbook.view(caller.person_id, caller.tenant_id)
        if view is None:
            return None
        return cards.workbook_card(
            self._content.for_tenant(caller.tenant_id),
            view.document,
            view.links,
            next_checkpoint=view.next_checkpoint,
            owner_teams_id=teams_id,
            note=note,
        )

    def _checkpoint(
        self, caller: Caller, view: CheckpointForm, *, error: str | None = None
    ) -> Json:
        return cards.checkpoint_card(
            self._content.for_tenant(caller.tenant_id),
            view.checkpoint,
            view.previous,
            view.grades,
            error=error,
        )


def personal_caller(turn: Turn) -> Caller | None:
    """The caller, when they speak to the bot in their personal chat: the only place where their
    workbook and their data are shown (in a channel the whole group would read them)."""
    caller = turn.caller
    if caller.conversation_kind != ConversationKind.PERSONAL:
        return None
    return caller


def refuse_outside_personal_chat(turn: Turn, content: Content) -> None:
    turn.say(content.for_tenant(turn.caller.tenant_id).workbook.personal_only)


def _teams_id(turn: Turn) -> str | None:
    """The sender's Teams user id, for the workbook card's refresh (None if Teams sent none)."""
    return turn.sender.teams_user_id or None
