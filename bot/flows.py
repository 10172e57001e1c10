"""Conversations that span several messages (the onboarding, botbuilder dialogs).

The activity handler offers each of them a leader's free text and "avbryt" without knowing what
they are; a flow answers False when the turn is not for it.
"""

from __future__ import annotations

from typing import Protocol

from botbuilder.core import TurnContext


class Flow(Protocol):
    async def on_text(self, turn_context: TurnContext, text: str) -> bool:
        """Handle free text; False when this flow is not waiting for any."""
        ...

    async def cancel(self, turn_context: TurnContext) -> bool:
        """Stop politely; False when there was nothing to stop."""
        ...
