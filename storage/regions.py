"""Regions: a programme owner's group of municipalities (tenants) learning together.

A programme owner is named by e-mail in their own organisation (from the command line) and acts
across tenants, but only for the regions they own. A municipality is invited to a region and
joins when one of its coordinators accepts; a regional cohort (name and dates) belongs to a
region, and each joined municipality chooses which of its own cohorts take part (or all its
leaders). Nothing here holds a name or a text of a leader: the region reads counts only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint, delete, func, select
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UtcDateTime, clock_now
from storage.cohorts import Cohort, CohortMember
from storage.database import Database
from storage.models import Organisation, Person
from storage.upsert import insert_for

INVITED = "invited"
JOINED = "joined"
DECLINED = "declined"
LEFT = "left"  # joined, then left: counted no more; may join again


class ProgrammeOwner(Base):
    """Someone who may own regions; named by e-mail in their own organisation."""

    __tablename__ = "programme_owners"
    __table_args__ = (
        UniqueConstraint("organisation_id", "email", name="uq_programme_owners_organisation_email"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(320))  # lower case
    # Erasing the person deletes the row, as it does a coordinator's role.
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)


class Region(Base):
    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # An owner who is removed (or erased) leaves the region to no one, its data untouched.
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("programme_owners.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)


class RegionMember(Base):
    """A municipality invited to a region: invited, joined or declined."""

    __tablename__ = "region_members"
    __table_args__ = (
        UniqueConstraint("region_id", "organisation_id", name="uq_region_members_organisation"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(10))
    invited_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class RegionalCohort(Base):
    __tablename__ = "regional_cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)


class RegionalCohortPart(Base):
    """What one municipality brings to a regional cohort: one of its cohorts, or (cohort_id
    None) all its leaders."""

    __tablename__ = "regional_cohort_parts"

    id: Mapped[int] = mapped_column(primary_key=True)
    regional_cohort_id: Mapped[int] = mapped_column(
        ForeignKey("regional_cohorts.id", ondelete="CASCADE")
    )
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))


@dataclass(frozen=True, slots=True)
class RegionSummary:
    id: int
    name: str
    invited: int
    joined: int


@dataclass(frozen=True, slots=True)
class Municipality:
    """A municipality of a region as the programme owner sees it: its name and whether it has
    joined; never anything about its people."""

    organisation_id: int
    name: str  # the organisation's stored name, else its tenant id (services.regions names it)
    state: str
    tenant_id: str = ""
    named: bool = True  # False: `name` is the tenant id


@dataclass(frozen=True, slots=True)
class RegionalCohortInfo:
    id: int
    region_id: int
    name: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True, slots=True)
class Membership:
    """A region as one invited municipality sees it."""

    region_id: int
    name: str
    state: str
    cohorts: tuple[RegionalCohortInfo, ...]
    # regional cohort id -> the municipality's cohort ids it brings (None in it: all leaders)
    chosen: dict[int, frozenset[int | None]]


class ProgrammeOwners:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def name(self, organisation_id: int, email: str) -> bool:
        """Name `email` programme owner in their organisation; False if they were already. Bound
        at once to the person of that organisation the bot knows by that address."""
        email = email.lower()
        async with self._db.transaction() as session:
            person_id = await session.scalar(
                select(Person.id)
                .where(Person.organisation_id == organisation_id, func.lower(Person.email) == email)
                .order_by(Person.id)
                .limit(1)
            )
            result = await session.execute(
                insert_for(session)(ProgrammeOwner)
                .values(
                    organisation_id=organisation_id,
                    email=email,
                    person_id=person_id,
                    created_at=self._db.now(),
                )
                .on_conflict_do_nothing()
                .returning(ProgrammeOwner.id)
            )
            return result.scalar() is not None

    async def of_person(self, organisation_id: int, person_id: int) -> tuple[int | None, bool]:
        """(the person's owner id, whether someone of the organisation is named but unbound)."""
        async with self._db.sessions() as session:
            rows = (
                await session.execute(
                    select(ProgrammeOwner.id, ProgrammeOwner.person_id).where(
                        ProgrammeOwner.organisation_id == organisation_id
                    )
                )
            ).all()
        mine = next((owner for owner, person in rows if person == person_id), None)
        return mine, any(person is None for _, person in rows)

    async def bind(self, organisation_id: int, person_id: int, email: str) -> int | None:
        async with self._db.transaction() as session:
            row = await session.scalar(
                select(ProgrammeOwner).where(
                    ProgrammeOwner.organisation_id == organisation_id,
                    ProgrammeOwner.email == email.lower(),
                    ProgrammeOwner.person_id.is_(None),
                )
            )
            if row is None:
                return None
            row.person_id = person_id
            return row.id

    async def shown_name(self, owner_id: int) -> str | None:
        """How a leader's preview names the owner: their name once met, else their address."""
        async with self._db.sessions() as session:
            row = (
                await session.execute(
                    select(Person.name, ProgrammeOwner.email)
                    .select_from(ProgrammeOwner)
                    .outerjoin(Person, Person.id == ProgrammeOwner.person_id)
                    .where(ProgrammeOwner.id == owner_id)
                )
            ).first()
        return None if row is None else (row[0] or "").strip() or row[1]

    async def all(self, organisation_id: int) -> list[tuple[str, bool]]:
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(ProgrammeOwner.email, ProgrammeOwner.person_id)
                .where(ProgrammeOwner.organisation_id == organisation_id)
                .order_by(ProgrammeOwner.email)
            )
            return [(email, person is not None) for email, person in rows]


