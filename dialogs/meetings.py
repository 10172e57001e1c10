"""The group's meetings in the channel: a button -> the planner (services.meetings) -> the card.

"Bekräfta tid", "Passar inte" and the card's refresh answer with the meeting's card as the
clicking member sees it. What is decided is the planner's.
"""

from __future__ import annotations

from cards import meetings as cards
from cards.elements import Json
from chat.actions import CardActions
from chat.turn import Turn
from content.models import Content
from services.meetings import MeetingPlanner


class MeetingsDialog:
    def __init__(self, content: Content, planner: MeetingPlanner) -> None:
        self._content = content
        self._planner = planner

    def register(self, actions: CardActions) -> None:
        actions.on(cards.CONFIRM, cards.ConfirmTime, self._on_confirm)
        actions.on(cards.REJECT, cards.DeclineTime, self._on_reject)
        actions.on(cards.MEETING_VIEW, cards.ViewMeeting, self._on_view)

    async def _on_confirm(self, turn: Turn, payload: cards.ConfirmTime) -> Json | None:
        caller = turn.caller
        shown = await self._planner.confirm(caller.person_id, caller.tenant_id, payload.proposal_id)
        return self._card(caller.tenant_id, shown)

    async def _on_reject(self, turn: Turn, payload: cards.DeclineTime) -> Json | None:
        caller = turn.caller
        shown = await self._planner.decline(caller.person_id, caller.tenant_id, payload.proposal_id)
        return self._card(caller.tenant_id, shown)

    async def _on_view(self, turn: Turn, payload: cards.ViewMeeting) -> Json | None:
        caller = turn.caller
        shown = await self._planner.view(caller.person_id, caller.tenant_id, payload.meeting_id)
        return self._card(caller.tenant_id, shown)

    def _card(self, tenant_id: str, shown: cards.MeetingShown | None) -> Json | None:
        """None: not a meeting of the caller's group (the edge answers that it no longer works)."""
        if shown is None:
            return None
        return cards.meeting_card(self._content.for_tenant(tenant_id), shown)
