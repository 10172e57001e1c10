"""The leader's workbook (Arbetsboken): their goal, their texts, their maturity self-assessments.

A workbook is its owner's: every method takes the owner's person id and touches nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import delete, select

from storage.base import utcnow
from storage.database import Database
from storage.journey_models import MaturityScore, WorkbookEntry

GOAL = "goal"


class Workbook:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def goal(self, person_id: int) -> str | None:
        async with self._db.sessions() as session:
            return await session.scalar(_goal_of(person_id).with_only_columns(WorkbookEntry.text))

    async def set_goal(self, person_id: int, text: str) -> None:
        """The goal is the workbook's first entry; writing it again replaces it."""
        async with self._db.transaction() as session:
            entry = await session.scalar(_goal_of(person_id))
            if entry is None:
                session.add(WorkbookEntry(person_id=person_id, kind=GOAL, text=text))
            else:
                entry.text = text
                entry.updated_at = utcnow()

    async def maturity(self, person_id: int, checkpoint: str) -> dict[str, int]:
        """Area id -> grade at the checkpoint; empty before the leader has assessed it."""
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(MaturityScore.area_id, MaturityScore.grade).where(
                    MaturityScore.person_id == person_id, MaturityScore.checkpoint == checkpoint
                )
            )
        return {area_id: grade for area_id, grade in rows}

    async def set_maturity(
        self, person_id: int, checkpoint: str, grades: Mapping[str, int]
    ) -> None:
        """Replaces the whole checkpoint, so it is never half one answer and half another."""
        now = utcnow()
        async with self._db.transaction() as session:
            await session.execute(
                delete(MaturityScore).where(
                    MaturityScore.person_id == person_id, MaturityScore.checkpoint == checkpoint
                )
            )
            session.add_all(
                MaturityScore(
                    person_id=person_id,
                    checkpoint=checkpoint,
                    area_id=area_id,
                    grade=grade,
                    assessed_at=now,
                )
                for area_id, grade in grades.items()
            )


def _goal_of(person_id: int):
    return (
        select(WorkbookEntry)
        .where(WorkbookEntry.person_id == person_id, WorkbookEntry.kind == GOAL)
        .order_by(WorkbookEntry.id)
        .limit(1)
    )
