"""The Innovationsteam's Teams side: install and member events, the introduction card's buttons.

What Teams must be asked (the paged roster, a member's e-mail, opening a 1:1 chat) is asked
here, through the event's roster; what it means (a group registered, members joined or gone,
onboardings started, introductions saved) is the service's (services.team).
"""

from __future__ import annotations

import asyncio
import logging

from cards import team as cards
from cards.elements import Json
from chat.actions import CardActions
from chat.caller import TeamOfTurn, TeamsAccount
from chat.turn import Roster, TeamEvent, Turn
from content.models import Content
from services.team import (
    Introduction,
    IntroductionsView,
    NewMember,
    TeamDetails,
    TeamService,
    introduction_card,
)

log = logging.getLogger(__name__)

OPENING_CHATS_AT_ONCE = 8  # create-conversation calls in flight during one install


class TeamDialog:
    def __init__(self, content: Content, team: TeamService) -> None:
        self._content = content
        self._team = team

    def register(self, actions: CardActions) -> None:
        actions.on(cards.INTRODUCE, cards.Introduce, self._on_introduce)
        actions.on(cards.INTRODUCTION_VIEW, cards.ViewIntroductions, self._on_view)
        actions.on(cards.GOAL_ANSWER, cards.AnswerGoalQuestion, self._on_goal_answer)

    # --- team events (routed by dialogs.router) ---------------------------------------------

    async def members_added(self, event: TeamEvent) -> None:
        group_id = await self._team.active_group(event.organisation_id, event.team.id)
        if group_id is None or event.bot_included:
            roster = [member async for member in event.roster.team_members(event.team.id)]
            joined = await self._team.register(
                event.organisation_id,
                event.tenant_id,
                _details(event.team),
                event.address,
                roster,
                await event.roster.team_channels(event.team.id),
            )
        else:
            # The activity names them only; their e-mail (for the calendars) is the roster's.
            people = [await _described(event.roster, member) for member in event.members]
            present = [member for member in people if member.aad_object_id]
            joined = await self._team.join(event.organisation_id, group_id, present)
        await self._welcome_all(event, joined)

    async def members_removed(self, event: TeamEvent) -> None:
        if event.bot_included:
            await self._team.app_removed(event.organisation_id, event.team.id)
        else:
            await self._team.members_left(
                event.organisation_id, event.tenant_id, event.team.id, event.members
            )

    async def channels_changed(self, event: TeamEvent) -> None:
        """A channel created, renamed or deleted: perhaps a "Reflektion" channel now."""
        await self._team.channels_changed(
            event.organisation_id,
            event.tenant_id,
            event.team.id,
            await event.roster.team_channels(event.team.id),
        )

    async def _welcome_all(self, event: TeamEvent, members: list[NewMember]) -> None:
        gate = asyncio.Semaphore(OPENING_CHATS_AT_ONCE)

        async def welcome(member: NewMember) -> None:
            async with gate:
                chat = None
                if not member.has_chat:
                    chat = await event.roster.open_personal_chat(member.account)
                    if chat is None:  # the roster logged what Teams answered
                        log.info(
                            "no chat with person %s yet: welcomed when they write", member.person_id
                        )
                        return
                await self._team.welcome(event.organisation_id, event.tenant_id, member, chat)

        await asyncio.gather(*(welcome(member) for member in members))

    # --- the introduction card --------------------------------------------------------------

    async def _on_introduce(self, turn: Turn, payload: cards.Introduce) -> Json | None:
        caller = turn.caller
        view = await self._team.introduce(
            caller.organisation_id,
            caller.tenant_id,
            caller.person_id,
            payload.group_id,
            Introduction(payload.who, payload.leads, payload.goal),
            first_name=caller.first_name,
        )
        if view is None:
            return None
        # Thanks only for an introduction just saved, not for a form sent back with a gap.
        return self._card(caller.tenant_id, view, "" if view.incomplete else caller.first_name)

    async def _on_view(self, turn: Turn, payload: cards.ViewIntroductions) -> Json | None:
        caller = turn.caller
        view = await self._team.introductions(
            caller.organisation_id, caller.person_id, payload.group_id
        )
        return self._card(caller.tenant_id, view, caller.first_name) if view else None

    async def _on_goal_answer(self, turn: Turn, payload: cards.AnswerGoalQuestion) -> Json | None:
        caller = turn.caller
        view = await self._team.answer_goal_question(
            caller.organisation_id,
            caller.person_id,
            payload.group_id,
            update=payload.answer == "yes",
        )
        return self._card(caller.tenant_id, view, "") if view else None

    def _card(self, tenant_id: str, view: IntroductionsView, first_name: str) -> Json:
        return introduction_card(self._content.for_tenant(tenant_id), view, first_name=first_name)


def _details(team: TeamOfTurn) -> TeamDetails:
    return TeamDetails(team.id, team.name, team.aad_group_id)


async def _described(roster: Roster, member: TeamsAccount) -> TeamsAccount:
    """The member with name and e-mail as the roster knows them; as named if it does not say."""
    return await roster.member(member.teams_user_id) or member
