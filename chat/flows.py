"""Conversations that span several messages (the onboarding, an open reflection card).

The router offers each of them a leader's free text and "avbryt" without knowing what they
are; a flow answers False when the turn is not for it. When nobody takes a message, the router
answers briefly and asks the flows where the leader is, for the button that takes them back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from chat.commands import Command
from chat.turn import Turn


@dataclass(frozen=True, slots=True)
class NextStep:
    """Where a flow would take the leader: one sentence, and a button that runs a command."""

    note: str
    button: str
    command: Command


class Flow(Protocol):
    async def on_text(self, turn: Turn, text: str) -> bool:
        """Handle free text; False when this flow is not waiting for any."""
        ...

    async def cancel(self, turn: Turn) -> bool:
        """Stop politely; False when there was nothing to stop."""
        ...

    async def next_step(self, turn: Turn) -> NextStep | None:
        """The way back into this flow, or None when the leader is not in it."""
        ...
