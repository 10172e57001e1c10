"""The nudge schedule's one rule that other stores need: a change to a leader's rhythm (their
frequency, a return from "pausa", nudges back on) makes their open exercises due now, so the
learning job's next tick recomputes them (services.learning). Called inside the change's own
transaction, so the change and the reschedule commit together."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.journey_models import WorkbookEntry
from storage.learning_models import StartedExercise
from storage.workbook import EXERCISE_REFLECTION


def reflected() -> Exists:
    """Whether the started exercise has a sent (not draft) reflection: by the entries' index
    on person, so only the rows asked about are looked up."""
    return (
        select(WorkbookEntry.id)
        .where(
            WorkbookEntry.person_id == StartedExercise.person_id,
            WorkbookEntry.kind == EXERCISE_REFLECTION,
            WorkbookEntry.exercise_id == StartedExercise.exercise_id,
            WorkbookEntry.draft.is_(False),
        )
        .exists()
    )


async def reschedule_nudges(session: AsyncSession, person_id: int, now: datetime) -> None:
    """The person's open exercises are due now: the next tick computes their slots anew."""
    await session.execute(
        update(StartedExercise)
        .where(StartedExercise.person_id == person_id, ~reflected())
        .values(nudge_due_at=now)
    )
