"""The dialog layer's entry: continues the active botbuilder dialog, starts and cancels dialogs.

Dialog state lives in conversation state, which SqlStorage keeps in the database, so a leader who
leaves halfway continues where they were after a restart or on another replica.
"""

from __future__ import annotations

from botbuilder.core import ConversationState, TurnContext
from botbuilder.dialogs import Dialog, DialogSet, DialogTurnStatus


class DialogRunner:
    def __init__(self, conversation_state: ConversationState) -> None:
        self._dialogs = DialogSet(conversation_state.create_property("DialogState"))

    def add(self, dialog: Dialog) -> None:
        self._dialogs.add(dialog)

    async def on_text(self, turn_context: TurnContext, _text: str) -> bool:
        """Feed the turn to the active dialog; False when no dialog is waiting for it."""
        dialog_context = await self._dialogs.create_context(turn_context)
        if dialog_context.active_dialog is None:
            return False
        result = await dialog_context.continue_dialog()
        return result.status != DialogTurnStatus.Empty

    async def begin(
        self, turn_context: TurnContext, dialog_id: str, options: object = None
    ) -> None:
        dialog_context = await self._dialogs.create_context(turn_context)
        await dialog_context.cancel_all_dialogs()
        await dialog_context.begin_dialog(dialog_id, options)

    async def cancel(self, turn_context: TurnContext) -> bool:
        """Stop whatever dialog is active; False if there was none."""
        dialog_context = await self._dialogs.create_context(turn_context)
        if dialog_context.active_dialog is None:
            return False
        await dialog_context.cancel_all_dialogs()
        return True
