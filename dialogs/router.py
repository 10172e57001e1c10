"""The front door of every conversation: which dialog a turn goes to. No SDK here.

- personal install, or a leader's very first message -> the welcome card
- the app or members added to / removed from a team -> the team's dialog
- a command ("hjälp", "avbryt", ...) -> its handler
- a card button -> the handler for its verb, with its payload validated first; `run_command`
  buttons do what typing their command does
- anything else -> the flow waiting for it (the onboarding, an open reflection), or a pointer
- in a team channel: the group's help and team there; anything personal in the member's 1:1
  chat, with a note in the channel
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import Any, Protocol

from cards.channel import GROUP_COMMANDS, channel_help_card
from cards.elements import Json
from cards.help import help_card
from chat.actions import CardActions, CardResult
from chat.caller import ConversationKind
from chat.commands import RUN_COMMAND, Command, CommandHandlers, CommandParser, RunCommand
from chat.flows import Flow
from chat.turn import TeamEvent, Turn
from content.models import Content
from dialogs.channel import ChannelDesk
from storage.directory import Directory

log = logging.getLogger(__name__)

# Teams sends installationUpdate and conversationUpdate together on install: one welcome.
REINSTALL_WELCOME_AFTER = timedelta(minutes=2)


class TeamEvents(Protocol):
    """Who handles the app or members added to or removed from a team."""

    async def members_added(self, event: TeamEvent) -> None: ...

    async def members_removed(self, event: TeamEvent) -> None: ...


HelpFilter = Callable[[Turn, frozenset[str]], Awaitable[frozenset[str]]]
"""The commands the help card shows this caller, of those available (a role's own commands)."""


class StaleAction:
    """A card action that no handler takes (unknown verb or a payload that does not validate)."""

    def __init__(self, text: str) -> None:
        self.text = text


class Router:
    def __init__(
        self,
        *,
        content: Content,
        directory: Directory,
        welcome: Callable[[Turn], Awaitable[None]],
        team: TeamEvents,
        actions: CardActions,
        commands: CommandHandlers,
        flows: Sequence[Flow],
        channel: ChannelDesk,
        help_for: HelpFilter | None = None,
    ) -> None:
        self._content = content
        self._directory = directory
        self._welcome = welcome
        self._team = team
        self._actions = actions
        self._commands = commands
        self._parser = CommandParser(content.messages)
        self._flows = tuple(flows)
        self._channel = channel
        self._help_for = help_for
        actions.on(RUN_COMMAND, RunCommand, self._on_run_command)

    async def on_installed(self, turn: Turn) -> None:
        """The app added to a personal chat (also seen as the bot joining the conversation)."""
        if turn.caller.conversation_kind == ConversationKind.PERSONAL:
            await self._greet(turn, again_after=REINSTALL_WELCOME_AFTER)

    async def on_team_event(self, event: TeamEvent, *, added: bool) -> None:
        if added:
            await self._team.members_added(event)
        else:
            await self._team.members_removed(event)

    async def on_message(self, turn: Turn) -> None:
        command = self._parser.parse(turn.text)
        if turn.caller.conversation_kind != ConversationKind.PERSONAL:
            await self._in_channel(turn, command)
            return
        if await self._greet(turn, again_after=None):
            return
        if command is not None and await self._run(turn, command):
            return
        for flow in self._flows:
            if await flow.on_text(turn, turn.text):
                return
        turn.say(self._content.messages.unknown_text)

    async def _on_run_command(self, turn: Turn, payload: RunCommand) -> CardResult:
        """A button that does what typing its command does; the clicked card stays."""
        if turn.caller.conversation_kind != ConversationKind.PERSONAL:
            await self._in_channel(turn, payload.command)
        elif not await self._run(turn, payload.command):
            turn.say(self._content.messages.stale_action)
        return None

    async def _in_channel(self, turn: Turn, command: Command | None) -> None:
        """The team channel is the group's: its help and its team are answered there; anything
        else (a tidsplan, the workbook, the onboarding) in the member's 1:1 chat."""
        content = self._content.for_tenant(turn.caller.tenant_id)
        if command in (Command.HELP, Command.HOME):
            turn.show(channel_help_card(content, self._commands.available))
        elif command in GROUP_COMMANDS:
            await self._run(turn, command)
        elif command is None:  # free text is never taken by a personal flow here
            turn.say(content.messages.channel.free_text.format(first_name=turn.caller.first_name))
        else:
            await self._channel.answer_privately(turn, lambda chat: self._privately(chat, command))

    async def _privately(self, turn: Turn, command: Command) -> None:
        """A personal command asked for in the channel: as if typed in the 1:1 chat."""
        if await self._greet(turn, again_after=None):
            return
        if not await self._run(turn, command):
            turn.say(self._content.for_tenant(turn.caller.tenant_id).messages.unknown_text)

    async def _run(self, turn: Turn, command: Command) -> bool:
        """Run a command; False when no capability handles it here."""
        if command is Command.HELP:  # works at any step: the flows stay where they were
            turn.show(await self._help_card(turn))
            return True
        if command is Command.CANCEL:
            cancelled = False
            for flow in self._flows:  # every one: none may keep prompting after "avbryt"
                cancelled = await flow.cancel(turn) or cancelled
            messages = self._content.messages
            turn.say(messages.cancelled if cancelled else messages.nothing_to_cancel)
            return True
        handler = self._commands.get(command)
        if handler is None:
            return False
        await handler(turn)
        return True

    async def on_card_action(
        self, turn: Turn, verb: str | None, data: dict[str, Any]
    ) -> CardResult | StaleAction:
        """The card that replaces the clicked one, None to keep it, or a stale-button answer."""
        action = self._actions.get(verb)
        if action is None:
            log.info("card action with unknown verb %r", verb)
            return StaleAction(self._content.messages.stale_action)
        payload = action.parse(data)
        if payload is None:
            log.info("card action %r with a payload that does not validate", verb)
            return StaleAction(self._content.messages.stale_action)
        return await action.handler(turn, payload)

    async def _greet(self, turn: Turn, *, again_after: timedelta | None) -> bool:
        caller = turn.caller
        if not await self._directory.claim_welcome(caller.person_id, again_after=again_after):
            return False
        await self._welcome(turn)
        log.info("welcomed person %s in tenant %s", caller.person_id, caller.tenant_id)
        return True

    async def _help_card(self, turn: Turn) -> Json:
        content = self._content.for_tenant(turn.caller.tenant_id)
        available = self._commands.available
        if self._help_for is not None:
            available = await self._help_for(turn, available)
        return help_card(content, available)
