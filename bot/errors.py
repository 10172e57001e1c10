"""What happens when a turn fails: the operator gets the context, the leader a kind word."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.caller import tenant_of
from bot.handler import CARD_ACTION
from bot.replies import text_activity
from bot.scope import InvokeAnswer, TurnScope
from content.language import DEFAULT_LANGUAGE
from content.models import Content

log = logging.getLogger(__name__)

ErrorHandler = Callable[[TurnScope, Exception], Awaitable[None]]


def turn_error_handler(content: Content) -> ErrorHandler:
    async def on_turn_error(scope: TurnScope, error: Exception) -> None:
        activity = scope.activity
        log.error(
            "turn failed: type=%s name=%s id=%s conversation=%s tenant=%s",
            activity.type,
            activity.name,
            activity.id,
            activity.conversation.id,
            tenant_of(activity),
            exc_info=error,
        )
        # The error left the turn's `speaking`: say sorry in its language all the same.
        messages = content.for_language(scope.language or DEFAULT_LANGUAGE).messages
        try:
            if activity.type == "message":
                apology = text_activity(messages.turn_error, activity)
                if activity.id:
                    await scope.client.reply(activity.conversation.id, activity.id, apology)
                else:
                    await scope.client.send(activity.conversation.id, apology)
            elif activity.type == "invoke" and activity.name == CARD_ACTION:
                scope.answer(_card_error(messages.turn_error))
            # install events have nobody to tell; the log line above is for the operator
        except Exception:  # the connector may be what failed; the log above already has the cause
            log.warning("could not tell the user about the failed turn", exc_info=True)

    return on_turn_error


def _card_error(text: str) -> InvokeAnswer:
    """Teams' error answer to a card action: the card stays, the leader sees the message."""
    body = {
        "statusCode": 500,
        "type": "application/vnd.microsoft.error",
        "value": {"code": "InternalError", "message": text},
    }
    return InvokeAnswer(200, body)
