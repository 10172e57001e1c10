"""What a leader has done in the modules: exercises started, group sessions held, modules
completed, where they are writing, and which reflections went to their group's channel.

The reflections themselves live in the workbook (storage.journey_models.WorkbookEntry); these
rows only say what happened around them. Deleting a person deletes all of it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UtcDateTime, clock_now

_PERSON = "people.id"


class StartedExercise(Base):
    """An exercise the leader started ("Gör övningen"); the first start counts."""

    __tablename__ = "learning_exercises"

    person_id: Mapped[int] = mapped_column(
        ForeignKey(_PERSON, ondelete="CASCADE"), primary_key=True
    )
    exercise_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    module_id: Mapped[str] = mapped_column(String(60))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)
    # Sittings done of an exercise spread over days ("10 x 10 min"); 0 for the others.
    sittings: Mapped[int] = mapped_column(default=0, server_default="0")
    # When the learning job should next look at it (services.learning): its next nudge's due
    # moment, or now after a change to the leader's rhythm. None: no nudge pending.
    nudge_due_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class ModuleProgress(Base):
    """One module of one leader: started, its group session held, completed (celebrated)."""

    __tablename__ = "learning_modules"

    person_id: Mapped[int] = mapped_column(
        ForeignKey(_PERSON, ondelete="CASCADE"), primary_key=True
    )
    module_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    group_session_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Learner(Base):
    """Per leader: the exercise whose reflection they are writing (chat text goes there)."""

    __tablename__ = "learners"

    person_id: Mapped[int] = mapped_column(
        ForeignKey(_PERSON, ondelete="CASCADE"), primary_key=True
    )
    writing_exercise_id: Mapped[str | None] = mapped_column(String(60))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now, onupdate=clock_now)


class ReflectionPost(Base):
    """A shared reflection's post in its group's channel: the outbox row that first posted it
    (its sent activity id is what an edit updates) and how many times it was changed."""

    __tablename__ = "reflection_posts"

    entry_id: Mapped[int] = mapped_column(
        ForeignKey("workbook_entries.id", ondelete="CASCADE"), primary_key=True
    )
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    outbox_id: Mapped[int] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    withdrawn: Mapped[bool] = mapped_column(default=False)
    posted_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now, onupdate=clock_now)


Index("ix_reflection_posts_group_updated", ReflectionPost.group_id, ReflectionPost.updated_at)
# The learning job's questions at national scale (benchmarks/national.py): exercises started
# recently enough to be nudged, and group sessions not yet celebrated (few, so a partial index).
Index("ix_learning_exercises_started_at", StartedExercise.started_at)
Index(
    "ix_learning_modules_uncelebrated",
    ModuleProgress.person_id,
    sqlite_where=ModuleProgress.group_session_at.is_not(None)
    & ModuleProgress.completed_at.is_(None),
    postgresql_where=ModuleProgress.group_session_at.is_not(None)
    & ModuleProgress.completed_at.is_(None),
)

# The learning job's tick reads only the exercises whose nudge is due, by this index.
Index(
    "ix_learning_exercises_nudge_due",
    StartedExercise.nudge_due_at,
    postgresql_where=StartedExercise.nudge_due_at.is_not(None),
    sqlite_where=StartedExercise.nudge_due_at.is_not(None),
)
