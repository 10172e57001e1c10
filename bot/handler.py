"""The Teams activity handler: it only routes. Every decision lives in dialogs and services.

- personal install, or a leader's very first message -> the welcome card
- the app or members added to / removed from a team -> the team events hook
- a command ("hjälp", "avbryt", ...) -> its handler
- a card button (Action.Execute invoke or Action.Submit message) -> the handler for its verb
- anything else -> the active dialog, or a friendly pointer to "hjälp"
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import Any, Protocol

from botbuilder.core import (
    CardFactory,
    ConversationState,
    InvokeResponse,
    MessageFactory,
    TurnContext,
    UserState,
)
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.schema.teams import TeamInfo, TeamsChannelAccount

from bot.caller import caller_of
from bot.card_actions import CardActions
from bot.commands import Command, CommandHandlers, CommandParser
from bot.flows import Flow
from bot.replies import send_card
from cards.elements import CARD_CONTENT_TYPE
from cards.help import help_card
from content.models import Content
from storage.directory import Directory

log = logging.getLogger(__name__)

# Teams sends installationUpdate and conversationUpdate together on install: one welcome.
REINSTALL_WELCOME_AFTER = timedelta(minutes=2)
MESSAGE_RESPONSE = "application/vnd.microsoft.activity.message"


class TeamEvents(Protocol):
    """Members (the bot among them) added to or removed from a team the app is in."""

    async def members_added(
        self, turn_context: TurnContext, members: Sequence[TeamsChannelAccount]
    ) -> None: ...

    async def members_removed(
        self, turn_context: TurnContext, members: Sequence[TeamsChannelAccount]
    ) -> None: ...


class ExpeditionBot(TeamsActivityHandler):
    def __init__(
        self,
        *,
        content: Content,
        directory: Directory,
        welcome: Callable[[TurnContext], Awaitable[None]],
        team_events: TeamEvents | None = None,
        actions: CardActions,
        commands: CommandHandlers,
        flows: Sequence[Flow],
        conversation_state: ConversationState,
        user_state: UserState,
    ) -> None:
        self._content = content
        self._directory = directory
        self._welcome = welcome
        self._team_events = team_events
        self._actions = actions
        self._commands = commands
        self._parser = CommandParser(content.messages)
        self._flows = tuple(flows)
        self._conversation_state = conversation_state
        self._user_state = user_state

    async def on_turn(self, turn_context: TurnContext) -> None:
        await super().on_turn(turn_context)
        await self._conversation_state.save_changes(turn_context)
        await self._user_state.save_changes(turn_context)

    # --- install events -------------------------------------------------------------------

    async def on_installation_update_add(self, turn_context: TurnContext) -> None:
        if caller_of(turn_context).conversation_kind == "personal":
            await self._greet(turn_context, again_after=REINSTALL_WELCOME_AFTER)

    async def on_teams_members_added(  # type: ignore[override]
        self,
        teams_members_added: list[TeamsChannelAccount],
        team_info: TeamInfo,
        turn_context: TurnContext,
    ) -> None:
        if team_info is not None and self._team_events is not None:
            return await self._team_events.members_added(turn_context, teams_members_added)
        bot_id = turn_context.activity.recipient.id
        bot_added = any(member.id == bot_id for member in teams_members_added)
        if bot_added and caller_of(turn_context).conversation_kind == "personal":
            await self._greet(turn_context, again_after=REINSTALL_WELCOME_AFTER)

    async def on_teams_members_removed(  # type: ignore[override]
        self,
        teams_members_removed: list[TeamsChannelAccount],
        team_info: TeamInfo,
        turn_context: TurnContext,
    ) -> None:
        if team_info is not None and self._team_events is not None:
            await self._team_events.members_removed(turn_context, teams_members_removed)

    # --- messages ---------------------------------------------------------------------------

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        if isinstance(activity.value, dict) and not activity.text:
            return await self._on_card_submit(turn_context, activity.value)
        caller = caller_of(turn_context)
        if caller.conversation_kind == "personal" and await self._greet(
            turn_context, again_after=None
        ):
            return None
        text = TurnContext.remove_recipient_mention(activity) or ""
        command = self._parser.parse(text)
        if command is Command.HELP:  # works at any step: the active dialog stays where it was
            return await send_card(turn_context, self._help_card(turn_context))
        if command is Command.CANCEL:
            cancelled = False
            for flow in self._flows:  # every one: none may keep prompting after "avbryt"
                cancelled = await flow.cancel(turn_context) or cancelled
            messages = self._content.messages
            return await self._say(
                turn_context, messages.cancelled if cancelled else messages.nothing_to_cancel
            )
        handler = self._commands.get(command)
        if handler is not None:
            return await handler(turn_context)
        for flow in self._flows:
            if await flow.on_text(turn_context, text):
                return None
        await self._say(turn_context, self._content.messages.unknown_text)

    # --- card buttons -----------------------------------------------------------------------

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse:
        if turn_context.activity.name != "adaptiveCard/action":
            return await super().on_invoke_activity(turn_context)
        # Built here as plain JSON: botbuilder types the response value as an object, but Teams
        # expects a string for a message response, which msrest refuses to serialise.
        action = (turn_context.activity.value or {}).get("action") or {}
        data = action.get("data") if isinstance(action.get("data"), dict) else {}
        handler = self._actions.get(action.get("verb") or data.get("verb"))
        if handler is None:
            log.info("card action with unknown verb %r", action.get("verb"))
            return _invoke_message(self._content.messages.stale_action)
        card = await handler(turn_context, data)
        if card is None:
            return _invoke_message("")
        return InvokeResponse(
            status=200, body={"statusCode": 200, "type": CARD_CONTENT_TYPE, "value": card}
        )

    async def _on_card_submit(self, turn_context: TurnContext, value: dict[str, Any]) -> None:
        handler = self._actions.get(value.get("verb"))
        if handler is None:
            return await self._say(turn_context, self._content.messages.stale_action)
        card = await handler(turn_context, value)
        if card is None:
            return None
        reply_to = turn_context.activity.reply_to_id
        if reply_to:  # replace the clicked card, as Action.Execute would
            update = MessageFactory.attachment(CardFactory.adaptive_card(card))
            update.id = reply_to
            await turn_context.update_activity(update)
            return None
        await send_card(turn_context, card)

    # --- helpers ----------------------------------------------------------------------------

    async def _greet(self, turn_context: TurnContext, *, again_after: timedelta | None) -> bool:
        caller = caller_of(turn_context)
        if caller.person_id is None:
            return False
        if not await self._directory.claim_welcome(caller.person_id, again_after=again_after):
            return False
        await self._welcome(turn_context)
        log.info("welcomed person %s in tenant %s", caller.person_id, caller.tenant_id)
        return True

    def _help_card(self, turn_context: TurnContext) -> dict[str, Any]:
        content = self._content.for_tenant(caller_of(turn_context).tenant_id)
        return help_card(content, self._commands.available)

    @staticmethod
    async def _say(turn_context: TurnContext, text: str) -> None:
        await turn_context.send_activity(MessageFactory.text(text))


def _invoke_message(text: str) -> InvokeResponse:
    """An invoke answer Teams shows as a short message instead of changing the card."""
    return InvokeResponse(
        status=200, body={"statusCode": 200, "type": MESSAGE_RESPONSE, "value": text}
    )
