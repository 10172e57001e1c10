"""The workbook in chat ("arbetsboken"), maturity checkpoints over time, and the diploma.

Everything here reads the caller's own workbook only (the caller's person id and tenant), and
every link it hands out is signed for that person, that tenant and that file (workbook.links).
The workbook stays readable after the journey ends; `complete_journey` is what the learning
flow calls when the last module is done, and makes the diploma available.
"""

from __future__ import annotations

import logging

from cards import workbook as cards
from cards.elements import Json
from cards.workbook import OpenCheckpoint, RefreshWorkbook, SaveCheckpoint
from chat.actions import CardActions
from chat.caller import Caller, ConversationKind
from chat.commands import Command, CommandHandlers
from chat.turn import Turn
from content.models import Content
from storage.personal_data import Owner, PersonalData
from storage.workbook import Workbook
from workbook.files import WorkbookFiles
from workbook.links import FileKind
from workbook.maturity import checkpoint as find_checkpoint
from workbook.maturity import in_model_order, next_checkpoint

log = logging.getLogger(__name__)


class WorkbookChat:
    def __init__(
        self,
        content: Content,
        workbook: Workbook,
        personal_data: PersonalData,
        files: WorkbookFiles,
    ) -> None:
        self._content = content
        self._workbook = workbook
        self._data = personal_data
        self._files = files

    def register(self, actions: CardActions, commands: CommandHandlers) -> None:
        commands.register(Command.WORKBOOK, self._on_workbook)
        actions.on(cards.WORKBOOK_REFRESH, RefreshWorkbook, self._on_refresh)
        actions.on(cards.CHECKPOINT_OPEN, OpenCheckpoint, self._on_checkpoint_open)
        actions.on(cards.CHECKPOINT_SAVE, SaveCheckpoint, self._on_checkpoint_save)

    # --- what others call ---------------------------------------------------------------------

    async def card(
        self,
        person_id: int,
        tenant_id: str,
        *,
        teams_id: str | None = None,
        note: str | None = None,
    ) -> Json | None:
        """The person's workbook card (None if they are not a person of this tenant)."""
        owner = await self._data.owner(person_id, tenant_id)
        if owner is None:
            return None
        return await self._card(owner, teams_id=teams_id, note=note)

    async def checkpoint_card(
        self, person_id: int, tenant_id: str, checkpoint_id: str
    ) -> Json | None:
        """The self-assessment card for a checkpoint, e.g. sent proactively at halfway."""
        content = self._content.for_tenant(tenant_id)
        checkpoint = find_checkpoint(content, checkpoint_id)
        if checkpoint is None:
            return None
        previous = await self._previous(person_id, content, checkpoint_id)
        grades = await self._workbook.maturity(person_id, checkpoint_id)
        return cards.checkpoint_card(content, checkpoint, previous, grades)

    async def complete_journey(
        self, person_id: int, tenant_id: str, *, teams_id: str | None = None
    ) -> Json | None:
        """Record the journey as completed (once) and return the workbook with the diploma.

        For the learning flow to call when the last module is done, and to send the card; with
        the leader's Teams user id the card refreshes its links whenever they open it again."""
        owner = await self._data.owner(person_id, tenant_id)
        if owner is None:
            return None
        await self._workbook.complete_journey(person_id)
        log.info("person %s completed the journey", person_id)
        content = self._content.for_tenant(tenant_id)
        return await self._card(owner, teams_id=teams_id, note=content.workbook.diploma_ready)

    # --- commands and buttons -----------------------------------------------------------------

    async def _on_workbook(self, turn: Turn) -> None:
        caller = personal_caller(turn)
        if caller is None:
            refuse_outside_personal_chat(turn, self._content)
            return
        card = await self.card(caller.person_id, caller.tenant_id, teams_id=_teams_id(turn))
        if card is not None:
            turn.show(card)

    async def _on_refresh(self, turn: Turn, _payload: RefreshWorkbook) -> Json | None:
        caller = personal_caller(turn)
        if caller is None:
            return None
        return await self.card(caller.person_id, caller.tenant_id, teams_id=_teams_id(turn))

    async def _on_checkpoint_open(self, turn: Turn, payload: OpenCheckpoint) -> Json | None:
        caller = personal_caller(turn)
        if caller is None:
            return None
        card = await self.checkpoint_card(caller.person_id, caller.tenant_id, payload.checkpoint)
        if card is None:
            content = self._content.for_tenant(caller.tenant_id)
            return await self.card(
                caller.person_id,
                caller.tenant_id,
                teams_id=_teams_id(turn),
                note=content.workbook.checkpoint_unknown,
            )
        return card

    async def _on_checkpoint_save(self, turn: Turn, payload: SaveCheckpoint) -> Json | None:
        caller = personal_caller(turn)
        if caller is None:
            return None
        content = self._content.for_tenant(caller.tenant_id)
        checkpoint = find_checkpoint(content, payload.checkpoint)
        if checkpoint is None:
            return await self.card(
                caller.person_id,
                caller.tenant_id,
                teams_id=_teams_id(turn),
                note=content.workbook.checkpoint_unknown,
            )
        grades: dict[str, int] = {}
        for area in content.maturity.areas:
            value = payload.area_answer(area.id)
            if value.isdigit() and int(value) in area.levels:
                grades[area.id] = int(value)
        if len(grades) < len(content.maturity.areas):
            previous = await self._previous(caller.person_id, content, checkpoint.id)
            return cards.checkpoint_card(
                content,
                checkpoint,
                previous,
                grades,
                error=content.onboarding.starting_point.required,
            )
        await self._workbook.set_maturity(caller.person_id, checkpoint.id, grades)
        log.info("person %s assessed maturity at %s", caller.person_id, checkpoint.id)
        return await self.card(
            caller.person_id,
            caller.tenant_id,
            teams_id=_teams_id(turn),
            note=content.workbook.checkpoint_saved,
        )

    # --- helpers ------------------------------------------------------------------------------

    async def _card(self, owner: Owner, *, teams_id: str | None, note: str | None) -> Json:
        content = self._content.for_tenant(owner.tenant_id)
        document = await self._files.document(owner, content)
        assessments = await self._workbook.checkpoints(owner.person_id)
        url = self._files.url
        person, tenant = owner.person_id, owner.tenant_id
        links = cards.WorkbookLinks(
            pdf=url(person, tenant, FileKind.WORKBOOK_PDF),
            markdown=url(person, tenant, FileKind.WORKBOOK_MARKDOWN),
            chart=url(person, tenant, FileKind.CHART) if document.maturity else None,
            diploma=url(person, tenant, FileKind.DIPLOMA) if document.completed else None,
            minutes=self._files.links.minutes,
        )
        return cards.workbook_card(
            content,
            document,
            links,
            next_checkpoint=next_checkpoint(content, assessments),
            owner_teams_id=teams_id,
            note=note,
        )

    async def _previous(
        self, person_id: int, content: Content, checkpoint_id: str
    ) -> tuple[str, dict[str, int]] | None:
        """The latest other checkpoint the leader assessed, to compare with."""
        labels = {c.id: c.label for c in content.maturity.checkpoints}
        earlier = [
            a
            for a in in_model_order(content, await self._workbook.checkpoints(person_id))
            if a.checkpoint != checkpoint_id
        ]
        if not earlier:
            return None
        return labels[earlier[-1].checkpoint], earlier[-1].grades


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
