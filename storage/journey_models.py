"""A leader's own journey: onboarding progress, learning plan, workbook, maturity, Tidsplan.

Every row belongs to one person (and so to one organisation); deleting the person deletes it all.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UtcDateTime, clock_now

_PERSON = "people.id"


class OnboardingProgress(Base):
    """Where a leader is in the onboarding conversation, so they continue there on any day."""

    __tablename__ = "onboarding_progress"

    person_id: Mapped[int] = mapped_column(
        ForeignKey(_PERSON, ondelete="CASCADE"), primary_key=True
    )
    step: Mapped[str] = mapped_column(String(30))
    module_index: Mapped[int] = mapped_column(Integer, default=0)  # area being asked about
    paused: Mapped[bool] = mapped_column(default=False)  # "avbryt": no more prompts until asked
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now, onupdate=clock_now)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class LearningPlan(Base):
    """The leader's answers and the plan made from them."""

    __tablename__ = "learning_plans"

    person_id: Mapped[int] = mapped_column(
        ForeignKey(_PERSON, ondelete="CASCADE"), primary_key=True
    )
    familiarity: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # module id -> answer
    module_order: Mapped[list[str]] = mapped_column(JSON, default=list)
    exercise_numbers: Mapped[list[int]] = mapped_column(JSON, default=list)
    parts_of_day: Mapped[list[str]] = mapped_column(JSON, default=list)
    frequency: Mapped[str | None] = mapped_column(String(30))
    # Times shown on the last proposal card, so "Boka nu" books exactly what the leader saw.
    proposal: Mapped[list[Any] | None] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now, onupdate=clock_now)


class WorkbookEntry(Base):
    """A text in the leader's workbook: their goal, a reflection."""

    __tablename__ = "workbook_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey(_PERSON, ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))  # storage.workbook: GOAL, EXERCISE_NOTES, ...
    module_id: Mapped[str | None] = mapped_column(String(60))
    exercise_id: Mapped[str | None] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(Text)
    shared: Mapped[bool] = mapped_column(default=False)
    draft: Mapped[bool] = mapped_column(default=False)
    # Shared before the leader had a group (or their group a channel): the reflections job
    # posts it later. A mark of its own, so the job reads these few rows by a partial index
    # instead of every shared reflection against every post.
    awaiting_post: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now, onupdate=clock_now)


Index(
    "ix_workbook_entries_awaiting_post",
    WorkbookEntry.id,
    sqlite_where=WorkbookEntry.awaiting_post.is_(True),
    postgresql_where=WorkbookEntry.awaiting_post.is_(True),
)


class MaturityScore(Base):
    """One area's self-assessed grade (1-4) at a checkpoint (start, halfway, end)."""

    __tablename__ = "maturity_scores"

    person_id: Mapped[int] = mapped_column(
        ForeignKey(_PERSON, ondelete="CASCADE"), primary_key=True
    )
    checkpoint: Mapped[str] = mapped_column(String(30), primary_key=True)
    area_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    grade: Mapped[int] = mapped_column(Integer)
    assessed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)


class WorkSession(Base):
    """A time the leader set aside for the journey: their Tidsplan."""

    __tablename__ = "work_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey(_PERSON, ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime)
    event_id: Mapped[str | None] = mapped_column(String(400))  # None: not in the calendar
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)


Index("ix_workbook_entries_person_kind", WorkbookEntry.person_id, WorkbookEntry.kind)
Index("ix_work_sessions_person_start", WorkSession.person_id, WorkSession.starts_at)
