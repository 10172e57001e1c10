"""Installing the app for a cohort's unreachable leaders through Microsoft Graph, one row each.

A row is written with its cohort (state `pending`), so a restart loses nothing. A worker claims a
due row by moving its `due_at` forward (a lease) with `UPDATE ... WHERE due_at = <what it read>`,
so two replicas never install for the same leader at once; the outcome is written with the
attempt it belongs to. Installing twice is harmless anyway: Graph answers 409 ("hade redan
appen"). Every lookup is scoped by organisation or by the row's own cohort.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, String, func, select, update
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UtcDateTime, affected, clock_now
from storage.cohorts import Cohort, CohortMember
from storage.database import Database
from storage.models import Organisation

PENDING = "pending"
# Outcomes (final): as the coordinator reads them.
INSTALLED, ALREADY, FORBIDDEN, NOT_FOUND, FAILED = (
    "installed",
    "already",
    "forbidden",
    "not_found",
    "failed",
)


class CohortAppInstall(Base):
    __tablename__ = "cohort_app_installs"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Erasing the leader deletes their membership, and with it this row and its address.
    member_id: Mapped[int] = mapped_column(
        ForeignKey("cohort_members.id", ondelete="CASCADE"), unique=True
    )
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(20), default=PENDING)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    due_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)  # next try, or lease end
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)


@dataclass(frozen=True, slots=True)
class DueInstall:
    id: int
    cohort_id: int
    email: str
    tenant_id: str
    attempts: int  # including the one just claimed


@dataclass(frozen=True, slots=True)
class InstallReport:
    cohort_id: int
    name: str
    started_by: int | None
    organisation_id: int
    tenant_id: str
    results: list[tuple[str, str]]  # (address, state), in the cohort's order


class CohortInstalls:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def add(self, cohort_id: int, member_ids: Sequence[int]) -> None:
        """Pending installs for these members of the cohort (inside the cohort's unit)."""
        if not member_ids:
            return
        now = self._db.now()
        async with self._db.transaction() as session:
            session.add_all(
                CohortAppInstall(
                    member_id=member_id,
                    cohort_id=cohort_id,
                    state=PENDING,
                    due_at=now,
                    updated_at=now,
                )
                for member_id in member_ids
            )

    async def claim_due(self, limit: int, lease: timedelta) -> list[DueInstall]:
        """Due pending rows, each claimed for `lease` (one claimant per row)."""
        now = self._db.now()
        async with self._db.sessions() as session:
            rows = (
                await session.execute(
                    select(
                        CohortAppInstall.id,
                        CohortAppInstall.cohort_id,
                        CohortAppInstall.due_at,
                        CohortAppInstall.attempts,
                        CohortMember.email,
                        Organisation.tenant_id,
                    )
                    .join(CohortMember, CohortMember.id == CohortAppInstall.member_id)
                    .join(Cohort, Cohort.id == CohortAppInstall.cohort_id)
                    .join(Organisation, Organisation.id == Cohort.organisation_id)
                    .where(CohortAppInstall.state == PENDING, CohortAppInstall.due_at <= now)
                    .order_by(CohortAppInstall.due_at, CohortAppInstall.id)
                    .limit(limit)
                )
            ).all()
        claimed = []
        for row_id, cohort_id, due_at, attempts, email, tenant in rows:
            async with self._db.transaction() as session:
                result = await session.execute(
                    update(CohortAppInstall)
                    .where(
                        CohortAppInstall.id == row_id,
                        CohortAppInstall.state == PENDING,
                        CohortAppInstall.due_at == due_at,
                    )
                    .values(due_at=now + lease, attempts=attempts + 1, updated_at=now)
                )
            if affected(result) == 1:
                claimed.append(DueInstall(row_id, cohort_id, email, tenant, attempts + 1))
        return claimed

    async def settle(self, install_id: int, attempts: int, state: str) -> bool:
        """Write the outcome of attempt `attempts`; False if another attempt took the row."""
        async with self._db.transaction() as session:
            result = await session.execute(
                update(CohortAppInstall)
                .where(
                    CohortAppInstall.id == install_id,
                    CohortAppInstall.state == PENDING,
                    CohortAppInstall.attempts == attempts,
                )
                .values(state=state, updated_at=self._db.now())
            )
        return affected(result) == 1

    async def retry_at(self, install_id: int, attempts: int, at: datetime) -> None:
        async with self._db.transaction() as session:
            await session.execute(
                update(CohortAppInstall)
                .where(
                    CohortAppInstall.id == install_id,
                    CohortAppInstall.state == PENDING,
                    CohortAppInstall.attempts == attempts,
                )
                .values(due_at=at, updated_at=self._db.now())
            )

    async def report(self, cohort_id: int) -> InstallReport | None:
        """The cohort's outcomes once none is pending; None while some are."""
        async with self._db.sessions() as session:
            pending = await session.scalar(
                select(func.count(CohortAppInstall.id)).where(
                    CohortAppInstall.cohort_id == cohort_id, CohortAppInstall.state == PENDING
                )
            )
            if pending:
                return None
            cohort = (
                await session.execute(
                    select(
                        Cohort.name,
                        Cohort.started_by,
                        Cohort.organisation_id,
                        Organisation.tenant_id,
                    )
                    .join(Organisation, Organisation.id == Cohort.organisation_id)
                    .where(Cohort.id == cohort_id)
                )
            ).one_or_none()
            if cohort is None:
                return None
            results = (
                await session.execute(
                    select(CohortMember.email, CohortAppInstall.state)
                    .join(CohortMember, CohortMember.id == CohortAppInstall.member_id)
                    .where(CohortAppInstall.cohort_id == cohort_id)
                    .order_by(CohortMember.id)
                )
            ).all()
        name, started_by, organisation_id, tenant_id = cohort
        return InstallReport(
            cohort_id,
            name,
            started_by,
            organisation_id,
            tenant_id,
            [(email, state) for email, state in results],
        )
