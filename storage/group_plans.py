"""Planned learning groups of a cohort: who is in which, its coach, and its Teams channel.

A coordinator confirms a plan; each planned group is linked to the registered group (storage
.groups) when the app is added to a team whose name or members match it. A cohort member is in
at most one planned group (a unique key), and every lookup takes the organisation.

The channel, where the app may create it through Microsoft Graph, is recoverable work: the
state says what is done (`pending` -> `created` / `exists` / `forbidden` / `failed`), a claim
takes a lease with an attempt number, and a result is only written by the attempt that holds it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, String, UniqueConstraint, delete, func, select, update
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UtcDateTime, affected, clock_now
from storage.cohorts import Cohort, CohortMember
from storage.database import Database
from storage.groups import COACH
from storage.journey_models import LearningPlan
from storage.models import Membership, Person

NO_CHANNEL, PENDING, CREATED, EXISTS, FORBIDDEN, FAILED = (
    "none",
    "pending",
    "created",
    "exists",
    "forbidden",
    "failed",
)


class PlannedGroup(Base):
    __tablename__ = "planned_groups"
    __table_args__ = (UniqueConstraint("cohort_id", "number", name="uq_planned_groups_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))
    number: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    coach_email: Mapped[str | None] = mapped_column(String(320))
    # Who confirmed it: told how creating the channel went. Erasing them keeps the plan.
    planned_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    # Set when the app is added to the team that holds this group.
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="SET NULL"))
    channel_state: Mapped[str] = mapped_column(String(20), default=NO_CHANNEL)
    channel_id: Mapped[str | None] = mapped_column(String(200))
    channel_url: Mapped[str | None] = mapped_column(String(2000))
    channel_attempts: Mapped[int] = mapped_column(default=0)
    channel_lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)


class PlannedGroupMember(Base):
    __tablename__ = "planned_group_members"
    __table_args__ = (
        UniqueConstraint("cohort_member_id", name="uq_planned_group_members_cohort_member"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    planned_group_id: Mapped[int] = mapped_column(
        ForeignKey("planned_groups.id", ondelete="CASCADE")
    )
    cohort_member_id: Mapped[int] = mapped_column(
        ForeignKey("cohort_members.id", ondelete="CASCADE")
    )


@dataclass(frozen=True, slots=True)
class CohortPerson:
    """A member of the cohort as the proposal and the cards need them."""

    member_id: int  # cohort_members.id
    email: str
    person_id: int | None
    name: str | None
    given_name: str | None
    parts_of_day: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.name} ({self.email})" if self.name else self.email


@dataclass(frozen=True, slots=True)
class CohortRoster:
    id: int
    name: str
    members: tuple[CohortPerson, ...]


@dataclass(frozen=True, slots=True)
class NewPlannedGroup:
    number: int
    name: str
    member_ids: tuple[int, ...]
    coach_email: str | None
    channel_state: str = NO_CHANNEL


@dataclass(frozen=True, slots=True)
class PlannedView:
    id: int
    number: int
    name: str
    coach_email: str | None
    group_id: int | None
    channel_state: str
    channel_url: str | None
    emails: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ChannelClaim:
    id: int
    organisation_id: int
    name: str
    attempt: int
    planned_by: int | None


class GroupPlans:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def roster(self, organisation_id: int, cohort_id: int) -> CohortRoster | None:
        """The cohort of this organisation with its members (in pasted order); None elsewhere."""
        async with self._db.sessions() as session:
            cohort = await session.scalar(
                select(Cohort).where(
                    Cohort.id == cohort_id, Cohort.organisation_id == organisation_id
                )
            )
            if cohort is None:
                return None
            rows = await session.execute(
                select(
                    CohortMember.id,
                    CohortMember.email,
                    CohortMember.person_id,
                    Person.name,
                    Person.given_name,
                    LearningPlan.parts_of_day,
                )
                .outerjoin(Person, Person.id == CohortMember.person_id)
                .outerjoin(LearningPlan, LearningPlan.person_id == CohortMember.person_id)
                .where(CohortMember.cohort_id == cohort.id)
                .order_by(CohortMember.id)
            )
            members = tuple(
                CohortPerson(mid, email, pid, name or None, given, tuple(parts or ()))
                for mid, email, pid, name, given, parts in rows
            )
            return CohortRoster(cohort.id, cohort.name, members)

    async def replace(
        self,
        organisation_id: int,
        cohort_id: int,
        groups: Sequence[NewPlannedGroup],
        planned_by: int | None = None,
    ) -> list[int]:
        """The cohort's plan, replacing any earlier one; the new planned groups' ids."""
        async with self._db.transaction() as session:
            await session.execute(
                delete(PlannedGroup).where(
                    PlannedGroup.cohort_id == cohort_id,
                    PlannedGroup.organisation_id == organisation_id,
                )
            )
            await session.flush()
            ids = []
            for planned in groups:
                row = PlannedGroup(
                    organisation_id=organisation_id,
                    cohort_id=cohort_id,
                    number=planned.number,
                    name=planned.name,
                    coach_email=planned.coach_email,
                    planned_by=planned_by,
                    channel_state=planned.channel_state,
                    channel_attempts=0,
                    created_at=self._db.now(),
                )
                session.add(row)
                await session.flush()
                session.add_all(
                    PlannedGroupMember(planned_group_id=row.id, cohort_member_id=member)
                    for member in planned.member_ids
                )
                ids.append(row.id)
            return ids

    async def of_cohort(self, organisation_id: int, cohort_id: int) -> list[PlannedView]:
        async with self._db.sessions() as session:
            groups = (
                await session.scalars(
                    select(PlannedGroup)
                    .where(
                        PlannedGroup.organisation_id == organisation_id,
                        PlannedGroup.cohort_id == cohort_id,
                    )
                    .order_by(PlannedGroup.number)
                )
            ).all()
            rows = await session.execute(
                select(PlannedGroupMember.planned_group_id, CohortMember.email)
                .join(CohortMember, CohortMember.id == PlannedGroupMember.cohort_member_id)
                .where(PlannedGroupMember.planned_group_id.in_([g.id for g in groups]))
                .order_by(CohortMember.id)
            )
            emails: dict[int, list[str]] = {}
            for group_id, email in rows:
                emails.setdefault(group_id, []).append(email)
        return [
            PlannedView(
                g.id,
                g.number,
                g.name,
                g.coach_email,
                g.group_id,
                g.channel_state,
                g.channel_url,
                tuple(emails.get(g.id, ())),
            )
            for g in groups
        ]

    async def link(
        self, organisation_id: int, group_id: int, team_name: str, person_ids: Sequence[int]
    ) -> int | None:
        """Tie the registered group to the planned one whose name it has, else whose members
        (by address, at least two) are all in it; the planned group's id, None if none matches.
        The coach, if in the team, becomes the group's coach."""
        async with self._db.transaction() as session:
            open_plans = (
                await session.scalars(
                    select(PlannedGroup)
                    .where(
                        PlannedGroup.organisation_id == organisation_id,
                        PlannedGroup.group_id.is_(None),
                    )
                    .order_by(PlannedGroup.id)
                )
            ).all()
            wanted = " ".join(team_name.split()).casefold()
            chosen = next((p for p in open_plans if p.name.casefold() == wanted), None)
            if chosen is None and open_plans:
                # By members: everyone planned for the group is in the team (by address, as
                # the cohort knows them; the bot may have met them only now).
                present = set(
                    await session.scalars(
                        select(func.lower(Person.email)).where(
                            Person.organisation_id == organisation_id,
                            Person.id.in_(list(person_ids)),
                            Person.email.is_not(None),
                        )
                    )
                )
                members = await session.execute(
                    select(PlannedGroupMember.planned_group_id, CohortMember.email)
                    .join(CohortMember, CohortMember.id == PlannedGroupMember.cohort_member_id)
                    .where(PlannedGroupMember.planned_group_id.in_([p.id for p in open_plans]))
                )
                planned: dict[int, set[str]] = {}
                for planned_id, email in members:
                    planned.setdefault(planned_id, set()).add(email)
                chosen = next(
                    (
                        p
                        for p in open_plans
                        if len(planned.get(p.id, ())) >= 2 and planned[p.id] <= present
                    ),
                    None,
                )
            if chosen is None:
                return None
            chosen.group_id = group_id
            if chosen.coach_email is not None:
                coach = await session.scalar(
                    select(Person.id)
                    .where(
                        Person.organisation_id == organisation_id,
                        func.lower(Person.email) == chosen.coach_email,
                    )
                    .order_by(Person.id)
                    .limit(1)
                )
                if coach is not None:
                    await session.execute(
                        update(Membership)
                        .where(Membership.group_id == group_id, Membership.person_id == coach)
                        .values(role=COACH)
                    )
            return chosen.id

    # --- the channel job ----------------------------------------------------------------------

    async def claim_channels(self, lease: timedelta, limit: int = 10) -> list[ChannelClaim]:
        """Pending channels whose lease (if any) has run out, each now leased to this attempt."""
        now = self._db.now()
        claims = []
        async with self._db.transaction() as session:
            due = (
                await session.scalars(
                    select(PlannedGroup)
                    .where(
                        PlannedGroup.channel_state == PENDING,
                        (PlannedGroup.channel_lease_until.is_(None))
                        | (PlannedGroup.channel_lease_until <= now),
                    )
                    .order_by(PlannedGroup.id)
                    .limit(limit)
                )
            ).all()
            for row in due:
                result = await session.execute(
                    update(PlannedGroup)
                    .where(
                        PlannedGroup.id == row.id,
                        PlannedGroup.channel_attempts == row.channel_attempts,
                        PlannedGroup.channel_state == PENDING,
                    )
                    .values(
                        channel_attempts=row.channel_attempts + 1,
                        channel_lease_until=now + lease,
                    )
                    .execution_options(synchronize_session=False)
                )
                if affected(result) == 1:
                    claims.append(
                        ChannelClaim(
                            row.id,
                            row.organisation_id,
                            row.name,
                            row.channel_attempts + 1,
                            row.planned_by,
                        )
                    )
        return claims

    async def channel_done(
        self,
        claim: ChannelClaim,
        state: str,
        *,
        channel_id: str | None = None,
        url: str | None = None,
    ) -> bool:
        """Record the outcome; False when another attempt took the work over meanwhile."""
        async with self._db.transaction() as session:
            result = await session.execute(
                update(PlannedGroup)
                .where(
                    PlannedGroup.id == claim.id,
                    PlannedGroup.channel_attempts == claim.attempt,
                    PlannedGroup.channel_state == PENDING,
                )
                .values(
                    channel_state=state,
                    channel_id=channel_id,
                    channel_url=url,
                    channel_lease_until=None,
                )
            )
        return affected(result) == 1
