"""Where each leader is in the onboarding: one row per leader, read and written per click."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select, update

from storage.base import affected
from storage.database import Database
from storage.journey_models import OnboardingProgress
from storage.learning_models import Learner
from storage.models import Person
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


@dataclass(frozen=True, slots=True)
class FreeTextState:
    """What a leader's free text may be for: the exercise whose reflection they are writing,
    and where they are in the onboarding. Every free-text message asks both (the learning flow,
    then the onboarding's), so both come from one statement, kept for the turn
    (`Database.keeping_reads`)."""

    writing: str | None
    onboarding: Progress | None


_FREE_TEXT_STATE = (
    select(
        Learner.writing_exercise_id,
        OnboardingProgress.person_id.label("onboarding_of"),
        OnboardingProgress.step,
        OnboardingProgress.module_index,
        OnboardingProgress.paused,
        OnboardingProgress.completed_at,
    )
    .select_from(Person)
    .outerjoin(Learner, Learner.person_id == Person.id)
    .outerjoin(OnboardingProgress, OnboardingProgress.person_id == Person.id)
    .where(Person.id == bindparam("person_id"))
)


async def free_text_state(database: Database, person_id: int) -> FreeTextState:
    async def load() -> FreeTextState:
        # Core, not the ORM: it runs on every free-text message.
        async with database.reading() as connection:
            row = (await connection.execute(_FREE_TEXT_STATE, {"person_id": person_id})).first()
        if row is None:
            return FreeTextState(None, None)
        progress = None
        if row.onboarding_of is not None:
            progress = Progress(row.step, row.module_index, row.paused, row.completed_at)
        return FreeTextState(row.writing_exercise_id, progress)

    return await database.kept_read((FreeTextState, person_id), load)


class OnboardingProgressStore:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def get(self, person_id: int) -> Progress | None:
        return (await free_text_state(self._db, person_id)).onboarding

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
