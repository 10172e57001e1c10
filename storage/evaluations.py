"""Evaluations of a cohort: a mid-term and a final one, their dates, questions and answers.

Anonymity is in the tables' shape: `evaluation_responses` says who has answered and nothing of
what; `evaluation_answers` says what was answered and nothing of who (no person, no time, and a
random key instead of a counter, so the rows' order says nothing about who answered when). One
submission's answers are not even tied to each other. Every lookup a coordinator makes takes
the organisation: nothing crosses tenants.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    exists,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Mapped, mapped_column

from storage.base import Base, UtcDateTime, clock_now
from storage.cohorts import Cohort, CohortMember
from storage.database import Database
from storage.models import Person

MIDTERM, FINAL = "midterm", "final"
KINDS = (MIDTERM, FINAL)


class Evaluation(Base):
    __tablename__ = "evaluations"
    __table_args__ = (UniqueConstraint("cohort_id", "kind", name="uq_evaluations_cohort_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # midterm | final
    opens_on: Mapped[date] = mapped_column(Date)  # in the organisation's zone
    send_at: Mapped[datetime] = mapped_column(UtcDateTime)  # 08:00 that day, in UTC
    closes_at: Mapped[datetime] = mapped_column(UtcDateTime)  # answers accepted until
    remind_at: Mapped[datetime] = mapped_column(UtcDateTime)  # those who have not answered
    # The organisation's own questions as JSON {"scale": [...], "free": [...]}; None: the YAML's.
    questions: Mapped[str | None] = mapped_column(Text)
    questions_version: Mapped[int] = mapped_column(Integer, default=0)  # 0: the YAML's
    # Set in the unit of work that put the invitations (the reminders) in the outbox.
    dispatched_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)


class EvaluationResponse(Base):
    """Who has answered an evaluation: never what."""

    __tablename__ = "evaluation_responses"

    evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("evaluations.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )


class EvaluationAnswer(Base):
    """One answer to one question: never who gave it, nor when."""

    __tablename__ = "evaluation_answers"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # random
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"))
    question: Mapped[str] = mapped_column(String(10))  # "s1".. scale, "f1".. free text
    grade: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str | None] = mapped_column(Text)


@dataclass(frozen=True, slots=True)
class Questions:
    scale: tuple[str, ...]
    free: tuple[str, ...]

    def to_json(self) -> str:
        return json.dumps({"scale": list(self.scale), "free": list(self.free)}, ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str) -> Questions:
        data = json.loads(raw)
        return cls(tuple(data["scale"]), tuple(data["free"]))


@dataclass(frozen=True, slots=True)
class EvaluationView:
    id: int
    organisation_id: int
    cohort_id: int
    cohort_name: str
    kind: str
    opens_on: date
    send_at: datetime
    closes_at: datetime
    remind_at: datetime
    questions: Questions | None  # None: the YAML's
    questions_version: int
    dispatched: bool
    respondents: int


@dataclass(frozen=True, slots=True)
class Recipient:
    person_id: int
    given_name: str | None
    name: str | None


@dataclass(frozen=True, slots=True)
class Answer:
    question: str
    grade: int | None = None
    text: str | None = None


class Evaluations:
    def __init__(self, database: Database) -> None:
        self._db = database

    # --- the coordinator's ----------------------------------------------------------------------

    async def cohort_name(self, organisation_id: int, cohort_id: int) -> str | None:
        """The cohort's name if it is the organisation's; None for another's or none."""
        async with self._db.sessions() as session:
            return await session.scalar(
                select(Cohort.name).where(
                    Cohort.id == cohort_id, Cohort.organisation_id == organisation_id
                )
            )

    async def of_cohort(self, organisation_id: int, cohort_id: int) -> list[EvaluationView]:
        return await self._views(
            Evaluation.organisation_id == organisation_id, Evaluation.cohort_id == cohort_id
        )

    async def sent_out(self, organisation_id: int) -> list[EvaluationView]:
        """The organisation's evaluations that have been sent out, by date."""
        return await self._views(
            Evaluation.organisation_id == organisation_id, Evaluation.dispatched_at.is_not(None)
        )

    async def get(self, organisation_id: int, evaluation_id: int) -> EvaluationView | None:
        found = await self._views(
            Evaluation.organisation_id == organisation_id, Evaluation.id == evaluation_id
        )
        return found[0] if found else None

    async def schedule(
        self,
        organisation_id: int,
        cohort_id: int,
        kind: str,
        opens_on: date,
        send_at: datetime,
        closes_at: datetime,
        remind_at: datetime,
    ) -> bool:
        """Set (or move) the evaluation's date; False when it was sent already (left alone)."""
        now = self._db.now()
        async with self._db.transaction() as session:
            row = await session.scalar(
                select(Evaluation)
                .where(
                    Evaluation.organisation_id == organisation_id,
                    Evaluation.cohort_id == cohort_id,
                    Evaluation.kind == kind,
                )
                .with_for_update()
            )
            if row is None:
                session.add(
                    Evaluation(
                        organisation_id=organisation_id,
                        cohort_id=cohort_id,
                        kind=kind,
                        opens_on=opens_on,
                        send_at=send_at,
                        closes_at=closes_at,
                        remind_at=remind_at,
                        questions_version=0,
                        created_at=now,
                        updated_at=now,
                    )
                )
                return True
            if row.dispatched_at is not None:
                return False
            row.opens_on, row.send_at, row.closes_at, row.remind_at = (
                opens_on,
                send_at,
                closes_at,
                remind_at,
            )
            row.updated_at = now
            return True

    async def set_questions(
        self, organisation_id: int, evaluation_id: int, questions: Questions | None
    ) -> int | None:
        """Store the evaluation's questions (None: back to the YAML's) as a new version; None
        when someone has answered already (the questions are locked) or it is not theirs."""
        async with self._db.transaction() as session:
            answered = exists().where(EvaluationResponse.evaluation_id == Evaluation.id)
            result = await session.execute(
                update(Evaluation)
                .where(
                    Evaluation.id == evaluation_id,
                    Evaluation.organisation_id == organisation_id,
                    ~answered,
                )
                .values(
                    questions=questions.to_json() if questions is not None else None,
                    questions_version=Evaluation.questions_version + 1,
                    updated_at=self._db.now(),
                )
                .returning(Evaluation.questions_version)
            )
            return result.scalar()

    async def results(self, organisation_id: int, evaluation_id: int) -> list[Answer]:
        """Every answer given, in no particular order (random keys)."""
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(EvaluationAnswer.question, EvaluationAnswer.grade, EvaluationAnswer.text)
                .join(Evaluation, Evaluation.id == EvaluationAnswer.evaluation_id)
                .where(
                    Evaluation.id == evaluation_id, Evaluation.organisation_id == organisation_id
                )
                .order_by(EvaluationAnswer.id)
            )
        return [Answer(q, g, t) for q, g, t in rows]

    # --- the job's ------------------------------------------------------------------------------

    async def due(self, now: datetime) -> list[EvaluationView]:
        """Evaluations whose date has come, still open and not yet sent out."""
        return await self._views(
            Evaluation.send_at <= now,
            Evaluation.closes_at > now,
            Evaluation.dispatched_at.is_(None),
        )

    async def due_reminders(self, now: datetime) -> list[EvaluationView]:
        """Evaluations sent out whose reminder is due, still open and not yet reminded."""
        return await self._views(
            Evaluation.dispatched_at.is_not(None),
            Evaluation.remind_at <= now,
            Evaluation.closes_at > now,
            Evaluation.reminded_at.is_(None),
        )

    async def recipients(
        self, evaluation: EvaluationView, *, unanswered: bool = False
    ) -> list[Recipient]:
        """The cohort's members the bot has met in the cohort's organisation (by the person the
        member was tied to, or by address for someone met since); `unanswered`: only those who
        have not answered."""
        conditions = [Person.organisation_id == evaluation.organisation_id, _member(evaluation)]
        if unanswered:
            conditions.append(
                ~exists().where(
                    EvaluationResponse.evaluation_id == evaluation.id,
                    EvaluationResponse.person_id == Person.id,
                )
            )
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(Person.id, Person.given_name, Person.name)
                .where(*conditions)
                .order_by(Person.id)
            )
        return [Recipient(*row) for row in rows]

    async def mark_dispatched(self, evaluation_id: int) -> bool:
        """Claim the sending out; False if another replica did it first."""
        return await self._mark(evaluation_id, Evaluation.dispatched_at)

    async def mark_reminded(self, evaluation_id: int) -> bool:
        """Claim the reminder; False if another replica did it first."""
        return await self._mark(evaluation_id, Evaluation.reminded_at)

    async def _mark(self, evaluation_id: int, column: InstrumentedAttribute[Any]) -> bool:
        async with self._db.writing() as connection:
            result = await connection.execute(
                update(Evaluation)
                .where(Evaluation.id == evaluation_id, column.is_(None))
                .values({column: self._db.now()})
            )
        return bool(result.rowcount == 1)

    # --- the leader's ---------------------------------------------------------------------------

    async def for_member(
        self, organisation_id: int, person_id: int, evaluation_id: int
    ) -> EvaluationView | None:
        """The evaluation if the person is in its cohort, in their own organisation."""
        found = await self.open_for(organisation_id, person_id, evaluation_id=evaluation_id)
        return found[0] if found else None

    async def open_for(
        self,
        organisation_id: int,
        person_id: int,
        *,
        now: datetime | None = None,
        evaluation_id: int | None = None,
    ) -> list[EvaluationView]:
        """Evaluations of the person's cohorts (sent and not closed at `now`, if given)."""
        async with self._db.sessions() as session:
            person = (
                await session.execute(
                    select(Person.organisation_id, func.lower(Person.email)).where(
                        Person.id == person_id
                    )
                )
            ).first()
        if person is None or person[0] != organisation_id:
            return []
        email = person[1]
        in_cohort = exists().where(
            CohortMember.cohort_id == Evaluation.cohort_id,
            or_(
                CohortMember.person_id == person_id,
                *([CohortMember.email == email] if email else []),
            ),
        )
        conditions = [Evaluation.organisation_id == organisation_id, in_cohort]
        if evaluation_id is not None:
            conditions.append(Evaluation.id == evaluation_id)
        if now is not None:
            conditions += [Evaluation.send_at <= now, Evaluation.closes_at > now]
        return await self._views(*conditions)

    async def has_answered(self, evaluation_id: int, person_id: int) -> bool:
        async with self._db.sessions() as session:
            found = await session.scalar(
                select(EvaluationResponse.person_id).where(
                    EvaluationResponse.evaluation_id == evaluation_id,
                    EvaluationResponse.person_id == person_id,
                )
            )
        return found is not None

    async def answer(self, evaluation_id: int, person_id: int, answers: Sequence[Answer]) -> bool:
        """Record that the person answered and, apart, what; False if they had already (then
        nothing is stored)."""
        try:
            async with self._db.transaction() as session:
                session.add(EvaluationResponse(evaluation_id=evaluation_id, person_id=person_id))
                await session.flush()
                session.add_all(
                    EvaluationAnswer(
                        id=secrets.token_hex(16),
                        evaluation_id=evaluation_id,
                        question=answer.question,
                        grade=answer.grade,
                        text=answer.text,
                    )
                    for answer in answers
                )
        except IntegrityError:
            return False
        return True

    # --- shared ---------------------------------------------------------------------------------

    async def _views(self, *conditions: ColumnElement[bool]) -> list[EvaluationView]:
        respondents = (
            select(func.count())
            .where(EvaluationResponse.evaluation_id == Evaluation.id)
            .correlate(Evaluation)
            .scalar_subquery()
        )
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(Evaluation, Cohort.name, respondents)
                .join(Cohort, Cohort.id == Evaluation.cohort_id)
                .where(*conditions)
                .order_by(Evaluation.send_at, Evaluation.id)
            )
            return [
                EvaluationView(
                    e.id,
                    e.organisation_id,
                    e.cohort_id,
                    name,
                    e.kind,
                    e.opens_on,
                    e.send_at,
                    e.closes_at,
                    e.remind_at,
                    Questions.from_json(e.questions) if e.questions else None,
                    e.questions_version,
                    e.dispatched_at is not None,
                    count,
                )
                for e, name, count in rows
            ]


def _member(evaluation: EvaluationView) -> ColumnElement[bool]:
    tied = select(CohortMember.person_id).where(
        CohortMember.cohort_id == evaluation.cohort_id, CohortMember.person_id.is_not(None)
    )
    by_address = select(CohortMember.email).where(CohortMember.cohort_id == evaluation.cohort_id)
    return or_(Person.id.in_(tied), func.lower(Person.email).in_(by_address))
