"""The leader's workbook (Arbetsboken): their goal, their texts, their maturity self-assessments.

A workbook is its owner's: every method takes the owner's person id and touches nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, String, cast, delete, literal, select

from storage.database import Database
from storage.journey_models import MaturityScore, WorkbookEntry
from storage.models import Person
from storage.regional_meetings import RegionalMeeting

GOAL = "goal"
EXERCISE_REFLECTION = "exercise_reflection"
TEAM_REFLECTION = "team_reflection"
# "Dina anteckningar": the leader's own notes while doing an exercise. Always private and never
# part of the reflection, so nothing of them reaches the Innovationsteam.
EXERCISE_NOTES = "exercise_notes"
# A reflection after a regional meeting (services.regional_meetings); exercise_id names the
# meeting as "regional-meeting-<id>".
REGIONAL_MEETING_REFLECTION = "regional_meeting_reflection"
REGIONAL_MEETING_MARK = "regional-meeting-"
# The journey is completed (the diploma): an entry of its own, so it is the leader's record too.
COMPLETED = "journey_completed"
# No stored text is longer: the services hold each text to its own, smaller limit (with the
# Swedish "too long" answer); this is the backstop, so no path can store an unbounded text.
MAX_STORED_TEXT = 20_000


class TextTooLong(ValueError):
    """A text over MAX_STORED_TEXT was about to be stored; nothing was."""


def bounded(text: str) -> str:
    if len(text) > MAX_STORED_TEXT:
        raise TextTooLong(f"{len(text)} characters, at most {MAX_STORED_TEXT} are stored")
    return text


@dataclass(frozen=True, slots=True)
class ReflectionEntry:
    """A leader's reflection on one exercise: a draft until sent, shared or private."""

    id: int
    module_id: str | None
    exercise_id: str
    text: str
    shared: bool
    draft: bool
    updated_at: datetime


