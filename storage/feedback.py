"""Improvement suggestions to the programme ("återkoppling"), per municipality.

An anonymous suggestion has no person. So that a coordinator's answer can still reach its
sender, the bot keeps a relay pointer (`feedback_relays`: suggestion -> person) that no
coordinator ever reads: an answer goes through it, the coordinator never learns to whom. The
pointer is the sender's (it has a `person_id`), so erasing them ("radera mina data") deletes it
and the suggestion stays, unanswerable. A signed suggestion is its sender's, so erasing them
deletes it.

An answer is recorded in `feedback_answers` (when, and by which coordinator: cleared if they
erase their data); the weekly digest per organisation and week in `feedback_digests`, whose
unique key makes it once however many replicas tick.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UtcDateTime, clock_now
from storage.database import Database
from storage.models import Organisation, Person
from storage.upsert import insert_for
from storage.workbook import bounded


class Suggestion(Base):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)


Index("ix_feedback_organisation_created", Suggestion.organisation_id, Suggestion.created_at)
# The digest job's questions each tick: who wrote lately, and whose digest of a week is there.
Index("ix_feedback_created", Suggestion.created_at)


class FeedbackRelay(Base):
    """Who sent an anonymous suggestion, for the bot only: answers are relayed through it."""

    __tablename__ = "feedback_relays"

    feedback_id: Mapped[int] = mapped_column(
        ForeignKey("feedback.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))


class FeedbackAnswer(Base):
    """A suggestion was answered (once); the answer itself went to the sender's chat."""

    __tablename__ = "feedback_answers"

    feedback_id: Mapped[int] = mapped_column(
        ForeignKey("feedback.id", ondelete="CASCADE"), primary_key=True
    )
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)


