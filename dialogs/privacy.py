""" "mina data" and "radera mina data": the leader's own data, to take with them or to erase.

"mina data" shows what is stored, counted by kind, with signed links to all of it as JSON and as
PDF (storage.personal_data reads only the caller's rows). "radera mina data" asks first; "Ja,
radera" erases everything personal and every text, keeping only the anonymous counts that
storage.personal_data names, and makes this process forget the person, so their next message
starts over as a new participant.
"""

from __future__ import annotations

import logging

from cards import privacy as cards
from cards.elements import Json
from cards.privacy import DeleteAnswer
from chat.actions import CardActions
from chat.commands import Command, CommandHandlers
from chat.turn import Turn
from content.models import Content
from dialogs.workbook import personal_caller, refuse_outside_personal_chat
from storage.conversations import Conversations
from storage.directory import Directory
from storage.personal_data import PEOPLE, PersonalData
from workbook.files import WorkbookFiles
from workbook.links import FileKind

log = logging.getLogger(__name__)


class Privacy:
    def __init__(
        self,
        content: Content,
        personal_data: PersonalData,
        files: WorkbookFiles,
        directory: Directory,
        conversations: Conversations,
    ) -> None:
        self._content = content
        self._data = personal_data
        self._files = files
        self._directory = directory
        self._conversations = conversations

    def register(self, actions: CardActions, commands: CommandHandlers) -> None:
        commands.register(Command.MY_DATA, self._on_my_data)
        commands.register(Command.DELETE_MY_DATA, self._on_delete_my_data)
        actions.on(cards.DELETE_MY_DATA, DeleteAnswer, self._on_delete_answer)

    async def _on_my_data(self, turn: Turn) -> None:
        caller = personal_caller(turn)
        if caller is None:
            refuse_outside_personal_chat(turn, self._content)
            return
        content = self._content.for_tenant(caller.tenant_id)
        exported = await self._data.export(caller.person_id)
        counts = [(content.workbook.data_name(PEOPLE), 1)] + [
            (content.workbook.data_name(table), len(rows))
            for table, rows in sorted(exported.get("tables", {}).items())
        ]
        url = self._files.url
        card = cards.my_data_card(
            content,
            counts,
            json_url=url(caller.person_id, caller.tenant_id, FileKind.DATA_JSON),
            pdf_url=url(caller.person_id, caller.tenant_id, FileKind.DATA_PDF),
            minutes=self._files.links.minutes,
        )
        turn.show(card)

    async def _on_delete_my_data(self, turn: Turn) -> None:
        caller = personal_caller(turn)
        if caller is None:
            refuse_outside_personal_chat(turn, self._content)
            return
        content = self._content.for_tenant(caller.tenant_id)
        turn.show(cards.delete_confirmation_card(content))

    async def _on_delete_answer(self, turn: Turn, payload: DeleteAnswer) -> Json | None:
        caller = personal_caller(turn)
        if caller is None:
            return None
        content = self._content.for_tenant(caller.tenant_id)
        if payload.answer != cards.YES:
            return cards.not_deleted_card(content)
        report = await self._data.erase(caller.person_id)
        self._directory.forget(caller.person_id)
        self._conversations.forget()
        log.info("person %s erased their data on request", caller.person_id)
        if report.total_deleted == 0 and not report.kept:
            return cards.not_deleted_card(content, nothing_stored=True)
        return cards.deleted_card(content)
