"""Cohorts (omgångar): a coordinator's group of leaders who start the journey on one date.

A cohort belongs to one organisation; its members are named by e-mail, because the coordinator
pastes addresses, and tied to the person of that organisation the bot already knows by that
address. Every lookup takes the organisation: nothing crosses tenants.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UtcDateTime, clock_now
from storage.database import Database
from storage.models import Person


class Cohort(Base):
    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date] = mapped_column(Date)  # in the organisation's zone
    start_at: Mapped[datetime] = mapped_column(UtcDateTime)  # 08:00 that day, in UTC
    # Erasing the coordinator keeps the cohort and forgets who started it.
    started_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    # The audience track its leaders follow (content.tracks); None: the default track.
    track: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)


class CohortMember(Base):
    __tablename__ = "cohort_members"
    __table_args__ = (UniqueConstraint("cohort_id", "email", name="uq_cohort_members_email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(320))  # lower case
    # Erasing the person ("radera mina data") deletes their membership with its address.
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))


@dataclass(frozen=True, slots=True)
class Member:
    email: str
    person_id: int | None  # None: the bot has not met anyone with this address
    given_name: str | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class NewCohort:
    organisation_id: int
    name: str
    starts_on: date
    start_at: datetime
    started_by: int | None
    track: str | None = None  # None: the default track


@dataclass(frozen=True, slots=True)
class CohortSummary:
    id: int
    name: str
    starts_on: date
    members: int
    track: str | None = None  # None: the default track


class Cohorts:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def create(self, cohort: NewCohort, emails: Sequence[str]) -> tuple[int, list[Member]]:
        """Store the cohort and its members (addresses distinct, lower case), each tied to the
        person of this organisation known by that address; (cohort id, members)."""
        async with self._db.transaction() as session:
            row = Cohort(
                organisation_id=cohort.organisation_id,
                name=cohort.name,
                starts_on=cohort.starts_on,
                start_at=cohort.start_at,
                started_by=cohort.started_by,
                track=cohort.track,
                created_at=self._db.now(),
            )
            session.add(row)
            await session.flush()
            known = await session.execute(
                select(func.lower(Person.email), Person.id, Person.given_name, Person.name)
                .where(
                    Person.organisation_id == cohort.organisation_id,
                    func.lower(Person.email).in_(list(emails)),
                )
                .order_by(Person.id.desc())  # the first one met wins (written last)
            )
            people = {email: (pid, given, name) for email, pid, given, name in known}
            members = []
            for email in emails:
                person_id, given, name = people.get(email, (None, None, None))
                session.add(CohortMember(cohort_id=row.id, email=email, person_id=person_id))
                members.append(Member(email, person_id, given, name))
            return row.id, members

    async def of_organisation(self, organisation_id: int) -> list[CohortSummary]:
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(
                    Cohort.id,
                    Cohort.name,
                    Cohort.starts_on,
                    func.count(CohortMember.id),
                    Cohort.track,
                )
                .outerjoin(CohortMember, CohortMember.cohort_id == Cohort.id)
                .where(Cohort.organisation_id == organisation_id)
                .group_by(Cohort.id, Cohort.name, Cohort.starts_on, Cohort.track)
                .order_by(Cohort.starts_on, Cohort.id)
            )
        return [CohortSummary(*row) for row in rows]

    async def track_of(self, person_id: int) -> str | None:
        """The track of the person's latest cohort (by start date) in their own organisation;
        None: the default track (no cohort, or a cohort on the default track). A member the
        bot had not met when the cohort started is found by their address."""
        async with self._db.sessions() as session:
            return await session.scalar(
                select(Cohort.track)
                .join(CohortMember, CohortMember.cohort_id == Cohort.id)
                .join(Person, Person.id == person_id)
                .where(
                    Cohort.organisation_id == Person.organisation_id,
                    (CohortMember.person_id == person_id)
                    | (
                        CohortMember.person_id.is_(None)
                        & (CohortMember.email == func.lower(Person.email))
                    ),
                )
                .order_by(Cohort.starts_on.desc(), Cohort.id.desc())
                .limit(1)
            )