class Workbook:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def goal(self, person_id: int) -> str | None:
        async with self._db.sessions() as session:
            return await session.scalar(_goal_of(person_id).with_only_columns(WorkbookEntry.text))

    async def set_goal(self, person_id: int, text: str) -> None:
        """The goal is the workbook's first entry; writing it again replaces it."""
        bounded(text)
        async with self._db.transaction() as session:
            entry = await session.scalar(_goal_of(person_id))
            if entry is None:
                session.add(WorkbookEntry(person_id=person_id, kind=GOAL, text=text))
            else:
                entry.text = text
                entry.updated_at = self._db.now()

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
        now = self._db.now()
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

    async def reflection(self, person_id: int, exercise_id: str) -> ReflectionEntry | None:
        """The leader's reflection on the exercise (draft or sent), or None."""
        async with self._db.sessions() as session:
            entry = await session.scalar(_reflection_of(person_id, exercise_id))
        return _reflection(entry) if entry is not None else None

    async def reflections(self, person_id: int) -> list[ReflectionEntry]:
        """All the leader's exercise reflections, oldest first."""
        async with self._db.sessions() as session:
            entries = await session.scalars(
                select(WorkbookEntry)
                .where(
                    WorkbookEntry.person_id == person_id,
                    WorkbookEntry.kind == EXERCISE_REFLECTION,
                )
                .order_by(WorkbookEntry.id)
            )
            return [_reflection(entry) for entry in entries]

    async def save_reflection(
        self,
        person_id: int,
        module_id: str,
        exercise_id: str,
        text: str,
        *,
        shared: bool,
        draft: bool,
    ) -> tuple[ReflectionEntry, ReflectionEntry | None]:
        """One reflection per exercise: written again, it is changed. Returns (now, before).

        A sent reflection never goes back to being a draft.
        """
        bounded(text)
        async with self._db.transaction() as session:
            # One writer per leader at a time (PostgreSQL), so a double click adds no second row.
            await session.execute(select(Person.id).where(Person.id == person_id).with_for_update())
            entry = await session.scalar(_reflection_of(person_id, exercise_id))
            before = _reflection(entry) if entry is not None else None
            if entry is None:
                entry = WorkbookEntry(
                    person_id=person_id, kind=EXERCISE_REFLECTION, exercise_id=exercise_id
                )
                session.add(entry)
            entry.module_id = module_id
            entry.text = text
            entry.shared = shared
            entry.draft = draft and (before is None or before.draft)
            entry.updated_at = self._db.now()
            await session.flush()
            return _reflection(entry), before

    async def notes(self, person_id: int, exercise_id: str) -> str | None:
        """The leader's notes on the exercise, or None before they have written any."""
        async with self._db.sessions() as session:
            return await session.scalar(
                _notes_of(person_id, exercise_id).with_only_columns(WorkbookEntry.text)
            )

    async def save_notes(self, person_id: int, module_id: str, exercise_id: str, text: str) -> None:
        """One private entry per exercise: written again, it is replaced."""
        bounded(text)
        async with self._db.transaction() as session:
            # One writer per leader at a time (PostgreSQL), so a double click adds no second row.
            await session.execute(select(Person.id).where(Person.id == person_id).with_for_update())
            entry = await session.scalar(_notes_of(person_id, exercise_id))
            if entry is None:
                entry = WorkbookEntry(
                    person_id=person_id, kind=EXERCISE_NOTES, exercise_id=exercise_id
                )
                session.add(entry)
            entry.module_id = module_id
            entry.text = text
            entry.updated_at = self._db.now()

    # --- the whole workbook, to read in chat and to export (workbook.export) ----------------

    async def entries(self, person_id: int, *, drafts: bool = False) -> list[Entry]:
        """The owner's texts, oldest first; drafts only when asked for."""
        query = select(WorkbookEntry).where(WorkbookEntry.person_id == person_id)
        if not drafts:
            query = query.where(WorkbookEntry.draft.is_(False))
        async with self._db.sessions() as session:
            rows = await session.scalars(query.order_by(WorkbookEntry.created_at, WorkbookEntry.id))
            return [
                Entry(
                    id=row.id,
                    kind=row.kind,
                    module_id=row.module_id,
                    exercise_id=row.exercise_id,
                    text=row.text,
                    shared=row.shared,
                    draft=row.draft,
                    created_at=row.created_at,
                )
                for row in rows
            ]

    async def regional_meeting_themes(self, person_id: int) -> dict[str, str]:
        """The themes of the regional meetings the owner reflected on, by the entry's mark."""
        mark = literal(REGIONAL_MEETING_MARK, String) + cast(RegionalMeeting.id, String)
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(WorkbookEntry.exercise_id, RegionalMeeting.theme)
                .join(RegionalMeeting, WorkbookEntry.exercise_id == mark)
                .where(
                    WorkbookEntry.person_id == person_id,
                    WorkbookEntry.kind == REGIONAL_MEETING_REFLECTION,
                )
            )
            return {entry: theme for entry, theme in rows if entry is not None}

    async def add_entry(
        self,
        person_id: int,
        kind: str,
        text: str,
        *,
        module_id: str | None = None,
        exercise_id: str | None = None,
        shared: bool = False,
    ) -> int:
        """A new text (such as a reflection after an Innovationsteam meeting); returns its id."""
        bounded(text)
        async with self._db.transaction() as session:
            entry = WorkbookEntry(
                person_id=person_id,
                kind=kind,
                text=text,
                module_id=module_id,
                exercise_id=exercise_id,
                shared=shared,
            )
            session.add(entry)
            await session.flush()
            return entry.id

    async def save_team_reflection(
        self, person_id: int, module_id: str | None, text: str
    ) -> tuple[int, bool]:
        """The leader's reflection after an Innovationsteam meeting: one per module (the module
        the meeting was the group session of); written again, it is changed. Private.
        Returns (entry id, whether it was new)."""
        bounded(text)
        async with self._db.transaction() as session:
            # One writer per leader at a time (PostgreSQL), so a double click adds no second row.
            await session.execute(select(Person.id).where(Person.id == person_id).with_for_update())
            entry = await session.scalar(
                select(WorkbookEntry)
                .where(
                    WorkbookEntry.person_id == person_id,
                    WorkbookEntry.kind == TEAM_REFLECTION,
                    WorkbookEntry.module_id.is_(None)
                    if module_id is None
                    else WorkbookEntry.module_id == module_id,
                )
                .order_by(WorkbookEntry.id)
                .limit(1)
            )
            new = entry is None
            if entry is None:
                entry = WorkbookEntry(
                    person_id=person_id, kind=TEAM_REFLECTION, module_id=module_id
                )
                session.add(entry)
            entry.text = text
            entry.updated_at = self._db.now()
            await session.flush()
            return entry.id, new

    async def checkpoints(self, person_id: int) -> list[Assessment]:
        """Every maturity checkpoint the leader has assessed, in the order they did it."""
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(
                    MaturityScore.checkpoint,
                    MaturityScore.area_id,
                    MaturityScore.grade,
                    MaturityScore.assessed_at,
                ).where(MaturityScore.person_id == person_id)
            )
        found: dict[str, Assessment] = {}
        for checkpoint, area_id, grade, assessed_at in rows:
            assessment = found.setdefault(checkpoint, Assessment(checkpoint, {}, assessed_at))
            assessment.grades[area_id] = grade
        return sorted(found.values(), key=lambda assessment: assessment.assessed_at)

    async def complete_journey(self, person_id: int, at: datetime | None = None) -> datetime:
        """Record (once) that the leader completed the journey; returns when they did."""
        async with self._db.transaction() as session:
            done = await session.scalar(_completion_of(person_id))
            if done is not None:
                return done.created_at
            when = at or self._db.now()
            session.add(
                WorkbookEntry(
                    person_id=person_id, kind=COMPLETED, text="", created_at=when, updated_at=when
                )
            )
            return when

    async def completed_at(self, person_id: int) -> datetime | None:
        async with self._db.sessions() as session:
            done = await session.scalar(_completion_of(person_id))
        return done.created_at if done is not None else None


