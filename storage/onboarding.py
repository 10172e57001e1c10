"""Where each leader is in the onboarding: one row per leader, read and written per click."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select, update

from storage.base import affected
from storage.database import Database
from storage.journey_models import OnboardingProgress
from storage.upsert import insert_for


@dataclass(frozen=True, slots=True)
class Progress:
    step: str
    module_index: int = 0
    paused: bool = False
    completed_at: datetime | None = None

    @property
    def completed(self) -> bool:
        return self.completed_at is not None


class OnboardingProgressStore:
    def __init__(self, database: Database) -> None:
        self._db = database
        self._get = select(
            OnboardingProgress.step,
            OnboardingProgress.module_index,
            OnboardingProgress.paused,
            OnboardingProgress.completed_at,
        ).where(OnboardingProgress.person_id == bindparam("person_id"))

    async def get(self, person_id: int) -> Progress | None:
        # Core, not the ORM: every free-text message asks this, and it reads four columns.
        async with self._db.reading() as connection:
            row = (await connection.execute(self._get, {"person_id": person_id})).first()
        if row is None:
            return None
        return Progress(row.step, row.module_index, row.paused, row.completed_at)

    async def move(
        self, person_id: int, step: str, *, module_index: int = 0, completed: bool = False
    ) -> Progress:
        """Put the leader at `step` (unpausing them); `completed` marks the onboarding done."""
        now = self._db.now()
        values = {"step": step, "module_index": module_index, "paused": False, "updated_at": now}
        if completed:
            values["completed_at"] = now
        async with self._db.transaction() as session:
            insert = insert_for(session)
            await session.execute(
                insert(OnboardingProgress)
                .values(person_id=person_id, started_at=now, **values)
                .on_conflict_do_update(index_elements=[OnboardingProgress.person_id], set_=values)
            )
            row = (
                await session.execute(
                    select(OnboardingProgress).where(OnboardingProgress.person_id == person_id)
                )
            ).scalar_one()  # upserted above
        return Progress(row.step, row.module_index, row.paused, row.completed_at)

    async def pause(self, person_id: int) -> bool:
        """True if an unfinished, unpaused onboarding was paused."""
        async with self._db.transaction() as session:
            result = await session.execute(
                update(OnboardingProgress)
                .where(
                    OnboardingProgress.person_id == person_id,
                    OnboardingProgress.paused.is_(False),
                    OnboardingProgress.completed_at.is_(None),
                )
                .values(paused=True, updated_at=self._db.now())
            )
        return affected(result) == 1
