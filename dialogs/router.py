"""The front door of every conversation: which dialog a turn goes to. No SDK here.

- personal install, or a leader's very first message -> the welcome card
- the app or members added to / removed from a team -> the team's dialog
- a command ("hjälp", "avbryt", "hej", "tack", or close to one: chat.understanding) -> its handler
- a card button -> the handler for its verb, with its payload validated first; `run_command`
  buttons do what typing their command does
- a message that may be one of a few commands -> "Menade du …?" with a button for each, and
  "Nej, inget av dem", which hands the text on as below (nothing is lost)
- anything else -> the flow waiting for it (the goal, an open reflection), or one short
  sentence with a small card: the next step's button (where the flows say the leader is) and
  "Hjälp"
- in a team channel: the group's help and team there; anything personal in the member's 1:1
  chat, with a note in the channel
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import Any, Protocol

from cards.elements import Json
from cards.help import channel_help_card, help_card
from cards.understanding import (
    NONE_OF_THEM,
    NoneOfThem,
    did_you_mean_card,
    next_step_card,
)
from chat.actions import CardActions, CardResult
from chat.caller import ConversationKind
from chat.commands import RUN_COMMAND, Command, CommandHandlers, RunCommand
from chat.flows import Flow, NextStep
from chat.turn import TeamEvent, Turn
from chat.understanding import SMALL_TALK, Sure, Understanding, Unsure
from content.models import Content
from dialogs.channel import ChannelDesk

log = logging.getLogger(__name__)

# What a member may ask for in a team channel and get there: the group's, never one person's.
GROUP_COMMANDS = (Command.HELP, Command.MY_TEAM)

# Teams sends installationUpdate and conversationUpdate together on install: one welcome.
REINSTALL_WELCOME_AFTER = timedelta(minutes=2)


class Welcome(Protocol):
    """Who greets a leader with the welcome card (the onboarding)."""

    async def greet(self, turn: Turn, *, again_after: timedelta | None) -> bool: ...


class TeamEvents(Protocol):
    """Who handles the app or members added to or removed from a team."""

    async def members_added(self, event: TeamEvent) -> None: ...

    async def members_removed(self, event: TeamEvent) -> None: ...

    async def channels_changed(self, event: TeamEvent) -> None: ...


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
        welcome: Welcome,
        team: TeamEvents,
        actions: CardActions,
        commands: CommandHandlers,
        flows: Sequence[Flow],
        channel: ChannelDesk,
        help_for: HelpFilter | None = None,
    ) -> None:
        self._content = content
        self._welcome = welcome
        self._team = team
        self._actions = actions
        self._commands = commands
        self._understanding = Understanding(content)
        self._flows = tuple(flows)
        self._channel = channel
        self._help_for = help_for
        actions.on(RUN_COMMAND, RunCommand, self._on_run_command)
        actions.on(NONE_OF_THEM, NoneOfThem, self._on_none_of_them)

    async def on_installed(self, turn: Turn) -> None:
        """The app added to a personal chat (also seen as the bot joining the conversation)."""
        if turn.caller.conversation_kind == ConversationKind.PERSONAL:
            await self._greet(turn, again_after=REINSTALL_WELCOME_AFTER)

    async def on_channels_changed(self, event: TeamEvent) -> None:
        await self._team.channels_changed(event)

    async def on_team_event(self, event: TeamEvent, *, added: bool) -> None:
        if added:
            await self._team.members_added(event)
        else:
            await self._team.members_removed(event)

    async def on_message(self, turn: Turn) -> None:
        if turn.caller.conversation_kind != ConversationKind.PERSONAL:
            meaning = self._understanding.understand(turn.caller.tenant_id, turn.text)
            await self._in_channel(turn, meaning.command if isinstance(meaning, Sure) else None)
            return
        if await self._greet(turn, again_after=None):
            return
        await self._understand(turn, turn.text)

    # --- understanding what the leader wrote ---------------------------------------------------

    async def _understand(self, turn: Turn, text: str) -> None:
        meaning = self._understanding.understand(turn.caller.tenant_id, text)
        if isinstance(meaning, Sure) and await self._run(turn, meaning.command):
            return
        if isinstance(meaning, Unsure):
            candidates = [command for command in meaning.candidates if self._offers(command)]
            if candidates:
                turn.show(did_you_mean_card(self._content_for(turn), candidates, text))
                return
        if await self._hand_to_flows(turn, text):
            return
        if self._understanding.vocabulary(turn.caller.tenant_id).greets(text):
            await self._small_talk(turn, Command.GREETING)  # "hej, nu är jag tillbaka"
            return
        await self._answer(turn, self._content_for(turn).messages.understanding.not_understood)

    async def _hand_to_flows(self, turn: Turn, text: str) -> bool:
        for flow in self._flows:
            if await flow.on_text(turn, text):
                return True
        return False

    async def _on_none_of_them(self, turn: Turn, payload: NoneOfThem) -> CardResult:
        """ "Nej, inget av dem": the text as no command; a short answer replaces the question."""
        if await self._hand_to_flows(turn, payload.text):
            return None
        texts = self._content_for(turn).messages.understanding
        return await self._next_step_card(turn, texts.none_of_them_reply)

    async def _answer(self, turn: Turn, sentence: str) -> None:
        """One sentence, and a small card with the next step's button and "Hjälp"."""
        turn.show(await self._next_step_card(turn, sentence))

    async def _next_step_card(self, turn: Turn, sentence: str) -> Json:
        """The sentence and where the leader is; in a channel only "Hjälp" (it is the group's)."""
        content = self._content_for(turn)
        if turn.caller.conversation_kind != ConversationKind.PERSONAL:
            return next_step_card(content, [sentence], None)
        step = await self._next_step(turn)
        if step is not None:
            return next_step_card(content, [sentence, step.note], (step.button, step.command))
        return next_step_card(content, [sentence], self._default_step(content))

    def _default_step(self, content: Content) -> tuple[str, Command] | None:
        """Outside the flows: the home card once there is one, else the module."""
        for command in (Command.HOME, Command.MODULE):
            entry = content.messages.help_command(command.value)
            if entry is not None and self._commands.get(command) is not None:
                return entry.button_title, command
        return None

    async def _next_step(self, turn: Turn) -> NextStep | None:
        for flow in self._flows:
            step = await flow.next_step(turn)
            if step is not None:
                return step
        return None

    def _offers(self, command: Command) -> bool:
        """Whether a "Menade du …?" button for the command would do something here."""
        return command not in SMALL_TALK and command in self._commands.available

    async def _on_run_command(self, turn: Turn, payload: RunCommand) -> CardResult:
        """A button that does what typing its command does; the clicked card stays."""
        if turn.caller.conversation_kind != ConversationKind.PERSONAL:
            await self._in_channel(turn, payload.command)
        elif not await self._run(turn, payload.command):
            turn.say(self._content_for(turn).messages.stale_action)
        return None

    async def _in_channel(self, turn: Turn, command: Command | None) -> None:
        """The team channel is the group's: its help and its team are answered there; anything
        else (a tidsplan, the workbook, the onboarding) in the member's 1:1 chat."""
        content = self._content.for_tenant(turn.caller.tenant_id)
        if command in (Command.HELP, Command.HOME, Command.GREETING):
            turn.show(channel_help_card(content, self._commands.available))
        elif command in GROUP_COMMANDS or command is Command.THANKS:
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
            turn.say(self._content_for(turn).messages.understanding.not_understood)

    async def _run(self, turn: Turn, command: Command) -> bool:
        """Run a command; False when no capability handles it here."""
        if command is Command.HELP:  # works at any step: the flows stay where they were
            turn.show(await self._help_card(turn))
            return True
        if command is Command.CANCEL:
            cancelled = False
            for flow in self._flows:  # every one: none may keep prompting after "avbryt"
                cancelled = await flow.cancel(turn) or cancelled
            messages = self._content_for(turn).messages
            turn.say(messages.cancelled if cancelled else messages.nothing_to_cancel)
            return True
        if command in SMALL_TALK:
            await self._small_talk(turn, command)
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
            return StaleAction(self._content_for(turn).messages.stale_action)
        payload = action.parse(data)
        if payload is None:
            log.info("card action %r with a payload that does not validate", verb)
            return StaleAction(self._content_for(turn).messages.stale_action)
        return await action.handler(turn, payload)

    async def _greet(self, turn: Turn, *, again_after: timedelta | None) -> bool:
        return await self._welcome.greet(turn, again_after=again_after)

    async def _small_talk(self, turn: Turn, command: Command) -> None:
        """ "hej": the home card, or while a flow waits (the onboarding) a greeting with the way
        back to it; "tack": a warm word back."""
        texts = self._content_for(turn).messages.understanding
        home = self._commands.get(Command.HOME)
        if command is Command.THANKS:
            turn.say(texts.thanks_reply)
        elif home is not None and await self._next_step(turn) is None:
            await home(turn)
        else:  # mid-onboarding: a greeting and the way back to the step, not a whole card
            await self._answer(turn, texts.greeting_reply)

    async def _help_card(self, turn: Turn) -> Json:
        available = self._commands.available
        if self._help_for is not None:  # coordinators see their commands too
            available = await self._help_for(turn, available)
        return help_card(self._content_for(turn), available)

    def _content_for(self, turn: Turn) -> Content:
        return self._content.for_tenant(turn.caller.tenant_id)