class Regions:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def create(self, owner_id: int, name: str) -> int:
        async with self._db.transaction() as session:
            row = Region(name=name, owner_id=owner_id, created_at=self._db.now())
            session.add(row)
            await session.flush()
            return row.id

    async def owned(self, owner_id: int) -> list[RegionSummary]:
        async with self._db.sessions() as session:
            regions = (
                await session.execute(
                    select(Region.id, Region.name)
                    .where(Region.owner_id == owner_id)
                    .order_by(Region.name, Region.id)
                )
            ).all()
            states = await session.execute(
                select(RegionMember.region_id, RegionMember.state, func.count())
                .where(RegionMember.region_id.in_([r for r, _ in regions]))
                .group_by(RegionMember.region_id, RegionMember.state)
            )
            counted: dict[tuple[int, str], int] = {(r, s): n for r, s, n in states}
        return [
            RegionSummary(
                region_id,
                name,
                counted.get((region_id, INVITED), 0),
                counted.get((region_id, JOINED), 0),
            )
            for region_id, name in regions
        ]

    async def organisations(self, tenant_ids: Sequence[str]) -> dict[str, int]:
        """The organisation ids of those tenants the bot has met."""
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(Organisation.tenant_id, Organisation.id).where(
                    Organisation.tenant_id.in_(tenant_ids)
                )
            )
            return {tenant: organisation for tenant, organisation in rows}

    async def people_by_email(self, organisation_id: int, emails: Sequence[str]) -> dict[str, int]:
        """Of the organisation's people, those known by these addresses (lower case)."""
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(func.lower(Person.email), func.min(Person.id))
                .where(
                    Person.organisation_id == organisation_id,
                    func.lower(Person.email).in_([e.lower() for e in emails]),
                )
                .group_by(func.lower(Person.email))
            )
            return {email: person for email, person in rows}

    async def owner_of(self, region_id: int) -> int | None:
        async with self._db.sessions() as session:
            return await session.scalar(select(Region.owner_id).where(Region.id == region_id))

    async def name_of(self, region_id: int) -> str | None:
        async with self._db.sessions() as session:
            return await session.scalar(select(Region.name).where(Region.id == region_id))

    async def invite(self, region_id: int, organisation_id: int) -> bool:
        """Invite the municipality; False if it was invited (or had answered) before."""
        async with self._db.transaction() as session:
            result = await session.execute(
                insert_for(session)(RegionMember)
                .values(
                    region_id=region_id,
                    organisation_id=organisation_id,
                    state=INVITED,
                    invited_at=self._db.now(),
                )
                .on_conflict_do_nothing()
                .returning(RegionMember.id)
            )
            return result.scalar() is not None

    async def state(self, region_id: int, organisation_id: int) -> str | None:
        async with self._db.sessions() as session:
            return await session.scalar(
                select(RegionMember.state).where(
                    RegionMember.region_id == region_id,
                    RegionMember.organisation_id == organisation_id,
                )
            )

    async def states(self, region_id: int) -> dict[int, str]:
        """Every invited municipality's state in the region, in one statement."""
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(RegionMember.organisation_id, RegionMember.state).where(
                    RegionMember.region_id == region_id
                )
            )
            return {organisation_id: state for organisation_id, state in rows}

    async def answer(self, region_id: int, organisation_id: int, state: str) -> bool:
        """Record the municipality's answer; False unless it was invited and had not answered
        that way already."""
        async with self._db.transaction() as session:
            row = await session.scalar(
                select(RegionMember).where(
                    RegionMember.region_id == region_id,
                    RegionMember.organisation_id == organisation_id,
                )
            )
            if row is None or row.state == state or row.state == JOINED:
                return False
            row.state = state
            row.answered_at = self._db.now()
            return True

    async def leave(self, region_id: int, organisation_id: int) -> bool:
        """The joined municipality leaves; False unless it had joined."""
        async with self._db.transaction() as session:
            row = await session.scalar(
                select(RegionMember).where(
                    RegionMember.region_id == region_id,
                    RegionMember.organisation_id == organisation_id,
                )
            )
            if row is None or row.state != JOINED:
                return False
            row.state = LEFT
            row.answered_at = self._db.now()
            return True

    async def directory(self) -> list[tuple[int, str, str | None]]:
        """(organisation id, tenant id, stored name) of every municipality the bot has met: a
        few hundred rows at national scale, read to match names typed by a programme owner."""
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(Organisation.id, Organisation.tenant_id, Organisation.name).order_by(
                    Organisation.id
                )
            )
            return [(o, t, n) for o, t, n in rows]

    async def municipalities(self, region_id: int) -> list[Municipality]:
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(
                    Organisation.id, Organisation.name, Organisation.tenant_id, RegionMember.state
                )
                .join(RegionMember, RegionMember.organisation_id == Organisation.id)
                .where(RegionMember.region_id == region_id)
                .order_by(Organisation.name, Organisation.id)
            )
            return [
                Municipality(o, name or tenant, state, tenant, named=name is not None)
                for o, name, tenant, state in rows
            ]

    async def create_cohort(self, region_id: int, name: str, starts_on: date, ends_on: date) -> int:
        async with self._db.transaction() as session:
            row = RegionalCohort(
                region_id=region_id,
                name=name,
                starts_on=starts_on,
                ends_on=ends_on,
                created_at=self._db.now(),
            )
            session.add(row)
            await session.flush()
            return row.id

    async def cohort(self, regional_cohort_id: int) -> RegionalCohortInfo | None:
        async with self._db.sessions() as session:
            row = await session.get(RegionalCohort, regional_cohort_id)
            if row is None:
                return None
            return RegionalCohortInfo(row.id, row.region_id, row.name, row.starts_on, row.ends_on)

    async def cohorts_of(self, region_id: int) -> list[RegionalCohortInfo]:
        async with self._db.sessions() as session:
            rows = await session.scalars(
                select(RegionalCohort)
                .where(RegionalCohort.region_id == region_id)
                .order_by(RegionalCohort.starts_on, RegionalCohort.id)
            )
            return [
                RegionalCohortInfo(r.id, r.region_id, r.name, r.starts_on, r.ends_on) for r in rows
            ]

    async def own_cohorts(self, organisation_id: int, cohort_ids: Sequence[int]) -> set[int]:
        """Those of `cohort_ids` that are cohorts of the organisation."""
        async with self._db.sessions() as session:
            return set(
                await session.scalars(
                    select(Cohort.id).where(
                        Cohort.organisation_id == organisation_id, Cohort.id.in_(cohort_ids)
                    )
                )
            )

    async def set_parts(
        self, regional_cohort_id: int, organisation_id: int, cohort_ids: Sequence[int] | None
    ) -> None:
        """What the municipality brings: these cohorts, or (None) all its leaders. Replaces
        what it chose before; an empty list takes it out."""
        async with self._db.transaction() as session:
            await session.execute(
                delete(RegionalCohortPart).where(
                    RegionalCohortPart.regional_cohort_id == regional_cohort_id,
                    RegionalCohortPart.organisation_id == organisation_id,
                )
            )
            for cohort_id in [None] if cohort_ids is None else cohort_ids:
                session.add(
                    RegionalCohortPart(
                        regional_cohort_id=regional_cohort_id,
                        organisation_id=organisation_id,
                        cohort_id=cohort_id,
                    )
                )

    async def of_organisation(self, organisation_id: int) -> list[Membership]:
        """The regions the municipality is invited to, with their regional cohorts and what the
        municipality chose for each; nothing of the other municipalities."""
        async with self._db.sessions() as session:
            regions = (
                await session.execute(
                    select(Region.id, Region.name, RegionMember.state)
                    .join(RegionMember, RegionMember.region_id == Region.id)
                    .where(RegionMember.organisation_id == organisation_id)
                    .order_by(Region.name, Region.id)
                )
            ).all()
            cohorts = (
                await session.scalars(
                    select(RegionalCohort)
                    .where(RegionalCohort.region_id.in_([r for r, _, _ in regions]))
                    .order_by(RegionalCohort.starts_on, RegionalCohort.id)
                )
            ).all()
            parts = (
                await session.execute(
                    select(
                        RegionalCohortPart.regional_cohort_id, RegionalCohortPart.cohort_id
                    ).where(
                        RegionalCohortPart.organisation_id == organisation_id,
                        RegionalCohortPart.regional_cohort_id.in_([c.id for c in cohorts]),
                    )
                )
            ).all()
        chosen: dict[int, set[int | None]] = {}
        for regional_id, cohort_id in parts:
            chosen.setdefault(regional_id, set()).add(cohort_id)
        return [
            Membership(
                region_id,
                name,
                state,
                tuple(
                    RegionalCohortInfo(c.id, c.region_id, c.name, c.starts_on, c.ends_on)
                    for c in cohorts
                    if c.region_id == region_id
                ),
                {
                    c.id: frozenset(chosen[c.id])
                    for c in cohorts
                    if c.region_id == region_id and c.id in chosen
                },
            )
            for region_id, name, state in regions
        ]

    async def participants(self, regional_cohort_id: int) -> dict[int, frozenset[int] | None]:
        """Per municipality that has chosen: the person ids of its chosen cohorts' members, or
        None for all its leaders."""
        async with self._db.sessions() as session:
            parts = (
                await session.execute(
                    select(RegionalCohortPart.organisation_id, RegionalCohortPart.cohort_id).where(
                        RegionalCohortPart.regional_cohort_id == regional_cohort_id
                    )
                )
            ).all()
            chosen = [c for _, c in parts if c is not None]
            members = (
                await session.execute(
                    select(Cohort.organisation_id, CohortMember.person_id)
                    .join(Cohort, Cohort.id == CohortMember.cohort_id)
                    .where(CohortMember.cohort_id.in_(chosen), CohortMember.person_id.is_not(None))
                )
            ).all()
        result: dict[int, frozenset[int] | None] = {}
        for organisation_id, cohort_id in parts:
            if cohort_id is None:
                result[organisation_id] = None
            elif organisation_id not in result:
                result[organisation_id] = frozenset(
                    p for o, p in members if o == organisation_id and p is not None
                )
        return result
