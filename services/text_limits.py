"""Every text a leader writes is held to a limit before it is stored. Too long, nothing is
stored: the answer says how long it is and how long it may be, and shows the text back."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TooLong:
    length: int
    limit: int


def too_long(text: str, limit: int) -> TooLong | None:
    return TooLong(len(text), limit) if len(text) > limit else None


def first_too_long(texts: Iterable[str], limit: int) -> TooLong | None:
    """The first of the texts over the limit (a form with several fields says one at a time)."""
    return next((found for t in texts if (found := too_long(t, limit)) is not None), None)
