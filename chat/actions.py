"""Card buttons by verb, each with a typed payload validated at the edge.

Action.Execute invokes and Action.Submit messages reach the same handler. A handler gets the
turn and its payload (the button's data with the card's input values merged in) and returns the
card that replaces the clicked one, or None to leave it. A payload that does not validate never
reaches a handler: the leader gets "that button no longer works".
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cards.elements import Json
from chat.registry import Registry
from chat.turn import Turn

# The longest input a card may send: every text field has a smaller limit of its own (content/)
# and a longer text gets its "för lång" answer with the text shown back; past this (and the
# edge's 256 KB body cap) a payload is not one of ours.
MAX_INPUT_CHARS = 100_000


class ActionPayload(BaseModel):
    """A button's data. Unknown keys are ignored: Teams adds its own (e.g. `msteams`)."""

    model_config = ConfigDict(extra="ignore", frozen=True, str_max_length=MAX_INPUT_CHARS)

    verb: str | None = None


# A database row id on a button (group, meeting, proposal): a positive 64-bit integer, sent as
# the JSON number the card holds (strict: no strings, floats or booleans).
RowId = Annotated[int, Field(strict=True, ge=1, le=2**63 - 1)]

P = TypeVar("P", bound=ActionPayload)
CardResult = Json | None


@dataclass(frozen=True, slots=True)
class CardAction(Generic[P]):
    payload: type[P]
    handler: Callable[[Turn, P], Awaitable[CardResult]]

    def parse(self, data: dict[str, Any]) -> P | None:
        return parse_payload(self.payload, data)


def parse_payload(model: type[P], data: dict[str, Any]) -> P | None:
    """The button's data as its model, or None when it does not validate (forged, stale)."""
    try:
        return model.model_validate(data)
    except ValidationError:
        return None


class CardActions(Registry[str, CardAction[Any]]):
    def __init__(self) -> None:
        super().__init__("card verb")

    def on(
        self, verb: str, payload: type[P], handler: Callable[[Turn, P], Awaitable[CardResult]]
    ) -> None:
        self.register(verb, CardAction(payload, handler))
