"""'grupper': a coordinator's learning groups for a cohort. Thin: the service checks the role,
the tenant and the choices; this turns the caller into an actor and the results into cards."""

from __future__ import annotations

from cards.elements import Json
from cards.groups import (
    CONFIRM_GROUPS,
    PROPOSE_GROUPS,
    REVIEW_GROUPS,
    GroupChoice,
    ProposeGroups,
    choose_cohort_card,
    confirmed_card,
    proposal_card,
)
from chat.actions import CardActions
from chat.commands import Command, CommandHandlers
from chat.turn import Turn
from content.models import Content
from dialogs.coordination import actor_of
from services.group_planning import Confirmed, GroupPlanning


class GroupsDialog:
    def __init__(self, content: Content, planning: GroupPlanning) -> None:
        self._content = content
        self._planning = planning

    def register(self, actions: CardActions, commands: CommandHandlers) -> None:
        commands.register(Command.GROUPS, self._on_groups)
        actions.on(PROPOSE_GROUPS, ProposeGroups, self._on_propose)
        actions.on(REVIEW_GROUPS, GroupChoice, self._on_review)
        actions.on(CONFIRM_GROUPS, GroupChoice, self._on_confirm)

    async def _on_groups(self, turn: Turn) -> None:
        cohorts = await self._planning.cohorts(actor_of(turn))
        if cohorts is None:
            self._refused(turn)
        else:
            turn.show(choose_cohort_card(self._for(turn), cohorts))

    async def _on_propose(self, turn: Turn, payload: ProposeGroups) -> Json | None:
        cohort_id = payload.cohort_id()
        actor, tenant_id = actor_of(turn), turn.caller.tenant_id
        proposal = (
            None
            if cohort_id is None
            else await self._planning.propose(actor, tenant_id, cohort_id, payload.group_units)
        )
        if proposal is None:
            self._refused(turn)
            return None
        return proposal_card(self._for(turn), proposal)

    async def _on_review(self, turn: Turn, payload: GroupChoice) -> Json | None:
        proposal = await self._planning.review(actor_of(turn), payload.choice())
        if proposal is None:
            self._refused(turn)
            return None
        return proposal_card(self._for(turn), proposal)

    async def _on_confirm(self, turn: Turn, payload: GroupChoice) -> Json | None:
        result = await self._planning.confirm(
            actor_of(turn), turn.caller.tenant_id, payload.choice()
        )
        if result is None:
            self._refused(turn)
            return None
        if isinstance(result, Confirmed):
            return confirmed_card(self._for(turn), result)
        return proposal_card(self._for(turn), result)

    def _refused(self, turn: Turn) -> None:
        turn.say(self._for(turn).coordination.roles.only_coordinators)

    def _for(self, turn: Turn) -> Content:
        return self._content.for_tenant(turn.caller.tenant_id)
