"""The leader's answers (how well they know each area, when and how often they want to work)
and the plan made from them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from storage.database import Database
from storage.journey_models import LearningPlan
from storage.nudge_schedule import reschedule_nudges


@dataclass(frozen=True, slots=True)
class PlanRecord:
    familiarity: dict[str, str] = field(default_factory=dict)
    module_order: tuple[str, ...] = ()
    exercise_numbers: tuple[int, ...] = ()
    parts_of_day: tuple[str, ...] = ()
    frequency: str | None = None
    proposal: tuple[tuple[datetime, datetime], ...] | None = None


class LearningPlans:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def get(self, person_id: int) -> PlanRecord:
        """The leader's plan; an empty one before they have answered anything."""
        async with self._db.sessions() as session:
            row = await session.get(LearningPlan, person_id)
        if row is None:
            return PlanRecord()
        return PlanRecord(
            familiarity=dict(row.familiarity),
            module_order=tuple(row.module_order),
            exercise_numbers=tuple(row.exercise_numbers),
            parts_of_day=tuple(row.parts_of_day),
            frequency=row.frequency,
            proposal=_times(row.proposal) if row.proposal is not None else None,
        )

    async def answer_familiarity(self, person_id: int, module_id: str, answer: str) -> None:
        await self._change(person_id, lambda row: row.familiarity.update({module_id: answer}))

    async def set_plan(
        self, person_id: int, module_order: Sequence[str], exercise_numbers: Sequence[int]
    ) -> None:
        def change(row: LearningPlan) -> None:
            row.module_order = list(module_order)
            row.exercise_numbers = list(exercise_numbers)

        await self._change(person_id, change)

    async def set_wishes(
        self,
        person_id: int,
        parts_of_day: Sequence[str],
        frequency: str,
        proposal: Sequence[tuple[datetime, datetime]],
    ) -> None:
        def change(row: LearningPlan) -> bool:
            rhythm_changed = row.frequency != frequency
            row.parts_of_day = list(parts_of_day)
            row.frequency = frequency
            row.proposal = [[start.isoformat(), end.isoformat()] for start, end in proposal]
            return rhythm_changed

        # A new frequency moves every open exercise's nudges: the next tick computes them anew.
        await self._change(person_id, change)

    async def take_proposal(self, person_id: int) -> tuple[tuple[datetime, datetime], ...] | None:
        """The proposed times, removed so that a second "Boka nu" cannot book them twice."""
        taken: list[Any] | None = None

        def change(row: LearningPlan) -> None:
            nonlocal taken
            taken, row.proposal = row.proposal, None

        await self._change(person_id, change, lock=True)
        return _times(taken) if taken else None

    async def _change(
        self,
        person_id: int,
        change: Callable[[LearningPlan], bool | None],
        *,
        lock: bool = False,
    ) -> None:
        """Apply `change` to the plan; when it returns True (the leader's rhythm changed) their
        nudges are rescheduled in the same transaction."""
        async with self._db.transaction() as session:
            row = await session.get(LearningPlan, person_id, with_for_update=lock)
            if row is None:
                row = LearningPlan(
                    person_id=person_id,
                    familiarity={},
                    module_order=[],
                    exercise_numbers=[],
                    parts_of_day=[],
                )
                session.add(row)
            # JSON columns are compared by value on flush only when reassigned: copy first.
            row.familiarity = dict(row.familiarity or {})
            changed = change(row)
            row.updated_at = self._db.now()
            if changed:
                await reschedule_nudges(session, person_id, self._db.now())


def _times(pairs: list[Any]) -> tuple[tuple[datetime, datetime], ...]:
    return tuple(
        (datetime.fromisoformat(start), datetime.fromisoformat(end)) for start, end in pairs
    )
