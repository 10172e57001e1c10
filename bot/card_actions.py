"""Card buttons by verb: Action.Execute invokes and Action.Submit messages reach the same handler.

A handler gets the turn and the action's data and returns the card that replaces the clicked one
(Teams swaps it in place), or None to leave the card as it is.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from botbuilder.core import TurnContext

from bot.registry import Registry

CardResult = dict[str, Any] | None
CardHandler = Callable[[TurnContext, dict[str, Any]], Awaitable[CardResult]]


class CardActions(Registry[str, CardHandler]):
    def __init__(self) -> None:
        super().__init__("card verb")
