"""What happens when a turn fails: the operator gets the context, the leader a kind word."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from botbuilder.core import TurnContext
from botbuilder.schema import ActivityTypes

from bot.caller import tenant_of
from content.models import Content

log = logging.getLogger(__name__)

ErrorHandler = Callable[[TurnContext, Exception], Awaitable[None]]


def turn_error_handler(content: Content) -> ErrorHandler:
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
        if activity.type != ActivityTypes.message:
            return  # invokes get their error status; install events have nobody to tell
        try:
            await turn_context.send_activity(content.messages.turn_error)
        except Exception:  # the connector may be what failed; the log above already has the cause
            log.warning("could not tell the user about the failed turn", exc_info=True)

    return on_turn_error
