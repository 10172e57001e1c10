"""Regional meetings: a programme owner's digital meetings for a regional cohort, and each
participating leader's answer ("Jag kommer" / "Jag kan inte").

A meeting holds what the owner typed (theme, agenda, guest, link) and its time in UTC; an
answer holds one person's yes or no, in their own organisation. Nothing here is read by the
region but counts (services.meetings).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    Boolean,
    ColumnElement,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UtcDateTime, clock_now
from storage.database import Database
from storage.models import Organisation, Person
from storage.regions import RegionalCohort
from storage.upsert import insert_for


class RegionalMeeting(Base):
    __tablename__ = "regional_meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    regional_cohort_id: Mapped[int] = mapped_column(
        ForeignKey("regional_cohorts.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    minutes: Mapped[int] = mapped_column(Integer)
    theme: Mapped[str] = mapped_column(String(200))
    agenda: Mapped[str] = mapped_column(Text)
    guest: Mapped[str] = mapped_column(String(200), default="")
    link: Mapped[str] = mapped_column(String(2000))
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)
    # When the reminder job next needs to look at this meeting (services.regional_meetings
    # decides); None: on its next tick. A tick reads only the meetings to come (a region has
    # about six a year) whose mark has come.
    next_check_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class MeetingAnswer(Base):
    """One person's answer to one meeting; changeable."""

    __tablename__ = "regional_meeting_answers"
    __table_args__ = (
        UniqueConstraint("meeting_id", "person_id", name="uq_regional_meeting_answers_person"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("regional_meetings.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    coming: Mapped[bool] = mapped_column(Boolean)
    answered_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)


@dataclass(frozen=True, slots=True)
class Meeting:
    id: int
    regional_cohort_id: int
    starts_at: datetime
    minutes: int
    theme: str
    agenda: str
    guest: str
    link: str
    cancelled: bool


def _meeting(row: RegionalMeeting) -> Meeting:
    return Meeting(
        row.id,
        row.regional_cohort_id,
        row.starts_at,
        row.minutes,
        row.theme,
        row.agenda,
        row.guest,
        row.link,
        row.cancelled,
    )


@dataclass(frozen=True, slots=True)
class NewMeeting:
    regional_cohort_id: int
    starts_at: datetime
    minutes: int
    theme: str
    agenda: str
    guest: str
    link: str


class Meetings:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def add(self, new: NewMeeting) -> int:
        async with self._db.transaction() as session:
            row = RegionalMeeting(
                regional_cohort_id=new.regional_cohort_id,
                starts_at=new.starts_at,
                minutes=new.minutes,
                theme=new.theme,
                agenda=new.agenda,
                guest=new.guest,
                link=new.link,
                cancelled=False,
                created_at=self._db.now(),
            )
            session.add(row)
            await session.flush()
            return row.id

    async def get(self, meeting_id: int) -> Meeting | None:
        async with self._db.sessions() as session:
            row = await session.get(RegionalMeeting, meeting_id)
            return None if row is None else _meeting(row)

    async def move(self, meeting_id: int, starts_at: datetime) -> None:
        async with self._db.transaction() as session:
            row = await session.get(RegionalMeeting, meeting_id)
            if row is not None:
                row.starts_at = starts_at
                row.next_check_at = None  # its reminder moments moved with it

    async def cancel(self, meeting_id: int) -> None:
        async with self._db.transaction() as session:
            row = await session.get(RegionalMeeting, meeting_id)
            if row is not None:
                row.cancelled = True

    async def of_cohort(self, regional_cohort_id: int) -> list[Meeting]:
        async with self._db.sessions() as session:
            rows = await session.scalars(
                select(RegionalMeeting)
                .where(RegionalMeeting.regional_cohort_id == regional_cohort_id)
                .order_by(RegionalMeeting.starts_at, RegionalMeeting.id)
            )
            return [_meeting(r) for r in rows]

    async def due_for_check(self, earliest: datetime, now: datetime) -> list[Meeting]:
        """The meetings not cancelled starting from `earliest` whose check has come."""
        async with self._db.sessions() as session:
            rows = await session.scalars(
                select(RegionalMeeting)
                .where(
                    or_(
                        RegionalMeeting.next_check_at.is_(None),
                        RegionalMeeting.next_check_at <= now,
                    ),
                    RegionalMeeting.starts_at >= earliest,
                    RegionalMeeting.cancelled.is_(False),
                )
                .order_by(RegionalMeeting.starts_at, RegionalMeeting.id)
            )
            return [_meeting(r) for r in rows]

    async def checked(self, next_checks: dict[int, datetime]) -> None:
        """Each meeting's next check, in one statement."""
        if not next_checks:
            return
        async with self._db.transaction() as session:
            await session.execute(
                update(RegionalMeeting),
                [{"id": m, "next_check_at": at} for m, at in sorted(next_checks.items())],
            )

    async def recheck(self, meeting_id: int) -> None:
        """The meeting is looked at on the job's next tick."""
        async with self._db.transaction() as session:
            await session.execute(
                update(RegionalMeeting)
                .where(RegionalMeeting.id == meeting_id)
                .values(next_check_at=None)
            )

    async def recheck_cohort(self, regional_cohort_id: int) -> None:
        """The regional cohort's meetings still to come are looked at on the job's next tick:
        who takes part may have changed (a late joiner is reminded then, not at the next
        routine check)."""
        await self._recheck_upcoming(RegionalMeeting.regional_cohort_id == regional_cohort_id)

    async def ids_of_region(self, region_id: int) -> list[int]:
        """Every meeting of the region's regional cohorts, cancelled or not."""
        cohorts = select(RegionalCohort.id).where(RegionalCohort.region_id == region_id)
        async with self._db.sessions() as session:
            query = select(RegionalMeeting.id).where(
                RegionalMeeting.regional_cohort_id.in_(cohorts)
            )
            return list(await session.scalars(query))

    async def recheck_region(self, region_id: int) -> None:
        """`recheck_cohort` for every regional cohort of the region."""
        cohorts = select(RegionalCohort.id).where(RegionalCohort.region_id == region_id)
        await self._recheck_upcoming(RegionalMeeting.regional_cohort_id.in_(cohorts))

    async def _recheck_upcoming(self, which: ColumnElement[bool]) -> None:
        async with self._db.transaction() as session:
            await session.execute(
                update(RegionalMeeting)
                .where(
                    which,
                    RegionalMeeting.starts_at > self._db.now(),
                    RegionalMeeting.cancelled.is_(False),
                )
                .values(next_check_at=None)
            )

    async def answer(
        self, meeting_id: int, organisation_id: int, person_id: int, coming: bool
    ) -> None:
        now = self._db.now()
        async with self._db.transaction() as session:
            row = await session.scalar(
                select(MeetingAnswer).where(
                    MeetingAnswer.meeting_id == meeting_id, MeetingAnswer.person_id == person_id
                )
            )
            if row is None:
                await session.execute(
                    insert_for(session)(MeetingAnswer)
                    .values(
                        meeting_id=meeting_id,
                        person_id=person_id,
                        organisation_id=organisation_id,
                        coming=coming,
                        answered_at=now,
                    )
                    .on_conflict_do_nothing()
                )
            else:
                row.coming = coming
                row.answered_at = now

    async def answer_of(self, meeting_id: int, person_id: int) -> bool | None:
        async with self._db.sessions() as session:
            return await session.scalar(
                select(MeetingAnswer.coming).where(
                    MeetingAnswer.meeting_id == meeting_id, MeetingAnswer.person_id == person_id
                )
            )

    async def coming(self, meeting_id: int) -> list[int]:
        """The person ids who said they come."""
        async with self._db.sessions() as session:
            return list(
                await session.scalars(
                    select(MeetingAnswer.person_id)
                    .where(MeetingAnswer.meeting_id == meeting_id, MeetingAnswer.coming.is_(True))
                    .order_by(MeetingAnswer.person_id)
                )
            )

    async def not_coming(self, meeting_id: int) -> set[int]:
        """The person ids who said they cannot come."""
        async with self._db.sessions() as session:
            return set(
                await session.scalars(
                    select(MeetingAnswer.person_id).where(
                        MeetingAnswer.meeting_id == meeting_id, MeetingAnswer.coming.is_(False)
                    )
                )
            )

    async def people_of(self, organisation_id: int) -> list[int]:
        async with self._db.sessions() as session:
            return list(
                await session.scalars(
                    select(Person.id)
                    .where(Person.organisation_id == organisation_id)
                    .order_by(Person.id)
                )
            )

    async def people_of_each(self, organisation_ids: Sequence[int]) -> dict[int, list[int]]:
        """`people_of` for many municipalities in one statement."""
        found: dict[int, list[int]] = {o: [] for o in organisation_ids}
        if not found:
            return found
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(Person.organisation_id, Person.id)
                .where(Person.organisation_id.in_(sorted(found)))
                .order_by(Person.id)
            )
            for organisation_id, person_id in rows:
                found[organisation_id].append(person_id)
        return found

    async def count_coming(self, meeting_ids: Sequence[int]) -> dict[int, int]:
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(MeetingAnswer.meeting_id, func.count())
                .where(MeetingAnswer.meeting_id.in_(meeting_ids), MeetingAnswer.coming.is_(True))
                .group_by(MeetingAnswer.meeting_id)
            )
            return {m: n for m, n in rows}

    async def tenant_of(self, organisation_id: int) -> str | None:
        async with self._db.sessions() as session:
            return await session.scalar(
                select(Organisation.tenant_id).where(Organisation.id == organisation_id)
            )


def outbox_key(meeting_id: int, *parts: object) -> str:
    """A regional meeting's message key; "" as the last part makes a prefix for cancelling.
    Its own prefix: Innovationsteam meetings key theirs "meeting-<id>-" with ids of their own,
    and a shared form let one kind cancel or swallow the other's (migration 0039)."""
    return "-".join(["regional-meeting", str(meeting_id), *map(str, parts)])
