"""What each leader has done in the modules, and what their groups have shared.

- exercises started ("Gör övningen") and which of them have a sent reflection (the workbook);
- the module's group session held (`record_group_session`, called by the meetings code);
- modules completed, so the congratulation is said once;
- the exercise whose reflection a leader is writing, so text typed in chat lands there;
- shared reflections' posts in the group channel (to update them), and the digest query
  "shared reflections of group G since T".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Table, and_, bindparam, select, true, update

from storage.base import affected
from storage.database import Database
from storage.directory import first_name
from storage.journey_models import LearningPlan, WorkbookEntry
from storage.learning_models import Learner, ModuleProgress, ReflectionPost, StartedExercise
from storage.models import Group, Membership, Person
from storage.nudge_schedule import reflected
from storage.onboarding import free_text_state
from storage.upsert import insert_for
from storage.workbook import EXERCISE_REFLECTION

ACTIVE = "active"


@dataclass(frozen=True, slots=True)
class OpenExercise:
    """An exercise started but not yet reflected on: what a nudge is about."""

    person_id: int
    organisation_id: int
    exercise_id: str
    module_id: str
    started_at: datetime
    frequency: str | None
    first_name: str
    sittings: int = 0  # of an exercise spread over days


@dataclass(frozen=True, slots=True)
class DueNudge:
    """A started exercise whose nudge schedule says: look at it now."""

    exercise: OpenExercise
    due_at: datetime  # as stored: a reschedule since then wins over what the tick computes
    wanted: bool  # not reflected on, and the leader neither paused nor with nudges off


@dataclass(frozen=True, slots=True)
class SharedReflection:
    """A reflection shared with a group (for the next meeting's digest)."""

    entry_id: int
    person_id: int
    first_name: str
    module_id: str | None
    exercise_id: str
    text: str
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class Post:
    entry_id: int
    group_id: int
    outbox_id: int
    revision: int
    withdrawn: bool


@dataclass(frozen=True, slots=True)
class UnpostedReflection:
    """A reflection the leader chose to share before they had a group; they have one now."""

    entry_id: int
    person_id: int
    group_id: int
    first_name: str
    exercise_id: str
    text: str


class LearningProgress:
    def __init__(self, database: Database) -> None:
        self._db = database

    # --- exercises and modules ----------------------------------------------------------------

    async def start_module(self, person_id: int, module_id: str) -> None:
        await self._touch_module(person_id, module_id, started_at=self._db.now())

    async def start_exercise(
        self,
        person_id: int,
        module_id: str,
        exercise_id: str,
        *,
        nudge_due_at: datetime | None = None,
    ) -> datetime:
        """Record the start (the first one counts, with its first nudge's due moment); returns
        when it was started."""
        async with self._db.transaction() as session:
            insert = insert_for(session)
            await session.execute(
                insert(StartedExercise)
                .values(
                    person_id=person_id,
                    exercise_id=exercise_id,
                    module_id=module_id,
                    started_at=self._db.now(),
                    nudge_due_at=nudge_due_at,
                )
                .on_conflict_do_nothing(
                    index_elements=[StartedExercise.person_id, StartedExercise.exercise_id]
                )
            )
            started_at = (
                await session.execute(
                    select(StartedExercise.started_at).where(
                        StartedExercise.person_id == person_id,
                        StartedExercise.exercise_id == exercise_id,
                    )
                )
            ).scalar_one()  # inserted above, or there already
        await self.start_module(person_id, module_id)
        return started_at

    async def record_sitting(self, person_id: int, exercise_id: str, most: int) -> int | None:
        """One more sitting of a started exercise, never past `most`; the count after, or None
        if the exercise was not started."""
        async with self._db.transaction() as session:
            await session.execute(
                update(StartedExercise)
                .where(
                    StartedExercise.person_id == person_id,
                    StartedExercise.exercise_id == exercise_id,
                    StartedExercise.sittings < most,
                )
                .values(sittings=StartedExercise.sittings + 1)
            )
            return await session.scalar(
                select(StartedExercise.sittings).where(
                    StartedExercise.person_id == person_id,
                    StartedExercise.exercise_id == exercise_id,
                )
            )

    async def sittings(self, person_id: int, exercise_id: str) -> int:
        async with self._db.sessions() as session:
            done = await session.scalar(
                select(StartedExercise.sittings).where(
                    StartedExercise.person_id == person_id,
                    StartedExercise.exercise_id == exercise_id,
                )
            )
        return done or 0

    async def started(self, person_id: int) -> dict[str, datetime]:
        """Exercise id -> when the leader started it."""
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(StartedExercise.exercise_id, StartedExercise.started_at).where(
                    StartedExercise.person_id == person_id
                )
            )
            return {exercise_id: started_at for exercise_id, started_at in rows}

    async def reflected(self, person_id: int) -> frozenset[str]:
        """Exercises with a sent (not draft) reflection."""
        async with self._db.sessions() as session:
            rows = await session.scalars(
                select(WorkbookEntry.exercise_id).where(
                    WorkbookEntry.person_id == person_id,
                    WorkbookEntry.kind == EXERCISE_REFLECTION,
                    WorkbookEntry.draft.is_(False),
                )
            )
            return frozenset(row for row in rows if row)

    async def drafts(self, person_id: int) -> frozenset[str]:
        async with self._db.sessions() as session:
            rows = await session.scalars(
                select(WorkbookEntry.exercise_id).where(
                    WorkbookEntry.person_id == person_id,
                    WorkbookEntry.kind == EXERCISE_REFLECTION,
                    WorkbookEntry.draft.is_(True),
                )
            )
            return frozenset(row for row in rows if row)

    async def record_group_session(self, person_id: int, module_id: str) -> bool:
        """The leader's Innovationsteam held the module's group session (the meetings code says
        so). False when it was already recorded."""
        async with self._db.transaction() as session:
            insert = insert_for(session)
            await session.execute(
                insert(ModuleProgress)
                .values(person_id=person_id, module_id=module_id)
                .on_conflict_do_nothing(
                    index_elements=[ModuleProgress.person_id, ModuleProgress.module_id]
                )
            )
            result = await session.execute(
                update(ModuleProgress)
                .where(
                    ModuleProgress.person_id == person_id,
                    ModuleProgress.module_id == module_id,
                    ModuleProgress.group_session_at.is_(None),
                )
                .values(group_session_at=self._db.now())
            )
            return affected(result) == 1

    async def group_sessions(self, person_id: int) -> frozenset[str]:
        async with self._db.sessions() as session:
            rows = await session.scalars(
                select(ModuleProgress.module_id).where(
                    ModuleProgress.person_id == person_id,
                    ModuleProgress.group_session_at.is_not(None),
                )
            )
            return frozenset(rows)

    async def complete_module(self, person_id: int, module_id: str) -> bool:
        """Mark the module completed; True only the first time (so it is celebrated once)."""
        await self._touch_module(person_id, module_id)
        async with self._db.transaction() as session:
            result = await session.execute(
                update(ModuleProgress)
                .where(
                    ModuleProgress.person_id == person_id,
                    ModuleProgress.module_id == module_id,
                    ModuleProgress.completed_at.is_(None),
                )
                .values(completed_at=self._db.now())
            )
            return affected(result) == 1

    async def completed(self, person_id: int) -> frozenset[str]:
        async with self._db.sessions() as session:
            rows = await session.scalars(
                select(ModuleProgress.module_id).where(
                    ModuleProgress.person_id == person_id,
                    ModuleProgress.completed_at.is_not(None),
                )
            )
            return frozenset(rows)

    async def with_uncelebrated_sessions(self) -> list[int]:
        """Leaders with a group session held on a module not yet marked completed."""
        async with self._db.sessions() as session:
            rows = await session.scalars(
                select(ModuleProgress.person_id)
                .where(
                    ModuleProgress.group_session_at.is_not(None),
                    ModuleProgress.completed_at.is_(None),
                )
                .distinct()
            )
            return list(rows)

    async def started_modules(self, person_id: int) -> frozenset[str]:
        async with self._db.sessions() as session:
            rows = await session.scalars(
                select(ModuleProgress.module_id).where(
                    ModuleProgress.person_id == person_id,
                    ModuleProgress.started_at.is_not(None),
                )
            )
            return frozenset(rows)

    async def _touch_module(
        self, person_id: int, module_id: str, *, started_at: datetime | None = None
    ) -> None:
        async with self._db.transaction() as session:
            insert = insert_for(session)
            await session.execute(
                insert(ModuleProgress)
                .values(person_id=person_id, module_id=module_id, started_at=started_at)
                .on_conflict_do_nothing(
                    index_elements=[ModuleProgress.person_id, ModuleProgress.module_id]
                )
            )
            if started_at is not None:
                await session.execute(
                    update(ModuleProgress)
                    .where(
                        ModuleProgress.person_id == person_id,
                        ModuleProgress.module_id == module_id,
                        ModuleProgress.started_at.is_(None),
                    )
                    .values(started_at=started_at)
                )

    # --- writing in chat ----------------------------------------------------------------------

    async def set_writing(self, person_id: int, exercise_id: str | None) -> bool:
        """Remember (or forget, with None) the exercise the leader is writing about. Returns
        whether they were writing about something before."""
        async with self._db.transaction() as session:
            row = await session.get(Learner, person_id, with_for_update=True)
            before = row.writing_exercise_id if row is not None else None
            if row is None:
                if exercise_id is None:
                    return False
                session.add(Learner(person_id=person_id, writing_exercise_id=exercise_id))
            else:
                row.writing_exercise_id = exercise_id
                row.updated_at = self._db.now()
            return before is not None

    async def writing(self, person_id: int) -> str | None:
        return (await free_text_state(self._db, person_id)).writing

    # --- groups and posts ---------------------------------------------------------------------

    async def group_of(self, person_id: int) -> int | None:
        """The leader's active group (the most recently joined, if more than one)."""
        async with self._db.sessions() as session:
            return await session.scalar(
                select(Membership.group_id)
                .join(Group, Group.id == Membership.group_id)
                .where(
                    Membership.person_id == person_id,
                    Membership.state == ACTIVE,
                    Group.active.is_(True),
                )
                .order_by(Membership.joined_at.desc())
                .limit(1)
            )

    async def first_name(self, person_id: int) -> str:
        async with self._db.sessions() as session:
            person = await session.get(Person, person_id)
        return first_name(person.given_name, person.name) if person is not None else ""

    async def post_of(self, entry_id: int) -> Post | None:
        async with self._db.sessions() as session:
            row = await session.get(ReflectionPost, entry_id)
        if row is None:
            return None
        return Post(row.entry_id, row.group_id, row.outbox_id, row.revision, row.withdrawn)

    async def record_post(self, entry_id: int, group_id: int, outbox_id: int) -> None:
        async with self._db.transaction() as session:
            insert = insert_for(session)
            await session.execute(
                insert(ReflectionPost)
                .values(
                    entry_id=entry_id,
                    group_id=group_id,
                    outbox_id=outbox_id,
                    revision=0,
                    withdrawn=False,
                    posted_at=self._db.now(),
                    updated_at=self._db.now(),
                )
                .on_conflict_do_nothing(index_elements=[ReflectionPost.entry_id])
            )
            await session.execute(
                update(WorkbookEntry)
                .where(WorkbookEntry.id == entry_id, WorkbookEntry.awaiting_post.is_(True))
                .values(awaiting_post=False)
            )

    async def await_post(self, entry_id: int) -> None:
        """Shared, but nowhere to post it yet: the reflections job posts it once there is."""
        async with self._db.transaction() as session:
            await session.execute(
                update(WorkbookEntry).where(WorkbookEntry.id == entry_id).values(awaiting_post=True)
            )

    async def next_revision(self, entry_id: int, *, withdrawn: bool) -> int:
        """Count a change of a posted reflection; returns its revision number (1, 2, ...)."""
        async with self._db.transaction() as session:
            row = await session.get(ReflectionPost, entry_id, with_for_update=True)
            assert row is not None, f"reflection {entry_id} was never posted"
            row.revision += 1
            row.withdrawn = withdrawn
            row.updated_at = self._db.now()
            return row.revision

    async def shared_reflections(self, group_id: int, since: datetime) -> list[SharedReflection]:
        """Reflections shared with the group and written or changed since `since`, oldest
        first: what the next meeting's digest collects. Withdrawn and private ones are left out.
        """
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(WorkbookEntry, Person)
                .join(ReflectionPost, ReflectionPost.entry_id == WorkbookEntry.id)
                .join(Person, Person.id == WorkbookEntry.person_id)
                .where(
                    ReflectionPost.group_id == group_id,
                    ReflectionPost.withdrawn.is_(False),
                    WorkbookEntry.shared.is_(True),
                    WorkbookEntry.draft.is_(False),
                    WorkbookEntry.updated_at >= since,
                )
                .order_by(WorkbookEntry.updated_at, WorkbookEntry.id)
            )
            return [
                SharedReflection(
                    entry_id=entry.id,
                    person_id=entry.person_id,
                    first_name=first_name(person.given_name, person.name),
                    module_id=entry.module_id,
                    exercise_id=entry.exercise_id or "",
                    text=entry.text,
                    updated_at=entry.updated_at,
                )
                for entry, person in rows
            ]

    async def unposted_shared(self) -> list[UnpostedReflection]:
        """Sent, shared reflections never posted whose writer now has an active group: from
        those marked as awaiting a post, so an idle tick reads a partial index, not every
        shared reflection against every post."""
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(WorkbookEntry, Person, Membership.group_id)
                .join(Person, Person.id == WorkbookEntry.person_id)
                .join(
                    Membership,
                    and_(Membership.person_id == Person.id, Membership.state == ACTIVE),
                )
                .join(Group, and_(Group.id == Membership.group_id, Group.active.is_(True)))
                .outerjoin(ReflectionPost, ReflectionPost.entry_id == WorkbookEntry.id)
                .where(
                    WorkbookEntry.awaiting_post.is_(True),
                    WorkbookEntry.kind == EXERCISE_REFLECTION,
                    WorkbookEntry.shared.is_(True),
                    WorkbookEntry.draft.is_(False),
                    ReflectionPost.entry_id.is_(None),
                )
                .order_by(WorkbookEntry.id, Membership.joined_at.desc())
            )
            found: dict[int, UnpostedReflection] = {}
            for entry, person, group_id in rows:
                found.setdefault(
                    entry.id,
                    UnpostedReflection(
                        entry.id,
                        person.id,
                        group_id,
                        first_name(person.given_name, person.name),
                        entry.exercise_id or "",
                        entry.text,
                    ),
                )
            return list(found.values())

    # --- nudges -------------------------------------------------------------------------------

    async def open_exercises(self, started_after: datetime | None = None) -> list[OpenExercise]:
        """Every exercise started (after `started_after`, if given) and not reflected on (a
        draft does not count as reflected). A scan at national scale: the learning job reads
        `due_nudges` instead; this answers a whole-picture question (the tests ask it)."""
        sent = reflected()
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(StartedExercise, Person, LearningPlan.frequency)
                .join(Person, Person.id == StartedExercise.person_id)
                .outerjoin(LearningPlan, LearningPlan.person_id == StartedExercise.person_id)
                # "pausa" (over the summer, say) or "påminnelser av": no nudges.
                .where(~sent, Person.paused_at.is_(None), Person.nudges.is_(True))
                .where(
                    StartedExercise.started_at > started_after
                    if started_after is not None
                    else true()
                )
                .order_by(StartedExercise.started_at)
            )
            return [_open(started, person, frequency) for started, person, frequency in rows]

    async def due_nudges(self, now: datetime, limit: int) -> list[DueNudge]:
        """The started exercises whose nudge is due by `now` (by the partial index, earliest
        first, at most `limit`); what the learning job's tick reads, nothing when idle."""
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(
                    StartedExercise,
                    Person,
                    LearningPlan.frequency,
                    reflected().label("reflected"),
                )
                .join(Person, Person.id == StartedExercise.person_id)
                .outerjoin(LearningPlan, LearningPlan.person_id == StartedExercise.person_id)
                .where(StartedExercise.nudge_due_at <= now)
                .order_by(StartedExercise.nudge_due_at)
                .limit(limit)
            )
            return [
                DueNudge(
                    _open(started, person, frequency),
                    due_at=started.nudge_due_at or now,  # never None: due by `now`
                    # "pausa" (over the summer, say) or "påminnelser av": no nudges.
                    wanted=not sent and person.paused_at is None and person.nudges,
                )
                for started, person, frequency, sent in rows
            ]

    async def schedule_nudges(self, schedule: list[tuple[DueNudge, datetime | None]]) -> None:
        """Store each exercise's next due moment (None: no nudge pending), unless it was
        rescheduled since it was read (a new frequency, say: the next tick computes that)."""
        if not schedule:
            return
        table = StartedExercise.__table__
        assert isinstance(table, Table)  # declared with one; the ORM types it as any FromClause
        async with self._db.transaction() as session:
            await session.execute(
                update(table)
                .where(
                    table.c.person_id == bindparam("person"),
                    table.c.exercise_id == bindparam("exercise"),
                    table.c.nudge_due_at == bindparam("was"),
                )
                .values(nudge_due_at=bindparam("next")),
                [
                    {
                        "person": due.exercise.person_id,
                        "exercise": due.exercise.exercise_id,
                        "was": due.due_at,
                        "next": next_due,
                    }
                    for due, next_due in schedule
                ],
            )


def _open(started: StartedExercise, person: Person, frequency: str | None) -> OpenExercise:
    return OpenExercise(
        person_id=started.person_id,
        organisation_id=person.organisation_id,
        exercise_id=started.exercise_id,
        module_id=started.module_id,
        started_at=started.started_at,
        frequency=frequency,
        first_name=first_name(person.given_name, person.name),
        sittings=started.sittings,
    )
