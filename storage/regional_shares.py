"""Regional shares: a text a leader chose to share with their regional cohort.

A share is a copy of one of the leader's own workbook texts, as they approved it on the preview,
with the attribution they chose ("Anna, Luleå" or only "Luleå"). It names the leader's
organisation (tenant) and person, so taking it back, erasing the person (any row with a
person_id goes, see storage.personal_data) or deleting the source text removes it everywhere.
Nothing is shared by default: a row exists only after the leader pressed "Dela".
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UtcDateTime, clock_now
from storage.database import Database
from storage.models import Person
from storage.regions import RegionalCohort
from storage.upsert import insert_for

MAX_SHOWN_AS = 300


class RegionalShare(Base):
    __tablename__ = "regional_shares"
    __table_args__ = (
        UniqueConstraint("regional_cohort_id", "entry_id", name="uq_regional_shares_entry"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    regional_cohort_id: Mapped[int] = mapped_column(
        ForeignKey("regional_cohorts.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    # The workbook text it is a copy of: deleting that text takes the share with it.
    entry_id: Mapped[int] = mapped_column(ForeignKey("workbook_entries.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    shown_as: Mapped[str] = mapped_column(String(MAX_SHOWN_AS))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)


@dataclass(frozen=True, slots=True)
class Share:
    id: int
    regional_cohort_id: int
    organisation_id: int
    person_id: int
    entry_id: int
    kind: str
    text: str
    shown_as: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class NewShare:
    regional_cohort_id: int
    organisation_id: int
    person_id: int
    entry_id: int
    kind: str
    text: str
    shown_as: str


def _share(row: RegionalShare) -> Share:
    return Share(
        row.id,
        row.regional_cohort_id,
        row.organisation_id,
        row.person_id,
        row.entry_id,
        row.kind,
        row.text,
        row.shown_as,
        row.created_at,
    )


class RegionalShares:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def add(self, new: NewShare) -> int:
        """Store the approved copy; sharing the same text again replaces the copy."""
        values = {
            "regional_cohort_id": new.regional_cohort_id,
            "organisation_id": new.organisation_id,
            "person_id": new.person_id,
            "entry_id": new.entry_id,
            "kind": new.kind,
            "text": new.text,
            "shown_as": new.shown_as,
            "created_at": self._db.now(),
        }
        async with self._db.transaction() as session:
            await session.execute(
                insert_for(session)(RegionalShare)
                .values(**values)
                .on_conflict_do_update(
                    index_elements=["regional_cohort_id", "entry_id"],
                    set_={k: values[k] for k in ("text", "shown_as", "created_at")},
                )
            )
            found = await session.scalar(
                select(RegionalShare.id).where(
                    RegionalShare.regional_cohort_id == new.regional_cohort_id,
                    RegionalShare.entry_id == new.entry_id,
                )
            )
            assert found is not None
            return found

    async def of_person(self, person_id: int) -> list[Share]:
        async with self._db.sessions() as session:
            rows = await session.scalars(
                select(RegionalShare)
                .where(RegionalShare.person_id == person_id)
                .order_by(RegionalShare.created_at.desc(), RegionalShare.id.desc())
            )
            return [_share(r) for r in rows]

    async def of_cohort(
        self, regional_cohort_id: int, organisations: Collection[int], *, limit: int = 50
    ) -> list[Share]:
        """The newest shares of the regional cohort from these (joined) organisations."""
        async with self._db.sessions() as session:
            rows = await session.scalars(
                select(RegionalShare)
                .where(
                    RegionalShare.regional_cohort_id == regional_cohort_id,
                    RegionalShare.organisation_id.in_(list(organisations)),
                )
                .order_by(RegionalShare.created_at.desc(), RegionalShare.id.desc())
                .limit(limit)
            )
            return [_share(r) for r in rows]

    async def withdraw(self, share_id: int, person_id: int) -> Share | None:
        """Delete the share if it is the person's own; the share as it was, or None."""
        async with self._db.transaction() as session:
            row = await session.scalar(
                select(RegionalShare).where(
                    RegionalShare.id == share_id, RegionalShare.person_id == person_id
                )
            )
            if row is None:
                return None
            found = _share(row)
            await session.delete(row)
            return found

    async def remove_organisation(self, region_id: int, organisation_id: int) -> int:
        """Delete the organisation's shares in every regional cohort of the region."""
        cohorts = select(RegionalCohort.id).where(RegionalCohort.region_id == region_id)
        async with self._db.transaction() as session:
            result = await session.execute(
                delete(RegionalShare).where(
                    RegionalShare.organisation_id == organisation_id,
                    RegionalShare.regional_cohort_id.in_(cohorts),
                )
            )
            return int(getattr(result, "rowcount", 0) or 0)

    async def first_name(self, person_id: int) -> str:
        async with self._db.sessions() as session:
            row = (
                await session.execute(
                    select(Person.given_name, Person.name).where(Person.id == person_id)
                )
            ).first()
        if row is None:
            return ""
        given, name = row
        return (given or "").strip() or next(iter((name or "").split()), "")
