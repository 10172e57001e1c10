"""The first moments of the journey: the welcome card and its "Sätt igång!" button.

Onboarding (issue: individualise, goal, starting point, booking) continues from the journey
elements card; until it is registered, "Sätt igång!" shows what the journey is made of.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext

from bot.caller import Caller, caller_of
from bot.card_actions import CardActions
from cards.elements import Json
from cards.welcome import START_JOURNEY, journey_elements_card, welcome_card
from content.models import Content


class Welcome:
    def __init__(self, content: Content) -> None:
        self._content = content

    def card(self, caller: Caller) -> Json:
        return welcome_card(self._content.for_tenant(caller.tenant_id), caller.first_name)

    def register(self, actions: CardActions) -> None:
        actions.register(START_JOURNEY, self._on_start)

    async def _on_start(self, turn_context: TurnContext, _data: dict[str, Any]) -> Json:
        return journey_elements_card(self._content.for_tenant(caller_of(turn_context).tenant_id))
