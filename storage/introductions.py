"""What members told their Innovationsteam about themselves, one introduction per group."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.database import Database
from storage.models import Membership
from storage.team_models import Introduction
from storage.upsert import insert_for
from storage.workbook import bounded


class Introductions:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def save(self, group_id: int, person_id: int, who: str, leads: str, goal: str) -> None:
        """Writing again replaces the member's introduction in this group."""
        texts: dict[str, object] = {"who": bounded(who), "leads": bounded(leads)}
        texts |= {"goal": bounded(goal), "updated_at": self._db.now()}
        async with self._db.transaction() as session:
            insert = insert_for(session)
            await session.execute(
                insert(Introduction)
                .values(group_id=group_id, person_id=person_id, created_at=self._db.now(), **texts)
                .on_conflict_do_update(
                    index_elements=[Introduction.group_id, Introduction.person_id], set_=texts
                )
            )

    async def of(self, group_id: int, person_id: int) -> Introduction | None:
        async with self._db.sessions() as session:
            return await session.get(Introduction, (group_id, person_id))

    async def missing(self, group_id: int) -> int:
        """How many active members of the group have not introduced themselves yet."""
        async with self._db.sessions() as session:
            result = await session.execute(
                select(func.count())
                .select_from(Membership)
                .outerjoin(
                    Introduction,
                    (Introduction.group_id == Membership.group_id)
                    & (Introduction.person_id == Membership.person_id),
                )
                .where(
                    Membership.group_id == group_id,
                    Membership.state == "active",
                    Introduction.person_id.is_(None),
                )
            )
            return result.scalar_one()  # COUNT(*) is always one row

    async def count(self, group_id: int) -> int:
        async with self._db.sessions() as session:
            result = await session.execute(
                select(func.count())
                .select_from(Introduction)
                .join(
                    Membership,
                    (Introduction.group_id == Membership.group_id)
                    & (Introduction.person_id == Membership.person_id),
                )
                .where(Introduction.group_id == group_id, Membership.state == "active")
            )
            return result.scalar_one()  # COUNT(*) is always one row
