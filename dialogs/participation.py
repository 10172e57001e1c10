"""The leader's own "pausa" and "fortsätt", and "påminnelser av" / "påminnelser på"."""

from __future__ import annotations

from chat.commands import Command, CommandHandler, CommandHandlers
from chat.turn import Turn
from content.messages import ParticipationTexts
from content.models import Content
from services.participation import ParticipationService


class ParticipationDialog:
    def __init__(
        self,
        content: Content,
        participation: ParticipationService,
        *,
        where_was_i: CommandHandler,
    ) -> None:
        self._content = content
        self._participation = participation
        self._where_was_i = where_was_i

    def register(self, commands: CommandHandlers) -> None:
        commands.register(Command.PAUSE, self._on_pause)
        commands.register(Command.CONTINUE, self._on_continue)
        commands.register(Command.NUDGES_OFF, self._on_nudges_off)
        commands.register(Command.NUDGES_ON, self._on_nudges_on)

    async def _on_pause(self, turn: Turn) -> None:
        caller = turn.caller
        paused = await self._participation.pause(caller.person_id, caller.tenant_id)
        texts = self._texts(turn)
        if paused is None:
            turn.say(texts.already_paused)
        else:
            turn.say(texts.paused if paused.in_groups else texts.paused_alone)

    async def _on_continue(self, turn: Turn) -> None:
        if await self._participation.resume(turn.caller.person_id):
            turn.say(self._texts(turn).resumed)
        await self._where_was_i(turn)

    async def _on_nudges_off(self, turn: Turn) -> None:
        changed = await self._participation.set_nudges(turn.caller.person_id, on=False)
        texts = self._texts(turn)
        turn.say(texts.nudges_off if changed else texts.nudges_already_off)

    async def _on_nudges_on(self, turn: Turn) -> None:
        changed = await self._participation.set_nudges(turn.caller.person_id, on=True)
        texts = self._texts(turn)
        turn.say(texts.nudges_on if changed else texts.nudges_already_on)

    def _texts(self, turn: Turn) -> ParticipationTexts:
        return self._content.for_tenant(turn.caller.tenant_id).messages.participation
