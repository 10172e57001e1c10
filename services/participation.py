"""A leader's own say over taking part: "pausa" and "fortsätt", and nudges off or on.

Pausing is the leader's, not the coordinator's: the groups stop waiting for them when they book
meetings, and no nudges come; "fortsätt" undoes both. Nudges can also be turned off alone.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from services.meetings import MeetingPlanner
from storage.database import Database
from storage.groups import ACTIVE, PAUSED, Groups
from storage.participation import Participation, ParticipationStore

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Paused:
    in_groups: bool  # whether some group stopped waiting for them


class ParticipationService:
    def __init__(
        self,
        store: ParticipationStore,
        groups: Groups,
        planner: MeetingPlanner,
        *,
        database: Database,
    ) -> None:
        self._store = store
        self._groups = groups
        self._planner = planner
        self._database = database

    async def state(self, person_id: int) -> Participation:
        return await self._store.get(person_id)

    async def pause(self, person_id: int, tenant_id: str) -> Paused | None:
        """None if already paused. The groups may now book without them (the planner rechecks)."""
        paused = await self._store.pause(person_id)
        in_groups = await self._planner.pause(person_id, tenant_id)
        if not paused:
            return None
        log.info("person %s paused", person_id)
        return Paused(in_groups)

    async def resume(self, person_id: int) -> bool:
        """False if not paused. Back in every group they had paused in."""
        async with self._database.unit_of_work():
            resumed = await self._store.resume(person_id)
            for group_id in await self._groups.of_person(person_id, state=PAUSED):
                await self._groups.set_state(group_id, person_id, ACTIVE)
        if resumed:
            log.info("person %s resumed", person_id)
        return resumed

    async def set_nudges(self, person_id: int, on: bool) -> bool:
        """False if they were already so."""
        changed = await self._store.set_nudges(person_id, on)
        if changed:
            log.info("person %s turned nudges %s", person_id, "on" if on else "off")
        return changed
