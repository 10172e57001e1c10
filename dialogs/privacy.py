""" "mina data" and "radera mina data" in the personal chat: what is stored, with links to take
it along, and the erasure, asked for twice. services.privacy does both; this shows the cards.
"""

from __future__ import annotations

from cards import privacy as cards
from cards.elements import Json
from cards.privacy import DeleteAnswer
from chat.actions import CardActions
from chat.commands import Command, CommandHandlers
from chat.turn import Turn
from content.models import Content
from dialogs.workbook import personal_caller, refuse_outside_personal_chat
from services.privacy import PrivacyService


class PrivacyDialog:
    def __init__(self, content: Content, privacy: PrivacyService) -> None:
        self._content = content
        self._privacy = privacy

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
        data = await self._privacy.my_data(caller.person_id, caller.tenant_id)
        texts = content.workbook
        kinds = [
            cards.StoredKind(
                texts.data_name(table),
                count,
                texts.why(table),
                texts.keep_anonymously
                if table in data.kept_for_counts
                else texts.keep_until_erased,
            )
            for table, count in sorted(data.counts, key=lambda kind: texts.order(kind[0]))
        ]
        card = cards.my_data_card(
            content,
            kinds,
            first_name=caller.first_name,
            json_url=data.json_url,
            pdf_url=data.pdf_url,
            minutes=data.minutes,
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
        report = await self._privacy.erase(caller.person_id)
        if report.total_deleted == 0 and not report.kept:
            return cards.not_deleted_card(content, nothing_stored=True)
        return cards.deleted_card(content)
