"""The Teams edge's turn: an activity becomes a chat.Turn (or a TeamEvent) for the router, and
the turn's replies go back to Teams as plain JSON activities. It decides nothing itself.
"""

from __future__ import annotations

import logging
from typing import Any

from botbuilder.core import InvokeResponse, TurnContext
from botbuilder.schema import Activity, ActivityTypes

from bot.caller import Origin, origin_of, team_of
from bot.clients import ConnectorClients
from bot.middleware import client_of, roster_of
from bot.replies import activity_of, card_activity
from cards.elements import CARD_CONTENT_TYPE
from chat.actions import CardResult
from chat.caller import ConversationKind, TeamsAccount
from chat.turn import TeamEvent, Turn
from dialogs.router import Router, StaleAction

log = logging.getLogger(__name__)

MESSAGE_RESPONSE = "application/vnd.microsoft.activity.message"
CARD_ACTION = "adaptiveCard/action"


class TeamsEdge:
    """botbuilder's `Bot`: CloudAdapter authenticates the request and runs the middleware."""

    def __init__(self, router: Router, clients: ConnectorClients) -> None:
        self._router = router
        self._clients = clients

    async def on_turn(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        if activity.type == ActivityTypes.message:
            await self._on_message(turn_context)
        elif activity.type == ActivityTypes.invoke:
            await self._on_invoke(turn_context)
        elif activity.type == ActivityTypes.installation_update:
            if activity.action == "add":
                await self._on_installed(turn_context)
        elif activity.type == ActivityTypes.conversation_update:
            await self._on_conversation_update(turn_context)

    # --- messages and card buttons ---------------------------------------------------------

    async def _on_message(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        turn = self._turn(turn_context)
        if turn is None:
            return
        if isinstance(activity.value, dict) and not activity.text:
            await self._on_card_submit(turn_context, turn, activity.value)
            return
        turn.text = TurnContext.remove_recipient_mention(activity) or ""
        await self._router.on_message(turn)
        await self._flush(turn_context, turn)

    async def _on_card_submit(
        self, turn_context: TurnContext, turn: Turn, value: dict[str, Any]
    ) -> None:
        """Action.Submit: a message with the data; the clicked card is replaced by an edit."""
        verb = value.get("verb")
        result = await self._router.on_card_action(
            turn, verb if isinstance(verb, str) else None, value
        )
        if isinstance(result, StaleAction):
            turn.say(result.text)
        elif result is not None:
            reply_to = turn_context.activity.reply_to_id
            if reply_to:
                client = client_of(turn_context, self._clients)
                update = card_activity(result, turn_context.activity)
                await client.update(turn.address.conversation_id, reply_to, update)
            else:
                turn.show(result)
        await self._flush(turn_context, turn)

    async def _on_invoke(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        if activity.name != CARD_ACTION:
            await _answer_invoke(turn_context, InvokeResponse(status=501))
            return
        turn = self._turn(turn_context)
        if turn is None:
            await _answer_invoke(turn_context, _invoke_message(""))
            return
        value = _mapping(activity.value)
        action = _mapping(value.get("action"))
        data = _mapping(action.get("data"))
        verb = action.get("verb") or data.get("verb")
        result = await self._router.on_card_action(
            turn, verb if isinstance(verb, str) else None, data
        )
        await _answer_invoke(turn_context, _invoke_answer(result))
        await self._flush(turn_context, turn)

    # --- install and membership -------------------------------------------------------------

    async def _on_installed(self, turn_context: TurnContext) -> None:
        turn = self._turn(turn_context)
        if turn is not None and turn.caller.conversation_kind == ConversationKind.PERSONAL:
            await self._router.on_installed(turn)
            await self._flush(turn_context, turn)

    async def _on_conversation_update(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        bot_id = activity.recipient.id if activity.recipient else None
        team = team_of(activity)
        for added, members in ((True, activity.members_added), (False, activity.members_removed)):
            if not members:
                continue
            if team is not None:
                await self._router.on_team_event(
                    self._team_event(turn_context, members), added=added
                )
            elif added and any(member.id == bot_id for member in members):
                await self._on_installed(turn_context)

    def _team_event(self, turn_context: TurnContext, members: list[Any]) -> TeamEvent:
        activity = turn_context.activity
        origin = origin_of(turn_context)
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
            roster=roster_of(turn_context, self._clients),
            members=accounts,
            bot_included=any(m.id == bot_id for m in members),
        )

    # --- helpers ----------------------------------------------------------------------------

    def _turn(self, turn_context: TurnContext) -> Turn | None:
        origin: Origin = origin_of(turn_context)
        if origin.caller is None or origin.sender is None:
            log.info("activity %s has no person behind it; ignored", turn_context.activity.id)
            return None
        activity = turn_context.activity
        return Turn(
            caller=origin.caller,
            sender=origin.sender,
            address=origin.address,
            roster=roster_of(turn_context, self._clients),
            team=team_of(activity),
        )

    async def _flush(self, turn_context: TurnContext, turn: Turn) -> None:
        """The turn's replies, in order, as replies to the activity that started it."""
        if not turn.replies:
            return
        activity = turn_context.activity
        client = client_of(turn_context, self._clients)
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


def _invoke_answer(result: CardResult | StaleAction) -> InvokeResponse:
    if isinstance(result, StaleAction):
        return _invoke_message(result.text)
    if result is None:
        return _invoke_message("")
    # Plain JSON: botbuilder types the value as an object, but Teams expects a string for a
    # message response, which msrest refuses to serialise.
    return InvokeResponse(
        status=200, body={"statusCode": 200, "type": CARD_CONTENT_TYPE, "value": result}
    )


def _invoke_message(text: str) -> InvokeResponse:
    """An invoke answer Teams shows as a short message instead of changing the card."""
    return InvokeResponse(
        status=200, body={"statusCode": 200, "type": MESSAGE_RESPONSE, "value": text}
    )


async def _answer_invoke(turn_context: TurnContext, response: InvokeResponse) -> None:
    await turn_context.send_activity(Activity(type=ActivityTypes.invoke_response, value=response))