class FeedbackDigest(Base):
    """The weekly digest of one organisation: covers suggestions written before `until`."""

    __tablename__ = "feedback_digests"
    __table_args__ = (UniqueConstraint("organisation_id", "week", name="uq_feedback_digests_week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    week: Mapped[str] = mapped_column(String(10))  # ISO week in the organisation's zone: 2026-W50
    until: Mapped[datetime] = mapped_column(UtcDateTime)  # that Monday 08:00, in UTC
    suggestions: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)


Index("ix_feedback_digests_week", FeedbackDigest.week)


@dataclass(frozen=True, slots=True)
class SuggestionView:
    text: str
    sender: str | None  # None: anonymous
    created_at: datetime
    id: int = 0
    answered: bool = False


@dataclass(frozen=True, slots=True)
class Recipient:
    """Where an answer goes: never shown to the coordinator when the suggestion is anonymous."""

    person_id: int | None  # None: erased, or anonymous without a relay
    text: str
    anonymous: bool
    answered: bool


class Feedback:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def add(
        self, organisation_id: int, person_id: int, text: str, *, anonymous: bool
    ) -> None:
        """A signed suggestion is the person's; an anonymous one has only a relay pointer."""
        bounded(text)
        async with self._db.transaction() as session:
            row = Suggestion(
                organisation_id=organisation_id,
                person_id=None if anonymous else person_id,
                text=text,
                created_at=self._db.now(),
            )
            session.add(row)
            if anonymous:
                await session.flush()
                session.add(FeedbackRelay(feedback_id=row.id, person_id=person_id))

    async def latest(self, organisation_id: int, limit: int) -> list[SuggestionView]:
        return await self._views(organisation_id, limit=limit)

    async def between(
        self, organisation_id: int, since: datetime | None, until: datetime
    ) -> list[SuggestionView]:
        """Suggestions written from `since` (all before, when None) until `until`, oldest first."""
        return await self._views(organisation_id, since=since, until=until)

    async def _views(
        self,
        organisation_id: int,
        *,
        limit: int | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[SuggestionView]:
        query = (
            select(
                Suggestion.text,
                Person.name,
                Suggestion.created_at,
                Suggestion.id,
                FeedbackAnswer.feedback_id,
            )
            .outerjoin(Person, Person.id == Suggestion.person_id)
            .outerjoin(FeedbackAnswer, FeedbackAnswer.feedback_id == Suggestion.id)
            .where(Suggestion.organisation_id == organisation_id)
        )
        if since is not None:
            query = query.where(Suggestion.created_at >= since)
        if until is not None:
            query = query.where(Suggestion.created_at < until)
        if limit is not None:
            query = query.order_by(Suggestion.created_at.desc(), Suggestion.id.desc()).limit(limit)
        else:
            query = query.order_by(Suggestion.created_at, Suggestion.id)
        async with self._db.sessions() as session:
            rows = await session.execute(query)
        return [
            SuggestionView(text, name or None, at, id_, answered is not None)
            for text, name, at, id_, answered in rows
        ]

    # --- answers --------------------------------------------------------------------------

    async def recipient(self, organisation_id: int, suggestion_id: int) -> Recipient | None:
        """The suggestion of this organisation and whom an answer reaches; None: no such one."""
        async with self._db.sessions() as session:
            row = (
                await session.execute(
                    select(
                        Suggestion.person_id,
                        FeedbackRelay.person_id,
                        Suggestion.text,
                        FeedbackAnswer.feedback_id,
                    )
                    .outerjoin(FeedbackRelay, FeedbackRelay.feedback_id == Suggestion.id)
                    .outerjoin(FeedbackAnswer, FeedbackAnswer.feedback_id == Suggestion.id)
                    .where(
                        Suggestion.id == suggestion_id,
                        Suggestion.organisation_id == organisation_id,
                    )
                )
            ).first()
        if row is None:
            return None
        signed, relayed, text, answered = row
        return Recipient(signed or relayed, text, signed is None, answered is not None)

    async def mark_answered(self, suggestion_id: int, answered_by: int) -> bool:
        """Record the answer; False when it was answered already (a second click)."""
        async with self._db.transaction() as session:
            insert = insert_for(session)
            created = await session.execute(
                insert(FeedbackAnswer)
                .values(
                    feedback_id=suggestion_id,
                    answered_by=answered_by,
                    answered_at=self._db.now(),
                )
                .on_conflict_do_nothing(index_elements=[FeedbackAnswer.feedback_id])
                .returning(FeedbackAnswer.feedback_id)
            )
            return created.scalar() is not None

    # --- the weekly digest ----------------------------------------------------------------

    async def organisations_with_suggestions(self, since: datetime) -> list[tuple[int, str]]:
        """(organisation id, tenant id) of every organisation with a suggestion written since
        `since`: by index on the time, not every suggestion ever written."""
        recent = select(Suggestion.organisation_id).where(Suggestion.created_at >= since)
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(Organisation.id, Organisation.tenant_id)
                .where(Organisation.id.in_(recent))
                .order_by(Organisation.id)
            )
        return [(id_, tenant) for id_, tenant in rows]

    async def has_digest(self, organisation_id: int, week: str) -> bool:
        async with self._db.sessions() as session:
            found = await session.scalar(
                select(FeedbackDigest.id).where(
                    FeedbackDigest.organisation_id == organisation_id, FeedbackDigest.week == week
                )
            )
        return found is not None

    async def digested(self, wanted: Iterable[tuple[int, str]]) -> set[tuple[int, str]]:
        """Which of these (organisation id, week) digests exist: the scheduler's question for
        every municipality at once, through the (organisation, week) unique index."""
        pairs = set(wanted)
        if not pairs:
            return set()
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(FeedbackDigest.organisation_id, FeedbackDigest.week).where(
                    FeedbackDigest.organisation_id.in_({o for o, _ in pairs}),
                    FeedbackDigest.week.in_({w for _, w in pairs}),
                )
            )
        return {(o, w) for o, w in rows} & pairs

    async def claim_digest(self, organisation_id: int, week: str, until: datetime) -> bool:
        """Claim the organisation's digest of `week`; False when it was claimed already."""
        async with self._db.transaction() as session:
            insert = insert_for(session)
            created = await session.execute(
                insert(FeedbackDigest)
                .values(
                    organisation_id=organisation_id,
                    week=week,
                    until=until,
                    suggestions=0,
                    created_at=self._db.now(),
                )
                .on_conflict_do_nothing(
                    index_elements=[FeedbackDigest.organisation_id, FeedbackDigest.week]
                )
                .returning(FeedbackDigest.id)
            )
            return created.scalar() is not None

    async def previous_until(self, organisation_id: int, week: str) -> datetime | None:
        """Where the last digest before `week` that delivered suggestions stopped; None: there
        was none (a digest that reached no coordinator leaves its suggestions to the next)."""
        async with self._db.sessions() as session:
            return await session.scalar(
                select(func.max(FeedbackDigest.until)).where(
                    FeedbackDigest.organisation_id == organisation_id,
                    FeedbackDigest.week != week,
                    FeedbackDigest.suggestions > 0,
                )
            )

    async def record_digest(self, organisation_id: int, week: str, suggestions: int) -> None:
        async with self._db.transaction() as session:
            row = await session.scalar(
                select(FeedbackDigest).where(
                    FeedbackDigest.organisation_id == organisation_id, FeedbackDigest.week == week
                )
            )
            if row is not None:
                row.suggestions = suggestions
