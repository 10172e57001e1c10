"""Card buttons by verb: Action.Execute invokes and Action.Submit messages reach the same handler.

A handler gets the turn and the action's data and returns the card that replaces the clicked one
(Teams swaps it in place), or None to leave the card as it is.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from botbuilder.core import TurnContext

CardResult = dict[str, Any] | None
CardHandler = Callable[[TurnContext, dict[str, Any]], Awaitable[CardResult]]


class CardActions:
    def __init__(self) -> None:
        self._handlers: dict[str, CardHandler] = {}

    def register(self, verb: str, handler: CardHandler) -> None:
        if verb in self._handlers:
            raise ValueError(f"card verb {verb!r} registered twice")
        self._handlers[verb] = handler

    def get(self, verb: str | None) -> CardHandler | None:
        return self._handlers.get(verb) if verb else None

    @property
    def verbs(self) -> frozenset[str]:
        return frozenset(self._handlers)
