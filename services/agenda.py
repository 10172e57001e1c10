"""Tidsplan: a leader's practice times and their group's booked meetings, in time order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from clock import Clock
from storage.meetings import Meetings
from storage.work_sessions import WorkSessions


@dataclass(frozen=True, slots=True)
class PracticeTime:
    start: datetime
    end: datetime
    in_calendar: bool


@dataclass(frozen=True, slots=True)
class GroupMeeting:
    start: datetime
    end: datetime
    number: int  # the plan's meeting, for its title (social_learning.yaml)
    group_name: str


AgendaItem = PracticeTime | GroupMeeting


class Agenda:
    def __init__(self, sessions: WorkSessions, meetings: Meetings, *, clock: Clock) -> None:
        self._sessions = sessions
        self._meetings = meetings
        self._clock = clock

    async def ahead(self, person_id: int) -> list[AgendaItem]:
        """Everything not yet over, first first."""
        now = self._clock()
        items: list[AgendaItem] = [
            PracticeTime(s.start, s.end, s.in_calendar)
            for s in await self._sessions.upcoming(person_id, now)
        ]
        items += [
            GroupMeeting(m.start, m.end, m.number, m.group_name)
            for m in await self._meetings.booked_for_person(person_id, now)
        ]
        return sorted(items, key=lambda item: item.start)
