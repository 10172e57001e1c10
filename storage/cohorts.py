"""Cohorts (omgångar): a coordinator's group of leaders who start the journey on one date.

A cohort belongs to one organisation; its members are named by e-mail, because the coordinator
pastes addresses, and tied to the person of that organisation the bot already knows by that
address. Every lookup takes the organisation: nothing crosses tenants.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import (
    Date,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    func,
    select,
    union_all,
    update,
)
from sqlalchemy.engine import Result
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UtcDateTime, clock_now
from storage.database import Database
from storage.models import Group, Membership, Person


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
    # When the member was tied to a person after the cohort was started (their address became
    # known later); None: tied at the start, or not yet.
    bound_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


# A person's memberships (a turn's track, erasure's cascade) and the members tied to no one yet
# (the address lookups' idle tick, and tracks_of's second branch): both were sequential scans of
# every municipality's members at national scale (benchmarks/national.py).
Index("ix_cohort_members_person", CohortMember.person_id)
Index(
    "ix_cohort_members_untied",
    CohortMember.cohort_id,
    sqlite_where=CohortMember.person_id.is_(None),
    postgresql_where=CohortMember.person_id.is_(None),
)


@dataclass(frozen=True, slots=True)
class Member:
    email: str
    person_id: int | None  # None: the bot has not met anyone with this address
    given_name: str | None = None
    name: str | None = None
    id: int = 0  # the cohort_members row


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
    bound_later: int = 0  # members tied to a person after the cohort was started


@dataclass(frozen=True, slots=True)
class TeamChoice:
    """A Teams team of the organisation where the app is installed (an active group)."""

    group_id: int
    name: str
    members: int  # active members (coaches not counted)


@dataclass(frozen=True, slots=True)
class TeamLeaders:
    """The members of the chosen teams as the stored roster has them."""

    emails: list[str]  # lower case, distinct, in team then roster order
    without_address: int  # members Teams gave no address for (e.g. some guests)
    unknown: list[int]  # chosen ids that are no active team of this organisation


@dataclass(frozen=True, slots=True)
class Bound:
    """A cohort a person was just tied to, by the address that became known for them."""

    cohort_id: int
    start_at: datetime
    started: bool  # the cohort had started: they simply are in it now


@dataclass(frozen=True, slots=True)
class Arrival:
    """A cohort a person has just become reachable for, not started yet."""

    cohort_id: int
    start_at: datetime
    starts_on: date


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
            stored = [
                CohortMember(cohort_id=row.id, email=email, person_id=people.get(email, (None,))[0])
                for email in emails
            ]
            session.add_all(stored)
            await session.flush()  # one INSERT for them all; their ids for the installs
            members = []
            for member in stored:
                person_id, given, name = people.get(member.email, (None, None, None))
                members.append(Member(member.email, person_id, given, name, member.id))
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
                    func.count(CohortMember.bound_at),
                )
                .outerjoin(CohortMember, CohortMember.cohort_id == Cohort.id)
                .where(Cohort.organisation_id == organisation_id)
                .group_by(Cohort.id, Cohort.name, Cohort.starts_on, Cohort.track)
                .order_by(Cohort.starts_on, Cohort.id)
            )
        return [CohortSummary(*row) for row in rows]

    async def teams(self, organisation_id: int) -> list[TeamChoice]:
        """The organisation's teams with the app installed, by name."""
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(Group.id, Group.name, func.count(Membership.person_id))
                .outerjoin(
                    Membership,
                    (Membership.group_id == Group.id)
                    & (Membership.state == "active")
                    & (Membership.role == "member"),
                )
                .where(Group.organisation_id == organisation_id, Group.active.is_(True))
                .group_by(Group.id, Group.name)
                .order_by(Group.name, Group.id)
            )
        return [TeamChoice(*row) for row in rows]

    async def team_leaders(self, organisation_id: int, group_ids: Sequence[int]) -> TeamLeaders:
        """The active members (not coaches) of these teams of this organisation only."""
        if not group_ids:
            return TeamLeaders([], 0, [])
        async with self._db.sessions() as session:
            known = set(
                (
                    await session.scalars(
                        select(Group.id).where(
                            Group.organisation_id == organisation_id,
                            Group.active.is_(True),
                            Group.id.in_(list(group_ids)),
                        )
                    )
                ).all()
            )
            rows = await session.execute(
                select(Person.id, Person.email)
                .join(Membership, Membership.person_id == Person.id)
                .where(
                    Membership.group_id.in_(list(known)),
                    Membership.state == "active",
                    Membership.role == "member",
                    Person.organisation_id == organisation_id,
                )
                .order_by(Membership.group_id, Membership.joined_at, Person.id)
            )
        emails: list[str] = []
        without: set[int] = set()
        for person_id, email in rows:
            address = (email or "").strip().lower()
            if "@" not in address:
                without.add(person_id)
            elif address not in emails:
                emails.append(address)
        return TeamLeaders(emails, len(without), [g for g in group_ids if g not in known])

    async def arrivals(
        self, organisation_id: int, person_id: int, email: str | None, now: datetime
    ) -> list[Arrival]:
        """The cohorts not started yet whose member this person is (by person, or by address
        while the member is tied to no one); such members are tied to them now."""
        address = (email or "").strip().lower()
        async with self._db.sessions() as session:
            mine = CohortMember.person_id == person_id
            if address:
                mine = mine | (
                    CohortMember.person_id.is_(None) & (func.lower(CohortMember.email) == address)
                )
            rows = (
                await session.execute(
                    select(CohortMember.id, Cohort.id, Cohort.start_at, Cohort.starts_on)
                    .join(Cohort, Cohort.id == CohortMember.cohort_id)
                    .where(Cohort.organisation_id == organisation_id, Cohort.start_at > now, mine)
                    .order_by(Cohort.start_at)
                )
            ).all()
        if rows:  # most installs are of no one awaited: no write for them
            async with self._db.transaction() as session:
                await session.execute(
                    update(CohortMember)
                    .where(
                        CohortMember.id.in_([row[0] for row in rows]),
                        CohortMember.person_id.is_(None),
                    )
                    .values(person_id=person_id, bound_at=now)
                )
        return [
            Arrival(cohort_id, start_at, starts_on) for _, cohort_id, start_at, starts_on in rows
        ]

    async def person(self, organisation_id: int, person_id: int) -> Member | None:
        """The person as a member would name them (address as Teams gave it, names)."""
        async with self._db.sessions() as session:
            row = (
                await session.execute(
                    select(Person.email, Person.given_name, Person.name).where(
                        Person.id == person_id, Person.organisation_id == organisation_id
                    )
                )
            ).one_or_none()
        if row is None:
            return None
        return Member((row[0] or "").strip().lower(), person_id, row[1], row[2])

    async def awaits_someone(self, organisation_id: int, now: datetime) -> bool:
        """Whether a cohort of the organisation not started yet has a member tied to no one
        (named by address only): only then is it worth asking Teams for an address."""
        async with self._db.sessions() as session:
            found = await session.scalar(
                select(CohortMember.id)
                .join(Cohort, Cohort.id == CohortMember.cohort_id)
                .where(
                    Cohort.organisation_id == organisation_id,
                    Cohort.start_at > now,
                    CohortMember.person_id.is_(None),
                )
                .limit(1)
            )
        return found is not None

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

    async def tracks_of(self, person_ids: Iterable[int]) -> dict[int, str | None]:
        """`track_of` for many people in one statement (a job's tick over every open exercise);
        people without a cohort are left out (the default track)."""
        wanted = sorted(set(person_ids))
        if not wanted:
            return {}
        # Two branches rather than one OR, so each is read by its index (the member by
        # person; by address among those tied to no one): with the OR, PostgreSQL scanned
        # every person and every member of the country (424 ms at national scale).
        by_person = (
            select(CohortMember.person_id, Cohort.track, Cohort.starts_on, Cohort.id)
            .join(Cohort, Cohort.id == CohortMember.cohort_id)
            .join(Person, Person.id == CohortMember.person_id)
            .where(
                CohortMember.person_id.in_(wanted),
                Cohort.organisation_id == Person.organisation_id,
            )
        )
        by_address = (
            select(Person.id, Cohort.track, Cohort.starts_on, Cohort.id)
            .join(Cohort, Cohort.organisation_id == Person.organisation_id)
            .join(
                CohortMember,
                (CohortMember.cohort_id == Cohort.id)
                & CohortMember.person_id.is_(None)
                & (CohortMember.email == func.lower(Person.email)),
            )
            .where(Person.id.in_(wanted))
        )
        async with self._db.sessions() as session:
            rows: Result[int, str | None, date, int] = await session.execute(
                union_all(by_person, by_address)
            )
            latest: dict[int, tuple[date, int, str | None]] = {}
            for person_id, track, starts_on, cohort_id in rows:
                if person_id not in latest or (starts_on, cohort_id) > latest[person_id][:2]:
                    latest[person_id] = (starts_on, cohort_id, track)
        return {person_id: found[2] for person_id, found in latest.items()}

    async def awaited(
        self, organisation_id: int, person_ids: Sequence[int]
    ) -> list[tuple[int, str]]:
        """(person id, address) of these people of the organisation whose stored address names
        a member of its cohorts tied to no one: one SELECT, so a team's roster costs no write
        when none is awaited."""
        if not person_ids:
            return []
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(Person.id, func.lower(Person.email))
                .join(Cohort, Cohort.organisation_id == Person.organisation_id)
                .join(
                    CohortMember,
                    (CohortMember.cohort_id == Cohort.id)
                    & (func.lower(CohortMember.email) == func.lower(Person.email)),
                )
                .where(
                    Person.organisation_id == organisation_id,
                    Person.id.in_(list(person_ids)),
                    CohortMember.person_id.is_(None),
                )
                .distinct()
                .order_by(Person.id)
            )
            return [(person_id, email) for person_id, email in rows]

    async def bind(self, organisation_id: int, person_id: int, address: str) -> list[Bound]:
        """The address became known for the person: stored for them unless they had one, and
        this organisation's members named by it and tied to no one are tied to them."""
        now = self._db.now()
        address = address.strip().lower()
        async with self._db.transaction() as session:
            await session.execute(
                update(Person)
                .where(
                    Person.id == person_id,
                    Person.organisation_id == organisation_id,
                    (Person.email.is_(None)) | (Person.email == ""),
                )
                .values(email=address)
            )
            rows = (
                await session.execute(
                    select(CohortMember.id, Cohort.id, Cohort.start_at)
                    .join(Cohort, Cohort.id == CohortMember.cohort_id)
                    .where(
                        Cohort.organisation_id == organisation_id,
                        CohortMember.person_id.is_(None),
                        func.lower(CohortMember.email) == address,
                    )
                    .order_by(Cohort.start_at, Cohort.id)
                )
            ).all()
            if not rows:
                return []
            await session.execute(
                update(CohortMember)
                .where(
                    CohortMember.id.in_([row[0] for row in rows]),
                    CohortMember.person_id.is_(None),
                )
                .values(person_id=person_id, bound_at=now)
            )
        return [Bound(cohort_id, start_at, start_at <= now) for _, cohort_id, start_at in rows]
