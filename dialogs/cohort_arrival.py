"""A leader of a cohort who gets the app before the cohort starts: the welcome waits for the day.

Wraps the onboarding's greeting for the router. On a personal install (the router greets an
install with `again_after` set, a first message without), a leader of a cohort not started yet
who was never welcomed has the welcome put in the outbox for 08:00 on the start date
(services.cohorts.CohortService.arrived) and is told so in one sentence; anyone else is greeted
by the onboarding as before. The app may have been installed by Graph for the cohort, by an
admin, or by the leader.
"""

from __future__ import annotations

from datetime import timedelta

from chat.caller import ConversationKind
from chat.turn import Turn
from content.dates import format_date_only_sv
from content.models import Content
from dialogs.coordination import actor_of
from dialogs.router import Welcome
from services.cohorts import CohortService


class CohortArrival:
    def __init__(self, content: Content, cohorts: CohortService, onboarding: Welcome) -> None:
        self._content = content
        self._cohorts = cohorts
        self._onboarding = onboarding

    async def greet(self, turn: Turn, *, again_after: timedelta | None) -> bool:
        caller = turn.caller
        if again_after is not None and caller.conversation_kind == ConversationKind.PERSONAL:
            starts_on = await self._cohorts.arrived(
                caller.organisation_id, caller.tenant_id, caller.person_id, actor_of(turn).email
            )
            if starts_on is not None:
                texts = self._content.for_tenant(caller.tenant_id).coordination.cohorts
                turn.say(
                    texts.arrival_note.format(
                        name=caller.first_name, date=format_date_only_sv(starts_on)
                    )
                )
                return True
        return await self._onboarding.greet(turn, again_after=again_after)
