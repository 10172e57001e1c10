"""Roles per municipality (samordnare, stöttepelare) and the store that names and finds them.

A role belongs to one organisation (tenant) and is named by e-mail address, because the first
coordinator is named from the command line before the bot has met them. Once the bot knows who
has that address in that organisation, the row is bound to the person (`person_id`). Everyone
without a row is a leader. Every lookup takes the organisation: nothing crosses tenants.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, UniqueConstraint, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UtcDateTime, affected, clock_now
from storage.database import Database
from storage.models import Person
from storage.upsert import insert_for


class RoleName(StrEnum):
    COORDINATOR = "coordinator"  # samordnare
    COACH = "coach"  # stöttepelare
    LEADER = "leader"  # everyone without a row


class Role(Base):
    """Someone's role in one organisation, named by e-mail; bound to the person once met."""

    __tablename__ = "roles"
    __table_args__ = (
        UniqueConstraint("organisation_id", "email", name="uq_roles_organisation_email"),
        UniqueConstraint("organisation_id", "person_id", name="uq_roles_organisation_person"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(320))  # lower case
    # Erasing the person ("radera mina data") deletes the row, and so their role.
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(20))  # coordinator | coach
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)


@dataclass(frozen=True, slots=True)
class RoleHolder:
    email: str
    role: RoleName
    person_id: int | None  # None until the bot has met them


class Roles:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def of_person(self, organisation_id: int, person_id: int) -> RoleName:
        async with self._db.sessions() as session:
            found = await session.scalar(
                select(Role.role).where(
                    Role.organisation_id == organisation_id, Role.person_id == person_id
                )
            )
        return RoleName(found) if found else RoleName.LEADER

    async def of_person_or_unbound(
        self, organisation_id: int, person_id: int
    ) -> tuple[RoleName, bool]:
        """The person's role, and whether anyone in the organisation is named by e-mail only:
        one statement, as `hjälp` asks on every help card."""
        unbound = (
            select(Role.id)
            .where(Role.organisation_id == organisation_id, Role.person_id.is_(None))
            .exists()
        )
        held = (
            select(Role.role)
            .where(Role.organisation_id == organisation_id, Role.person_id == person_id)
            .scalar_subquery()
        )
        async with self._db.sessions() as session:
            found, any_unbound = (await session.execute(select(held, unbound))).one()
        return (RoleName(found) if found else RoleName.LEADER), bool(any_unbound)

    async def bind(self, organisation_id: int, person_id: int, email: str) -> RoleName | None:
        """Bind the unbound role named by `email` to the person; their role, or None if there
        was none to bind (or they already hold one)."""
        async with self._db.transaction() as session:
            if await _held(session, organisation_id, person_id) is not None:
                return None
            row = await session.scalar(
                select(Role).where(
                    Role.organisation_id == organisation_id,
                    Role.email == email.lower(),
                    Role.person_id.is_(None),
                )
            )
            if row is None:
                return None
            row.person_id = person_id
            return RoleName(row.role)

    async def name(self, organisation_id: int, email: str, role: RoleName) -> bool:
        """Give `email` the role (replacing another one); False if they held it already. The
        row is bound at once to the person of this organisation the bot knows by that address."""
        if role is RoleName.LEADER:
            raise ValueError("a leader has no role row: remove the role instead")
        email = email.lower()
        async with self._db.transaction() as session:
            current = await session.scalar(
                select(Role).where(Role.organisation_id == organisation_id, Role.email == email)
            )
            if current is not None:
                changed = current.role != role
                current.role = role
                return changed
            person_id = await session.scalar(
                select(Person.id)
                .where(Person.organisation_id == organisation_id, func.lower(Person.email) == email)
                .order_by(Person.id)
                .limit(1)
            )
            if person_id is not None and await _held(session, organisation_id, person_id):
                person_id = None  # named under another address already: bind neither twice
            insert = insert_for(session)
            result = await session.execute(
                insert(Role)
                .values(
                    organisation_id=organisation_id,
                    email=email,
                    person_id=person_id,
                    role=role,
                    created_at=self._db.now(),
                )
                .on_conflict_do_nothing()
            )
            return affected(result) == 1

    async def remove(self, organisation_id: int, email: str) -> RoleName | None:
        """Take the role away from `email`; the role it had, None if it had none."""
        async with self._db.transaction() as session:
            row = await session.scalar(
                select(Role).where(
                    Role.organisation_id == organisation_id, Role.email == email.lower()
                )
            )
            if row is None:
                return None
            await session.execute(delete(Role).where(Role.id == row.id))
            return RoleName(row.role)

    async def holders(self, organisation_id: int) -> list[RoleHolder]:
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(Role.email, Role.role, Role.person_id)
                .where(Role.organisation_id == organisation_id)
                .order_by(Role.role.desc(), Role.email)  # coordinators first
            )
        return [RoleHolder(email, RoleName(role), person) for email, role, person in rows]


async def _held(session: AsyncSession, organisation_id: int, person_id: int) -> int | None:
    """The id of the role row bound to the person, if any."""
    return await session.scalar(
        select(Role.id).where(Role.organisation_id == organisation_id, Role.person_id == person_id)
    )
