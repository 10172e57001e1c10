"""Conversations that span several messages (the onboarding, an open reflection card).

The router offers each of them a leader's free text and "avbryt" without knowing what they
are; a flow answers False when the turn is not for it.
"""

from __future__ import annotations

from typing import Protocol

from chat.turn import Turn


class Flow(Protocol):
    async def on_text(self, turn: Turn, text: str) -> bool:
        """Handle free text; False when this flow is not waiting for any."""
        ...

    async def cancel(self, turn: Turn) -> bool:
        """Stop politely; False when there was nothing to stop."""
        ...