@dataclass(frozen=True, slots=True)
class Entry:
    """A text in the workbook as its owner reads it."""

    id: int
    kind: str
    module_id: str | None
    exercise_id: str | None
    text: str
    shared: bool
    draft: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Assessment:
    """The leader's grades at one maturity checkpoint (all set together, so one time)."""

    checkpoint: str
    grades: dict[str, int]
    assessed_at: datetime


def _completion_of(person_id: int) -> Select[WorkbookEntry]:
    return (
        select(WorkbookEntry)
        .where(WorkbookEntry.person_id == person_id, WorkbookEntry.kind == COMPLETED)
        .order_by(WorkbookEntry.id)
        .limit(1)
    )


def _goal_of(person_id: int) -> Select[WorkbookEntry]:
    return (
        select(WorkbookEntry)
        .where(WorkbookEntry.person_id == person_id, WorkbookEntry.kind == GOAL)
        .order_by(WorkbookEntry.id)
        .limit(1)
    )


def _reflection_of(person_id: int, exercise_id: str) -> Select[WorkbookEntry]:
    return (
        select(WorkbookEntry)
        .where(
            WorkbookEntry.person_id == person_id,
            WorkbookEntry.kind == EXERCISE_REFLECTION,
            WorkbookEntry.exercise_id == exercise_id,
        )
        .order_by(WorkbookEntry.id)
        .limit(1)
    )


def _notes_of(person_id: int, exercise_id: str) -> Select[WorkbookEntry]:
    return (
        select(WorkbookEntry)
        .where(
            WorkbookEntry.person_id == person_id,
            WorkbookEntry.kind == EXERCISE_NOTES,
            WorkbookEntry.exercise_id == exercise_id,
        )
        .order_by(WorkbookEntry.id)
        .limit(1)
    )


def _reflection(entry: WorkbookEntry) -> ReflectionEntry:
    return ReflectionEntry(
        id=entry.id,
        module_id=entry.module_id,
        exercise_id=entry.exercise_id or "",
        text=entry.text,
        shared=entry.shared,
        draft=entry.draft,
        updated_at=entry.updated_at,
    )
