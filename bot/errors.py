"""What happens when a turn fails: the operator gets the context, the leader a kind word."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from botbuilder.core import InvokeResponse, TurnContext
from botbuilder.schema import Activity, ActivityTypes

from bot.caller import tenant_of
from bot.clients import ConnectorClients
from bot.middleware import client_of
from bot.replies import text_activity
from content.models import Content

log = logging.getLogger(__name__)

ErrorHandler = Callable[[TurnContext, Exception], Awaitable[None]]


def turn_error_handler(content: Content, clients: ConnectorClients) -> ErrorHandler:
    async def on_turn_error(turn_context: TurnContext, error: Exception) -> None:
        activity = turn_context.activity
        log.error(
            "turn failed: type=%s name=%s id=%s conversation=%s tenant=%s",
            activity.type,
            activity.name,
            activity.id,
            activity.conversation.id if activity.conversation else None,
            tenant_of(activity),
            exc_info=error,
        )
        try:
            if activity.type == ActivityTypes.message:
                apology = text_activity(content.messages.turn_error, activity)
                client = client_of(turn_context, clients)
                await client.reply(activity.conversation.id, activity.id, apology)
            elif activity.type == ActivityTypes.invoke and activity.name == "adaptiveCard/action":
                await turn_context.send_activity(_card_error(content.messages.turn_error))
            # install events have nobody to tell; the log line above is for the operator
        except Exception:  # the connector may be what failed; the log above already has the cause
            log.warning("could not tell the user about the failed turn", exc_info=True)

    return on_turn_error


def _card_error(text: str) -> Activity:
    """Teams' error answer to a card action: the card stays, the leader sees the message."""
    body = {
        "statusCode": 500,
        "type": "application/vnd.microsoft.error",
        "value": {"code": "InternalError", "message": text},
    }
    return Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(status=200, body=body))
