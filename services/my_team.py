"""A leader's Innovationsteam as they see it ("innovationsteam"): who, and when they meet."""

from __future__ import annotations

from dataclasses import dataclass

from clock import Clock
from storage.groups import Groups
from storage.meetings import BookedMeeting, Meetings


@dataclass(frozen=True, slots=True)
class MyTeam:
    name: str
    members: tuple[str, ...]  # first names, in the order they joined
    next_meeting: BookedMeeting | None


class MyTeamService:
    def __init__(self, groups: Groups, meetings: Meetings, *, clock: Clock) -> None:
        self._groups = groups
        self._meetings = meetings
        self._clock = clock

    async def of_person(
        self, person_id: int, organisation_id: int, *, team_id: str | None = None
    ) -> MyTeam | None:
        """The group of the team asked in (`team_id`), else the first the person is an active
        member of; None: in none."""
        group_ids = await self._groups.of_person(person_id)
        if team_id is not None:
            here = await self._groups.of_team(organisation_id, team_id)
            group_ids = [here.id] if here is not None and here.id in group_ids else []
        if not group_ids:
            return None
        group = await self._groups.get(organisation_id, group_ids[0])
        if group is None:
            return None
        members = await self._groups.active_members(group.id)
        meetings = await self._meetings.booked_for_person(person_id, self._clock())
        upcoming = next((m for m in meetings if m.group_id == group.id), None)
        return MyTeam(group.name, tuple(m.first_name for m in members), upcoming)
