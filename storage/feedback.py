"""Improvement suggestions to the programme ("återkoppling"), per municipality.

An anonymous suggestion has no person: nothing stored links it to whoever sent it. A signed one
is its sender's, so erasing them ("radera mina data") deletes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UtcDateTime, clock_now
from storage.database import Database
from storage.models import Person
from storage.workbook import bounded


class Suggestion(Base):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)


Index("ix_feedback_organisation_created", Suggestion.organisation_id, Suggestion.created_at)


@dataclass(frozen=True, slots=True)
class SuggestionView:
    text: str
    sender: str | None  # None: anonymous
    created_at: datetime


class Feedback:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def add(self, organisation_id: int, person_id: int | None, text: str) -> None:
        bounded(text)
        async with self._db.transaction() as session:
            session.add(
                Suggestion(
                    organisation_id=organisation_id,
                    person_id=person_id,
                    text=text,
                    created_at=self._db.now(),
                )
            )

    async def latest(self, organisation_id: int, limit: int) -> list[SuggestionView]:
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(Suggestion.text, Person.name, Suggestion.created_at)
                .outerjoin(Person, Person.id == Suggestion.person_id)
                .where(Suggestion.organisation_id == organisation_id)
                .order_by(Suggestion.created_at.desc(), Suggestion.id.desc())
                .limit(limit)
            )
        return [SuggestionView(text, name or None, at) for text, name, at in rows]
