"""A leader's own choices about taking part: paused ("pausa") and nudges on or off."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, select, update

from storage.base import affected
from storage.database import Database
from storage.models import Person
from storage.nudge_schedule import reschedule_nudges


@dataclass(frozen=True, slots=True)
class Participation:
    paused: bool
    nudges: bool


class ParticipationStore:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def get(self, person_id: int) -> Participation:
        async with self._db.sessions() as session:
            row = (
                await session.execute(
                    select(Person.paused_at, Person.nudges).where(Person.id == person_id)
                )
            ).one_or_none()
        if row is None:
            return Participation(paused=False, nudges=True)
        return Participation(paused=row.paused_at is not None, nudges=row.nudges)

    async def pause(self, person_id: int) -> bool:
        """True if the person was not paused before."""
        return await self._change(person_id, Person.paused_at.is_(None), paused_at=self._db.now())

    async def resume(self, person_id: int) -> bool:
        """True if the person was paused. Their open exercises' nudges are computed anew (the
        learning job left them unscheduled while paused)."""
        return await self._change(
            person_id, Person.paused_at.is_not(None), paused_at=None, reschedule=True
        )

    async def set_nudges(self, person_id: int, on: bool) -> bool:
        """True if this changed the setting. Turned on, the open exercises' nudges are computed
        anew (the learning job left them unscheduled while off)."""
        return await self._change(person_id, Person.nudges.is_(not on), nudges=on, reschedule=on)

    async def _change(
        self,
        person_id: int,
        unless: ColumnElement[bool],
        *,
        reschedule: bool = False,
        **values: object,
    ) -> bool:
        async with self._db.transaction() as session:
            result = await session.execute(
                update(Person).where(Person.id == person_id, unless).values(**values)
            )
            changed = affected(result) == 1
            if changed and reschedule:
                await reschedule_nudges(session, person_id, self._db.now())
        return changed
