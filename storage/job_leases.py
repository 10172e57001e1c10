"""Leases for scheduler jobs that must not run on two replicas at once.

A job takes its lease by name until a time; another replica's tick finds it held and skips.
A process that dies holding it only delays the job until the lease runs out. The work under a
lease must still be idempotent (a tick that outlives its lease may overlap the next holder),
so the lease saves doubled work, it does not replace the state checks.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import String, delete, update
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UtcDateTime, affected
from storage.database import Database
from storage.upsert import insert_for


class JobLease(Base):
    __tablename__ = "job_leases"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    holder: Mapped[str] = mapped_column(String(40))
    until: Mapped[datetime] = mapped_column(UtcDateTime)


class JobLeases:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def take(self, name: str, lease: timedelta) -> str | None:
        """A holder token while the lease is ours until now + lease; None: someone holds it."""
        now, holder = self._db.now(), uuid.uuid4().hex
        async with self._db.transaction() as session:
            taken = await session.execute(
                insert_for(session)(JobLease)
                .values(name=name, holder=holder, until=now + lease)
                .on_conflict_do_nothing()
            )
            if affected(taken) == 1:
                return holder
            result = await session.execute(
                update(JobLease)
                .where(JobLease.name == name, JobLease.until <= now)
                .values(holder=holder, until=now + lease)
            )
            return holder if affected(result) == 1 else None

    async def release(self, name: str, holder: str) -> None:
        async with self._db.transaction() as session:
            await session.execute(
                delete(JobLease).where(JobLease.name == name, JobLease.holder == holder)
            )
