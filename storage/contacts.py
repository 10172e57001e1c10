"""One-to-one contacts "på tu man hand": a leader's request to meet a leader of another
municipality, and the pairs the matching job proposes.

A request holds only what its leader typed to be shown (a one-line introduction, a role or
unit) and what it is about (a theme, or the leader's weakest maturity area). A pair is two
people, ordered by id, with each one's answer; the database refuses a second pair of the same
two people in either order (`uq_contact_pairs_people` on the ordered ids), so a pair is never
proposed again whatever the code above does. Both tables name people, so erasing a person
deletes their requests and pairs (storage.personal_data finds them by rule).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UtcDateTime, affected, clock_now
from storage.database import Database
from storage.models import Organisation, Person
from storage.regions import JOINED, RegionMember
from storage.upsert import insert_for

# A request's states
WAITING = "waiting"  # the matching job may pair it
PROPOSED = "proposed"  # in a pair waiting for answers
PAIRED = "paired"  # both said yes: done
WITHDRAWN = "withdrawn"  # taken back, "inga fler förslag", or left unanswered

# A pair's states
ASKED = "asked"
ACCEPTED = "accepted"
DECLINED = "declined"
EXPIRED = "expired"

# What a request is about
THEME = "theme"
AREA = "area"


class ContactRequest(Base):
    __tablename__ = "contact_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # THEME | AREA
    topic: Mapped[str] = mapped_column(String(60))  # the theme id, or the area id
    theme: Mapped[str] = mapped_column(String(60))  # the theme id (an area's suggested theme)
    # Text: free text, which erasure also looks for in the messages sent (personal_data).
    intro: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(200), default="")
    state: Mapped[str] = mapped_column(String(10), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)


class ContactPair(Base):
    """Two people proposed to each other; `low` is the smaller person id."""

    __tablename__ = "contact_pairs"
    __table_args__ = (
        UniqueConstraint("person_low_id", "person_high_id", name="uq_contact_pairs_people"),
        CheckConstraint("person_low_id < person_high_id", name="ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_low_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    person_high_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    request_low_id: Mapped[int] = mapped_column(
        ForeignKey("contact_requests.id", ondelete="CASCADE")
    )
    request_high_id: Mapped[int] = mapped_column(
        ForeignKey("contact_requests.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(10))  # what they share: THEME or AREA
    topic: Mapped[str] = mapped_column(String(60))
    state: Mapped[str] = mapped_column(String(10), index=True)
    answer_low: Mapped[bool | None] = mapped_column(Boolean)
    answer_high: Mapped[bool | None] = mapped_column(Boolean)
    proposed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


@dataclass(frozen=True, slots=True)
class Request:
    id: int
    organisation_id: int
    person_id: int
    kind: str
    topic: str
    theme: str
    intro: str
    role: str
    state: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class NewRequest:
    organisation_id: int
    person_id: int
    kind: str
    topic: str
    theme: str
    intro: str
    role: str


@dataclass(frozen=True, slots=True)
class Pair:
    id: int
    person_low_id: int
    person_high_id: int
    request_low_id: int
    request_high_id: int
    kind: str
    topic: str
    state: str
    answer_low: bool | None
    answer_high: bool | None
    expires_at: datetime

    def side(self, person_id: int) -> bool | None:
        """True: the person is `low`; False: `high`; None: not in this pair."""
        if person_id == self.person_low_id:
            return True
        if person_id == self.person_high_id:
            return False
        return None

    def other(self, person_id: int) -> int:
        return self.person_high_id if person_id == self.person_low_id else self.person_low_id


@dataclass(frozen=True, slots=True)
class Someone:
    """What a proposal or an introduction may say about a person."""

    person_id: int
    organisation_id: int
    tenant_id: str
    name: str
    given_name: str | None
    email: str | None
    teams_user_id: str
    municipality: str | None  # the organisation's stored name


def _request(row: ContactRequest) -> Request:
    return Request(
        row.id,
        row.organisation_id,
        row.person_id,
        row.kind,
        row.topic,
        row.theme,
        row.intro,
        row.role,
        row.state,
        row.created_at,
    )


def _pair(row: ContactPair) -> Pair:
    return Pair(
        row.id,
        row.person_low_id,
        row.person_high_id,
        row.request_low_id,
        row.request_high_id,
        row.kind,
        row.topic,
        row.state,
        row.answer_low,
        row.answer_high,
        row.expires_at,
    )


def ordered(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


class Contacts:
    def __init__(self, database: Database) -> None:
        self._db = database

    # --- requests -------------------------------------------------------------------------

    async def add_request(self, new: NewRequest) -> int:
        now = self._db.now()
        async with self._db.transaction() as session:
            row = ContactRequest(
                organisation_id=new.organisation_id,
                person_id=new.person_id,
                kind=new.kind,
                topic=new.topic,
                theme=new.theme,
                intro=new.intro,
                role=new.role,
                state=WAITING,
                created_at=now,
                updated_at=now,
            )
            session.add(row)
            await session.flush()
            return row.id

    async def open_request(self, person_id: int) -> Request | None:
        """The person's request waiting or proposed (at most one: the service sees to it)."""
        async with self._db.sessions() as session:
            row = await session.scalar(
                select(ContactRequest)
                .where(
                    ContactRequest.person_id == person_id,
                    ContactRequest.state.in_((WAITING, PROPOSED)),
                )
                .order_by(ContactRequest.id.desc())
                .limit(1)
            )
            return None if row is None else _request(row)

    async def request(self, request_id: int) -> Request | None:
        async with self._db.sessions() as session:
            row = await session.get(ContactRequest, request_id)
            return None if row is None else _request(row)

    async def waiting(self) -> list[Request]:
        """Every waiting request, oldest first."""
        async with self._db.sessions() as session:
            rows = await session.scalars(
                select(ContactRequest)
                .where(ContactRequest.state == WAITING)
                .order_by(ContactRequest.created_at, ContactRequest.id)
            )
            return [_request(r) for r in rows]

    async def move(self, request_id: int, from_states: Sequence[str], to: str) -> bool:
        """Change the request's state if it is in one of `from_states`; False if it was not (a
        second replica, or the leader, changed it first)."""
        async with self._db.transaction() as session:
            result = await session.execute(
                update(ContactRequest)
                .where(ContactRequest.id == request_id, ContactRequest.state.in_(from_states))
                .values(state=to, updated_at=self._db.now())
            )
            return affected(result) == 1

    # --- pairs ----------------------------------------------------------------------------

    async def add_pair(
        self, low: Request, high: Request, kind: str, topic: str, expires_at: datetime
    ) -> int | None:
        """Propose the two; None if these two people were ever proposed before (either order):
        the unique constraint decides, not a read before the write."""
        assert low.person_id < high.person_id
        async with self._db.transaction() as session:
            result = await session.execute(
                insert_for(session)(ContactPair)
                .values(
                    person_low_id=low.person_id,
                    person_high_id=high.person_id,
                    request_low_id=low.id,
                    request_high_id=high.id,
                    kind=kind,
                    topic=topic,
                    state=ASKED,
                    proposed_at=self._db.now(),
                    expires_at=expires_at,
                )
                .on_conflict_do_nothing()
                .returning(ContactPair.id)
            )
            return result.scalar()

    async def pair(self, pair_id: int) -> Pair | None:
        async with self._db.sessions() as session:
            row = await session.get(ContactPair, pair_id)
            return None if row is None else _pair(row)

    async def met_before(self, person_ids: Sequence[int]) -> set[tuple[int, int]]:
        """The (low, high) pairs ever proposed among these people."""
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(ContactPair.person_low_id, ContactPair.person_high_id).where(
                    ContactPair.person_low_id.in_(person_ids),
                    ContactPair.person_high_id.in_(person_ids),
                )
            )
            return {(low, high) for low, high in rows}

    async def asked_of(self, person_id: int) -> Pair | None:
        """The person's pair waiting for answers, if any."""
        async with self._db.sessions() as session:
            row = await session.scalar(
                select(ContactPair).where(
                    ContactPair.state == ASKED,
                    or_(
                        ContactPair.person_low_id == person_id,
                        ContactPair.person_high_id == person_id,
                    ),
                )
            )
            return None if row is None else _pair(row)

    async def answer(self, pair_id: int, low: bool, yes: bool) -> Pair | None:
        """Record one side's answer while the pair is asked; the pair as it is then (None: not
        asked any more)."""
        column = ContactPair.answer_low if low else ContactPair.answer_high
        async with self._db.transaction() as session:
            result = await session.execute(
                update(ContactPair)
                .where(ContactPair.id == pair_id, ContactPair.state == ASKED)
                .values({column: yes})
            )
            if affected(result) != 1:
                return None
            row = await session.get(ContactPair, pair_id, populate_existing=True)
            return None if row is None else _pair(row)

    async def decide(self, pair_id: int, state: str) -> bool:
        """Close an asked pair (accepted, declined, expired); False if it was closed already."""
        async with self._db.transaction() as session:
            result = await session.execute(
                update(ContactPair)
                .where(ContactPair.id == pair_id, ContactPair.state == ASKED)
                .values(state=state, decided_at=self._db.now())
            )
            return affected(result) == 1

    async def expired(self, now: datetime) -> list[Pair]:
        async with self._db.sessions() as session:
            rows = await session.scalars(
                select(ContactPair)
                .where(ContactPair.state == ASKED, ContactPair.expires_at <= now)
                .order_by(ContactPair.id)
            )
            return [_pair(r) for r in rows]

    async def release_orphans(self) -> int:
        """Requests still `proposed` whose pair is gone (the other person erased their data)
        wait again; how many."""
        asked = select(ContactPair.id).where(
            ContactPair.state == ASKED,
            or_(
                ContactPair.request_low_id == ContactRequest.id,
                ContactPair.request_high_id == ContactRequest.id,
            ),
        )
        async with self._db.transaction() as session:
            result = await session.execute(
                update(ContactRequest)
                .where(ContactRequest.state == PROPOSED, ~asked.exists())
                .values(state=WAITING, updated_at=self._db.now())
            )
            return affected(result)

    async def count_accepted(self, organisation_ids: Sequence[int]) -> int:
        """Pairs made whose two people both belong to these organisations."""
        low, high = Person.__table__.alias("low"), Person.__table__.alias("high")
        async with self._db.sessions() as session:
            found = await session.scalar(
                select(func.count())
                .select_from(ContactPair)
                .join(low, low.c.id == ContactPair.person_low_id)
                .join(high, high.c.id == ContactPair.person_high_id)
                .where(
                    ContactPair.state == ACCEPTED,
                    low.c.organisation_id.in_(organisation_ids),
                    high.c.organisation_id.in_(organisation_ids),
                )
            )
            return int(found or 0)

    # --- who ------------------------------------------------------------------------------

    async def people(self, person_ids: Sequence[int]) -> dict[int, Someone]:
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(Person, Organisation.tenant_id, Organisation.name)
                .join(Organisation, Organisation.id == Person.organisation_id)
                .where(Person.id.in_(person_ids))
            )
            return {
                p.id: Someone(
                    p.id,
                    p.organisation_id,
                    tenant,
                    p.name,
                    p.given_name,
                    p.email,
                    p.teams_user_id,
                    name,
                )
                for p, tenant, name in rows
            }

    async def joined_regions(self, organisation_ids: Sequence[int]) -> dict[int, frozenset[int]]:
        """Organisation -> the regions it has joined (accepted the invitation)."""
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(RegionMember.organisation_id, RegionMember.region_id).where(
                    RegionMember.organisation_id.in_(organisation_ids),
                    RegionMember.state == JOINED,
                )
            )
        found: dict[int, set[int]] = {}
        for organisation_id, region_id in rows:
            found.setdefault(organisation_id, set()).add(region_id)
        return {o: frozenset(r) for o, r in found.items()}

    async def joined_members(self, region_id: int) -> list[int]:
        async with self._db.sessions() as session:
            return list(
                await session.scalars(
                    select(RegionMember.organisation_id).where(
                        RegionMember.region_id == region_id, RegionMember.state == JOINED
                    )
                )
            )
