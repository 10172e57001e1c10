"""Celebrations a coordinator sent a cohort, and the cohort's diploma holders.

A celebration row is keyed by the token of the preview it was sent from, so a second click on
"Skicka" (or Teams redelivering it) finds the row and sends nothing again. It keeps no text: the
greeting went to the leaders' chats through the outbox. Who sent it is cleared when they erase
their data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UtcDateTime, clock_now
from storage.cohorts import Cohort, CohortMember
from storage.database import Database
from storage.journey_models import WorkbookEntry
from storage.models import Person
from storage.upsert import insert_for
from storage.workbook import COMPLETED


class Celebration(Base):
    __tablename__ = "celebrations"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))
    token: Mapped[str] = mapped_column(String(64), unique=True)  # the preview's
    sent_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    recipients: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)


@dataclass(frozen=True, slots=True)
class CohortMemberView:
    person_id: int | None
    email: str
    name: str | None
    journey_completed: bool


@dataclass(frozen=True, slots=True)
class CohortOf:
    id: int
    name: str


class Celebrations:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def cohort(self, organisation_id: int, cohort_id: int) -> CohortOf | None:
        """The cohort, only when it is this organisation's."""
        async with self._db.sessions() as session:
            row = (
                await session.execute(
                    select(Cohort.id, Cohort.name).where(
                        Cohort.id == cohort_id, Cohort.organisation_id == organisation_id
                    )
                )
            ).first()
        return None if row is None else CohortOf(*row)

    async def members(self, organisation_id: int, cohort_id: int) -> list[CohortMemberView]:
        """The cohort's members (of this organisation's cohort only), with whether each has
        completed the journey (the workbook's "journey_completed" entry)."""
        completed = (
            select(WorkbookEntry.person_id)
            .where(WorkbookEntry.kind == COMPLETED, WorkbookEntry.draft.is_(False))
            .scalar_subquery()
        )
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(
                    CohortMember.person_id,
                    CohortMember.email,
                    Person.name,
                    CohortMember.person_id.in_(completed),
                )
                .join(Cohort, Cohort.id == CohortMember.cohort_id)
                .outerjoin(
                    Person,
                    (Person.id == CohortMember.person_id)
                    & (Person.organisation_id == organisation_id),
                )
                .where(Cohort.id == cohort_id, Cohort.organisation_id == organisation_id)
                .order_by(CohortMember.email)
            )
        return [
            CohortMemberView(person_id, email, name or None, bool(done))
            for person_id, email, name, done in rows
        ]

    async def claim(
        self, organisation_id: int, cohort_id: int, token: str, sent_by: int
    ) -> int | None:
        """The new celebration's id; None when this preview was sent already."""
        async with self._db.transaction() as session:
            insert = insert_for(session)
            created = await session.execute(
                insert(Celebration)
                .values(
                    organisation_id=organisation_id,
                    cohort_id=cohort_id,
                    token=token,
                    sent_by=sent_by,
                    recipients=0,
                    created_at=self._db.now(),
                )
                .on_conflict_do_nothing(index_elements=[Celebration.token])
                .returning(Celebration.id)
            )
            celebration_id: int | None = created.scalar()
            return celebration_id

    async def record_recipients(self, celebration_id: int, recipients: int) -> None:
        async with self._db.transaction() as session:
            row = await session.get(Celebration, celebration_id)
            if row is not None:
                row.recipients = recipients
