"""The Teams edge's turn: an activity becomes a chat.Turn (or a TeamEvent) for the router, and
the turn's replies go back to Teams as plain JSON activities. It decides nothing itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from bot.activity import ChannelAccount, text_without_bot_mention
from bot.caller import team_of
from bot.middleware import roster_of
from bot.replies import activity_of, card_activity
from bot.scope import InvokeAnswer, TurnScope
from cards.elements import CARD_CONTENT_TYPE
from chat.actions import CardResult
from chat.caller import ConversationKind, TeamsAccount
from chat.turn import TeamEvent, Turn
from dialogs.router import Router, StaleAction

log = logging.getLogger(__name__)

MESSAGE_RESPONSE = "application/vnd.microsoft.activity.message"
CARD_ACTION = "adaptiveCard/action"
# Teams tells a team's bot about its channels with these conversationUpdate event types.
CHANNEL_EVENTS = frozenset(
    {"channelCreated", "channelRenamed", "channelDeleted", "channelRestored"}
)


class TeamsEdge:
    """The end of the pipeline: the request is authenticated and the caller resolved."""

    def __init__(
        self,
        router: Router,
        *,
        keep_reads: Callable[[], AbstractContextManager[None]] = nullcontext,
    ) -> None:
        self._router = router
        # A message's flows ask the same rows (an open reflection, the onboarding step): read once.
        self._keep_reads = keep_reads

    async def __call__(self, scope: TurnScope) -> None:
        activity = scope.activity
        if activity.type == "message":
            await self._on_message(scope)
        elif activity.type == "invoke":
            await self._on_invoke(scope)
        elif activity.type == "installationUpdate":
            if activity.action == "add":
                await self._on_installed(scope)
        elif activity.type == "conversationUpdate":
            await self._on_conversation_update(scope)

    # --- messages and card buttons ---------------------------------------------------------

    async def _on_message(self, scope: TurnScope) -> None:
        activity = scope.activity
        turn = self._turn(scope)
        if turn is None:
            return
        if isinstance(activity.value, dict) and not activity.text:
            await self._on_card_submit(scope, turn, activity.value)
            return
        turn.text = text_without_bot_mention(activity)
        with self._keep_reads():
            await self._router.on_message(turn)
        await self._flush(scope, turn)

    async def _on_card_submit(self, scope: TurnScope, turn: Turn, value: dict[str, Any]) -> None:
        """Action.Submit: a message with the data; the clicked card is replaced by an edit."""
        verb = value.get("verb")
        result = await self._router.on_card_action(
            turn, verb if isinstance(verb, str) else None, value
        )
        if isinstance(result, StaleAction):
            turn.say(result.text)
        elif result is not None:
            reply_to = scope.activity.reply_to_id
            if reply_to:
                update = card_activity(result, scope.activity)
                await scope.client.update(turn.address.conversation_id, reply_to, update)
            else:
                turn.show(result)
        await self._flush(scope, turn)

    async def _on_invoke(self, scope: TurnScope) -> None:
        activity = scope.activity
        if activity.name != CARD_ACTION:
            scope.answer(InvokeAnswer(501))
            return
        turn = self._turn(scope)
        if turn is None:
            scope.answer(_invoke_message(""))
            return
        value = _mapping(activity.value)
        action = _mapping(value.get("action"))
        data = _mapping(action.get("data"))
        verb = action.get("verb") or data.get("verb")
        result = await self._router.on_card_action(
            turn, verb if isinstance(verb, str) else None, data
        )
        scope.answer(_invoke_answer(result))
        await self._flush(scope, turn)

    # --- install and membership -------------------------------------------------------------

    async def _on_installed(self, scope: TurnScope) -> None:
        turn = self._turn(scope)
        if turn is not None and turn.caller.conversation_kind == ConversationKind.PERSONAL:
            await self._router.on_installed(turn)
            await self._flush(scope, turn)

    async def _on_conversation_update(self, scope: TurnScope) -> None:
        activity = scope.activity
        bot_id = activity.recipient.id if activity.recipient else None
        team = team_of(activity)
        if team is not None and activity.channel_data.get("eventType") in CHANNEL_EVENTS:
            await self._router.on_channels_changed(self._team_event(scope, ()))
            return
        for added, members in ((True, activity.members_added), (False, activity.members_removed)):
            if not members:
                continue
            if team is not None:
                await self._router.on_team_event(self._team_event(scope, members), added=added)
            elif added and any(member.id == bot_id for member in members):
                await self._on_installed(scope)

    def _team_event(self, scope: TurnScope, members: tuple[ChannelAccount, ...]) -> TeamEvent:
        activity = scope.activity
        origin = scope.resolved
        team = team_of(activity)
        assert team is not None
        bot_id = activity.recipient.id if activity.recipient else None
        accounts = tuple(
            TeamsAccount(m.id, (m.aad_object_id or "").lower(), m.name or "")
            for m in members
            if m.id != bot_id
        )
        return TeamEvent(
            organisation_id=origin.organisation_id,
            tenant_id=origin.tenant_id,
            team=team,
            address=origin.address,
            roster=roster_of(scope),
            members=accounts,
            bot_included=any(m.id == bot_id for m in members),
        )

    # --- helpers ----------------------------------------------------------------------------

    def _turn(self, scope: TurnScope) -> Turn | None:
        origin = scope.resolved
        if origin.caller is None or origin.sender is None:
            log.info("activity %s has no person behind it; ignored", scope.activity.id)
            return None
        activity = scope.activity
        return Turn(
            caller=origin.caller,
            sender=origin.sender,
            address=origin.address,
            roster=roster_of(scope),
            team=team_of(activity),
        )

    async def _flush(self, scope: TurnScope, turn: Turn) -> None:
        """The turn's replies, in order, as replies to the activity that started it."""
        if not turn.replies:
            return
        activity = scope.activity
        client = scope.client
        conversation_id = activity.conversation.id
        for reply in turn.replies:
            payload = activity_of(reply, activity)
            if activity.id:
                await client.reply(conversation_id, activity.id, payload)
            else:
                await client.send(conversation_id, payload)
        turn.replies.clear()


def _mapping(value: object) -> dict[str, Any]:
    """A JSON object from the wire, or an empty one when it is anything else."""
    return value if isinstance(value, dict) else {}


def _invoke_answer(result: CardResult | StaleAction) -> InvokeAnswer:
    if isinstance(result, StaleAction):
        return _invoke_message(result.text)
    if result is None:
        return _invoke_message("")
    return InvokeAnswer(200, {"statusCode": 200, "type": CARD_CONTENT_TYPE, "value": result})


def _invoke_message(text: str) -> InvokeAnswer:
    """An invoke answer Teams shows as a short message instead of changing the card."""
    return InvokeAnswer(200, {"statusCode": 200, "type": MESSAGE_RESPONSE, "value": text})
