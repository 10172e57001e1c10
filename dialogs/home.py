"""The leader's home ("meny", and "hej" once understood as a greeting) and their team."""

from __future__ import annotations

from cards.home import home_card, my_team_card
from chat.commands import Command, CommandHandler, CommandHandlers
from chat.turn import Turn
from content.models import Content
from services.home import HomeService
from services.my_team import MyTeamService


class HomeDialog:
    def __init__(
        self,
        content: Content,
        home: HomeService,
        my_team: MyTeamService,
        *,
        resume_onboarding: CommandHandler,
    ) -> None:
        self._content = content
        self._home = home
        self._my_team = my_team
        self._resume_onboarding = resume_onboarding

    def register(self, commands: CommandHandlers) -> None:
        commands.register(Command.HOME, self.show_home)
        commands.register(Command.MY_TEAM, self._on_my_team)

    async def show_home(self, turn: Turn) -> None:
        caller = turn.caller
        home = await self._home.home(caller.person_id, caller.tenant_id)
        turn.show(home_card(self._content.for_tenant(caller.tenant_id), home, caller.first_name))

    async def where_was_i(self, turn: Turn) -> None:
        """ "fortsätt": the onboarding's step while it is unfinished, else the home card."""
        caller = turn.caller
        home = await self._home.home(caller.person_id, caller.tenant_id)
        if not home.onboarding_done:
            await self._resume_onboarding(turn)
            return
        turn.show(home_card(self._content.for_tenant(caller.tenant_id), home, caller.first_name))

    async def _on_my_team(self, turn: Turn) -> None:
        caller = turn.caller
        team_id = turn.team.id if turn.team is not None else None  # asked in a team channel
        team = await self._my_team.of_person(
            caller.person_id, caller.organisation_id, team_id=team_id
        )
        turn.show(my_team_card(self._content.for_tenant(caller.tenant_id), team))
