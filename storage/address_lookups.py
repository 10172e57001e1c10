"""Asking Teams for the address of someone the bot knows only from the personal chat.

A person is due when their organisation has a cohort member named by an address tied to no one,
they have an active personal chat and no stored address, and they were not tried in the last
`again_after` (their row's `due_at`). A worker claims one by writing `due_at = now + lease` with
`UPDATE ... WHERE due_at = <what it read>` (or inserting the row), so two replicas never ask for
the same person at once, and a crash between asking and binding retries after the lease. Every
row carries its organisation; the candidates are found per organisation, never across.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, String, delete, exists, or_, select, update
from sqlalchemy.orm import Mapped, mapped_column

from chat.address import ConversationAddress
from storage.base import Base, UtcDateTime, affected
from storage.cohorts import Cohort, CohortMember
from storage.database import Database
from storage.models import ConversationRef, Organisation, Person
from storage.upsert import insert_for


class AddressLookup(Base):
    __tablename__ = "address_lookups"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    due_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)  # next try, or lease end
    tried_at: Mapped[datetime] = mapped_column(UtcDateTime)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(String(200))


@dataclass(frozen=True, slots=True)
class DueLookup:
    person_id: int
    organisation_id: int
    tenant_id: str
    teams_user_id: str
    chat: ConversationAddress  # their personal chat, as stored
    attempts: int  # including the one just claimed


class AddressLookups:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def claim_due(self, *, per_tenant: int, limit: int, lease: timedelta) -> list[DueLookup]:
        """Due people, at most `per_tenant` of one organisation and `limit` in all, each claimed
        for `lease` (one claimant per person)."""
        now = self._db.now()
        awaited = exists().where(
            CohortMember.cohort_id == Cohort.id,
            Cohort.organisation_id == Person.organisation_id,
            CohortMember.person_id.is_(None),
        )
        async with self._db.sessions() as session:
            rows = (
                await session.execute(
                    select(
                        Person.id,
                        Person.organisation_id,
                        Organisation.tenant_id,
                        Person.teams_user_id,
                        ConversationRef.reference,
                        AddressLookup.due_at,
                        AddressLookup.attempts,
                    )
                    .join(Organisation, Organisation.id == Person.organisation_id)
                    .join(
                        ConversationRef,
                        (ConversationRef.person_id == Person.id)
                        & (ConversationRef.organisation_id == Person.organisation_id)
                        & (ConversationRef.kind == "personal")
                        & ConversationRef.active.is_(True),
                    )
                    .outerjoin(AddressLookup, AddressLookup.person_id == Person.id)
                    .where(
                        or_(Person.email.is_(None), Person.email == ""),
                        or_(AddressLookup.due_at.is_(None), AddressLookup.due_at <= now),
                        awaited,
                    )
                    .order_by(AddressLookup.due_at.is_not(None), AddressLookup.due_at, Person.id)
                    .limit(limit * 4)
                )
            ).all()
        picked: list[tuple[int, int, str, str, str, datetime | None, int | None]] = []
        per: dict[int, int] = {}
        seen: set[int] = set()
        for row in rows:
            person_id, organisation_id = row[0], row[1]
            if person_id in seen or per.get(organisation_id, 0) >= per_tenant:
                continue  # a second chat of the same person, or the organisation's share is full
            seen.add(person_id)
            per[organisation_id] = per.get(organisation_id, 0) + 1
            picked.append(tuple(row))  # type: ignore[arg-type]
            if len(picked) >= limit:
                break
        claimed = []
        for person_id, organisation_id, tenant, teams_id, reference, due_at, attempts in picked:
            async with self._db.transaction() as session:
                if due_at is None:
                    result = await session.execute(
                        insert_for(session)(AddressLookup)
                        .values(
                            person_id=person_id,
                            organisation_id=organisation_id,
                            due_at=now + lease,
                            tried_at=now,
                            attempts=1,
                        )
                        .on_conflict_do_nothing(index_elements=[AddressLookup.person_id])
                    )
                else:
                    result = await session.execute(
                        update(AddressLookup)
                        .where(AddressLookup.person_id == person_id, AddressLookup.due_at == due_at)
                        .values(due_at=now + lease, tried_at=now, attempts=(attempts or 0) + 1)
                    )
            if affected(result) == 1:
                claimed.append(
                    DueLookup(
                        person_id,
                        organisation_id,
                        tenant,
                        teams_id,
                        ConversationAddress.from_json(reference),
                        (attempts or 0) + 1,
                    )
                )
        return claimed

    async def try_again_at(self, person_id: int, attempts: int, at: datetime, error: str) -> None:
        """The lookup found no address (or failed): the person is due again at `at`."""
        async with self._db.transaction() as session:
            await session.execute(
                update(AddressLookup)
                .where(AddressLookup.person_id == person_id, AddressLookup.attempts == attempts)
                .values(due_at=at, last_error=error[:200])
            )

    async def done(self, person_id: int) -> None:
        """Their address is stored: nothing more to ask (inside the binding's unit of work)."""
        async with self._db.transaction() as session:
            await session.execute(delete(AddressLookup).where(AddressLookup.person_id == person_id))
