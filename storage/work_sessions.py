"""The leader's Tidsplan: the times they set aside for the journey."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select

from storage.database import Database
from storage.journey_models import WorkSession


@dataclass(frozen=True, slots=True)
class BookedSession:
    start: datetime
    end: datetime
    event_id: str | None  # None: kept here only, not in the calendar

    @property
    def in_calendar(self) -> bool:
        return self.event_id is not None


class WorkSessions:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def upcoming(self, person_id: int, after: datetime) -> list[BookedSession]:
        async with self._db.sessions() as session:
            rows = await session.scalars(
                select(WorkSession)
                .where(WorkSession.person_id == person_id, WorkSession.ends_at > after)
                .order_by(WorkSession.starts_at)
            )
            return [BookedSession(row.starts_at, row.ends_at, row.event_id) for row in rows]

    async def replace_upcoming(
        self, person_id: int, after: datetime, sessions: Sequence[BookedSession]
    ) -> None:
        """The leader's new times replace the ones still ahead; past ones stay as history."""
        async with self._db.transaction() as session:
            await session.execute(
                delete(WorkSession).where(
                    WorkSession.person_id == person_id, WorkSession.starts_at > after
                )
            )
            session.add_all(
                WorkSession(
                    person_id=person_id,
                    starts_at=item.start,
                    ends_at=item.end,
                    event_id=item.event_id,
                )
                for item in sessions
            )
